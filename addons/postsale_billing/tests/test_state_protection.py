# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import users

from .test_contract_billing import ContractCommon

# Every tier that may edit activities, orders or renewals, and the admin.
TIERS = (
    "ps_helpdesk",
    "ps_salesman",
    "ps_config",
    "ps_accountant",
    "ps_contract_manager",
    "admin",
)


class TestBillingStateProtection(ContractCommon):
    """What was billed, by which order line, and where a renewal stands are
    written by the billing only: a user's own write or create is refused at
    every tier, and the billing itself still works."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket()
        cls.billed = cls._create_activity(cls.ticket, summary="Billed work")
        cls.billable = cls._create_activity(cls.ticket, summary="Billable work")
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_default.id,
                            "postsale_activity_id": cls.billed.id,
                        }
                    )
                ],
            }
        )
        cls.contract = cls._create_contract()
        cls.renewal = cls.contract.contract_line_ids.renew().renewal_ids

    def _state(self):
        self.env.invalidate_all()
        return (
            (self.billed | self.billable)
            .sudo()
            .with_context(active_test=False)
            .read(["billing_state", "sale_line_id", "done_by_user_id"]),
            self.order.order_line.sudo().read(["postsale_activity_id"]),
            self.renewal.sudo().read(["state", "sale_order_id"]),
        )

    @users(*TIERS)
    def test_billing_state_not_written_by_hand(self):
        before = self._state()
        activities = self.env["mail.activity"].with_context(active_test=False)
        billed = activities.browse(self.billed.id)
        billable = activities.browse(self.billable.id)
        line = self.env["sale.order.line"].browse(self.order.order_line.id)
        renewal = self.env["contract.renewal"].browse(self.renewal.id)
        for record, vals in (
            (billable, {"billing_state": "billed"}),
            (billable, {"billing_state": "not_billable"}),
            (billed, {"billing_state": "billable"}),
            (billed, {"sale_line_id": False}),
            (billable, {"sale_line_id": line.id}),
            (billable, {"done_by_user_id": self.env.user.id}),
            (line, {"postsale_activity_id": billable.id}),
            (line, {"postsale_activity_id": False}),
            (renewal, {"state": "ordered"}),
        ):
            with self.subTest(model=record._name, vals=vals):
                with self.assertRaises(AccessError):
                    record.write(vals)
        with self.subTest("an order line claiming an activity"):
            with self.assertRaises(AccessError):
                self.env["sale.order.line"].create(
                    {
                        "order_id": self.order.id,
                        "product_id": self.product_default.id,
                        "postsale_activity_id": self.billable.id,
                    }
                )
        self.assertEqual(self._state(), before)

    def test_billing_still_writes_them(self):
        """The flows that set these fields, as the users who run them."""
        ticket = self._create_ticket(name="Billed by the flow")
        activity = self._create_activity(
            ticket, summary="Flow work", user=self.user_helpdesk
        )
        self.assertEqual(activity.done_by_user_id, self.user_helpdesk)
        ticket.with_user(self.user_salesman).action_create_order()
        self.assertEqual(activity.billing_state, "billed")
        self.assertEqual(activity.sale_line_id.order_id, ticket.postsale_order_ids)
        self.renewal.with_user(self.user_contract_salesman).action_create_sale_order()
        self.assertEqual(self.renewal.state, "ordered")
