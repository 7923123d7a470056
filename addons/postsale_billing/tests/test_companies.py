# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .test_contract_billing import ContractCommon


class TestBillingCompanies(ContractCommon):
    """The billing buttons act only in the user's allowed companies: a user
    of company A on company B's ticket, contract or renewal makes no order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Billing B Ltd"})
        cls.user_a = new_test_user(
            cls.env,
            login="ps_user_a",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user,"
            "account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.b_customer = cls.env["res.partner"].create(
            {"name": "Billing B Customer", "company_id": cls.company_b.id}
        )
        cls.b_ticket = cls._create_ticket(
            partner=cls.b_customer, company_id=cls.company_b.id
        )
        cls._create_activity(cls.b_ticket)
        cls.b_contract = cls._create_contract(
            partner=cls.b_customer, company_id=cls.company_b.id
        )
        cls.b_renewal = cls.b_contract.contract_line_ids.renew().renewal_ids

    def _orders(self):
        return self.env["sale.order"].search_count(
            [("partner_id", "=", self.b_customer.id)]
        )

    def test_buttons_refused_on_another_company(self):
        before = self._orders()
        for action in (
            lambda: self.b_ticket.with_user(self.user_a).action_create_order(),
            lambda: self.b_contract.with_user(self.user_a).action_create_sale_order(),
            lambda: self.b_renewal.with_user(self.user_a).action_create_sale_order(),
        ):
            with self.subTest(action=action), self.assertRaises(AccessError):
                action()
        self.assertEqual(self._orders(), before)
        self.assertFalse(self.b_contract.sale_order_id)
        self.assertFalse(self.b_renewal.sale_order_id)

    def test_batch_skips_another_company(self):
        tickets = self.b_ticket | self._create_ticket(name="Company A work")
        self._create_activity(tickets[1])
        action = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_a)
            .browse(tickets.ids)
            .action_invoice_activities()
        )
        result = self.env["postsale.billing.result"].browse(action["res_id"])
        self.assertEqual(self._orders(), 0)
        self.assertEqual(len(result.order_ids), 1)
        self.assertIn(
            "not among your selected companies",
            " ".join(result.line_ids.mapped("reason")),
        )
