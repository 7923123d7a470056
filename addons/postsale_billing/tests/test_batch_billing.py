# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import PostsaleBillingCommon


class TestBatchBilling(PostsaleBillingCommon):
    """B9: "Invoice activities" on the ticket list, one order per ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_ticket(name="Ticket A")
        cls.ticket_b = cls._create_ticket(partner=cls.other_customer, name="Ticket B")
        cls.ticket_empty = cls._create_ticket(name="Nothing to bill")
        cls.ticket_billed = cls._create_ticket(name="Billed before")
        cls.ticket_no_customer = cls._create_ticket(
            partner=cls.env["res.partner"], name="No customer"
        )
        cls.activity_a1 = cls._create_activity(cls.ticket_a, summary="A1")
        cls.activity_a2 = cls._create_activity(cls.ticket_a, summary="A2")
        cls.activity_b1 = cls._create_activity(cls.ticket_b, summary="B1")
        cls._create_activity(cls.ticket_empty, condition=cls.condition_warranty)
        cls._create_activity(cls.ticket_empty, done=False)
        cls._create_activity(cls.ticket_billed)
        cls.ticket_billed.action_create_order()
        cls._create_activity(cls.ticket_no_customer)
        cls.tickets = (
            cls.ticket_a
            | cls.ticket_b
            | cls.ticket_empty
            | cls.ticket_billed
            | cls.ticket_no_customer
        )

    def _invoice(self, tickets, user=None):
        tickets = tickets.with_user(user) if user else tickets
        action = tickets.action_invoice_activities()
        return self.env["postsale.billing.result"].browse(action["res_id"])

    def test_one_order_per_ticket_in_one_create(self):
        SaleOrder = type(self.env["sale.order"])
        calls = []
        original_create = SaleOrder.create

        def counting_create(records, vals_list):
            calls.append(len(vals_list) if isinstance(vals_list, list) else 1)
            return original_create(records, vals_list)

        with patch.object(SaleOrder, "create", counting_create):
            result = self._invoice(self.tickets, self.user_salesman)
        self.assertEqual(calls, [2], "both orders come from one create()")
        order_a = self.ticket_a.postsale_order_ids
        order_b = self.ticket_b.postsale_order_ids
        self.assertEqual(len(order_a.order_line), 2)
        self.assertEqual(len(order_b.order_line), 1)
        self.assertEqual(order_a.partner_id, self.contact)
        self.assertEqual(order_b.partner_id, self.other_customer)
        self.assertEqual(
            (self.activity_a1 | self.activity_a2).sale_line_id.order_id, order_a
        )
        self.assertEqual(self.activity_b1.sale_line_id.order_id, order_b)
        self.assertFalse(self.ticket_empty.postsale_order_ids)
        self.assertFalse(self.ticket_no_customer.postsale_order_ids)
        self.assertEqual(len(self.ticket_billed.postsale_order_ids), 1)
        # The summary says what was created and what was skipped, and why.
        self.assertEqual(result.order_count, 2)
        self.assertEqual(result.skipped_count, 3)
        self.assertEqual(result.order_ids, order_a | order_b)
        reasons = {line.source: line.reason for line in result.line_ids}
        self.assertEqual(reasons[self.ticket_a.display_name], "")
        self.assertIn("no closed activity", reasons[self.ticket_empty.display_name])
        self.assertIn("already billed", reasons[self.ticket_billed.display_name])
        self.assertIn("no customer", reasons[self.ticket_no_customer.display_name])
        self.assertTrue(result.with_user(self.user_salesman).can_open_orders)
        action = result.with_user(self.user_salesman).action_open_orders()
        self.assertEqual(action["res_model"], "sale.order")

    def test_second_run_bills_nothing_twice(self):
        self._invoice(self.tickets)
        result = self._invoice(self.tickets)
        self.assertEqual(result.order_count, 0)
        self.assertEqual(len(self.ticket_a.postsale_order_ids), 1)
        self.assertEqual(len(self.activity_a1.billing_line_ids), 1)
        self.assertIn("No order was created", result.message)

    def test_no_selection(self):
        with self.assertRaisesRegex(UserError, "Select the tickets"):
            self.env["helpdesk.ticket"].action_invoice_activities()

    def test_tickets_the_user_cannot_modify_are_skipped(self):
        """An employee following the tickets reads them but may not bill."""
        employee = new_test_user(
            self.env, login="ps_employee", groups="base.group_user"
        )
        tickets = self.ticket_a | self.ticket_b
        tickets.message_subscribe(partner_ids=employee.partner_id.ids)
        result = self._invoice(tickets, employee)
        self.assertEqual(result.order_count, 0)
        self.assertFalse(tickets.postsale_order_ids)
        reasons = {line.source: line.reason for line in result.line_ids}
        self.assertIn("not allowed", reasons[self.ticket_a.display_name])
        self.assertIn("not allowed", reasons[self.ticket_b.display_name])
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(employee).action_create_order()


class TestMultiCompanyBilling(PostsaleBillingCommon):
    """Each ticket is billed in its own company with that company's
    configuration; tickets of companies not selected are skipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Post-sale B"})
        cls.company_c = cls.env["res.company"].create({"name": "Post-sale C"})
        cls.env.user.company_ids |= cls.company_b | cls.company_c
        cls.product_b = cls._create_service(
            "Service B", 70.0, company_id=cls.company_b.id
        )
        cls.order_type_b = cls.env["sale.order.type"].create(
            {"name": "Activities B", "company_id": cls.company_b.id}
        )
        cls.config_b = cls.env["postsale.billing.config"].create(
            {
                "company_id": cls.company_b.id,
                "billing_case": "ticket_activity",
                "order_type_id": cls.order_type_b.id,
                "subject": "Interventions B",
                "product_id": cls.product_b.id,
            }
        )
        cls.ticket_main = cls._create_ticket(name="Main company")
        cls.ticket_b = cls._create_ticket(name="Company B", company_id=cls.company_b.id)
        cls.ticket_c = cls._create_ticket(name="Company C", company_id=cls.company_c.id)
        cls._create_activity(cls.ticket_main)
        cls._create_activity(cls.ticket_b, condition=cls.condition_billable_default)
        cls._create_activity(cls.ticket_c)

    def test_each_company_its_configuration(self):
        tickets = (self.ticket_main | self.ticket_b | self.ticket_c).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        action = tickets.action_invoice_activities()
        result = self.env["postsale.billing.result"].browse(action["res_id"])
        order_main = self.ticket_main.postsale_order_ids
        order_b = self.ticket_b.postsale_order_ids
        self.assertEqual(order_main.company_id, self.company)
        self.assertEqual(order_main.type_id, self.order_type_ticket)
        self.assertEqual(order_main.postsale_subject, "Post-sale interventions")
        self.assertEqual(order_b.company_id, self.company_b)
        self.assertEqual(order_b.type_id, self.order_type_b)
        self.assertEqual(order_b.postsale_subject, "Interventions B")
        self.assertEqual(order_b.order_line.product_id, self.product_b)
        self.assertFalse(self.ticket_c.postsale_order_ids)
        reasons = {line.source: line.reason for line in result.line_ids}
        self.assertIn("Post-sale C", reasons[self.ticket_c.display_name])

    def test_company_without_configuration(self):
        """No configuration: the order is still made, with the condition's
        product, the default order type and no subject."""
        tickets = self.ticket_c.with_context(allowed_company_ids=self.company_c.ids)
        tickets.action_create_order()
        order = self.ticket_c.postsale_order_ids
        self.assertEqual(order.company_id, self.company_c)
        self.assertEqual(order.order_line.product_id, self.product_intervention)
        self.assertFalse(order.postsale_subject)

    def test_a_failing_order_does_not_block_the_others(self):
        """An activity billed with a product of another company: that ticket
        is skipped with the reason, the other tickets are billed."""
        condition_b = self.env["postsale.activity.condition"].create(
            {
                "name": "Billable in B",
                "to_invoice": True,
                "product_id": self.product_b.id,
                "company_id": self.company_b.id,
            }
        )
        wrong = self._create_ticket(name="Wrong product")
        self._create_activity(wrong, condition=condition_b)
        tickets = (self.ticket_main | wrong).with_context(
            allowed_company_ids=self.company.ids
        )
        action = tickets.action_invoice_activities()
        result = self.env["postsale.billing.result"].browse(action["res_id"])
        self.assertEqual(result.order_count, 1)
        self.assertTrue(self.ticket_main.postsale_order_ids)
        self.assertFalse(wrong.postsale_order_ids)
        reasons = {line.source: line.reason for line in result.line_ids}
        self.assertTrue(reasons[wrong.display_name])
        activity = wrong.with_context(active_test=False).postsale_activity_ids
        self.assertEqual(activity.billing_state, "billable")
        with self.assertRaisesRegex(UserError, "No order was created"):
            wrong.action_create_order()
