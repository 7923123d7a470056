# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools import mute_logger
from odoo.tools.misc import format_date

from .common import PostsaleBillingCommon


class TestActivityBilling(PostsaleBillingCommon):
    """B3, B8, B10: closed activities to invoice become order lines."""

    def test_activity_defaults_from_type_kept_when_done(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket, done=False)
        self.assertEqual(activity.billing_condition_id, self.condition_billable)
        self.assertEqual(activity.billing_quantity, 2.0)
        self.assertEqual(activity.billing_state, "open")
        activity.action_done()
        self.assertFalse(activity.active)
        self.assertTrue(activity.date_done)
        self.assertEqual(activity.done_by_user_id, self.env.user)
        self.assertEqual(activity.billing_condition_id, self.condition_billable)
        self.assertEqual(activity.billing_quantity, 2.0)
        self.assertEqual(activity.billing_state, "billable")

    def test_condition_flag_decides(self):
        ticket = self._create_ticket()
        billable = self._create_activity(ticket, summary="Billable work")
        warranty = self._create_activity(
            ticket, condition=self.condition_warranty, summary="Warranty work"
        )
        no_condition = self._create_activity(
            ticket, condition=self.env["postsale.activity.condition"]
        )
        self.assertEqual(warranty.billing_state, "not_billable")
        self.assertEqual(no_condition.billing_state, "not_billable")
        ticket.action_create_order()
        order = ticket.postsale_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_line.postsale_activity_id, billable)
        self.assertEqual(billable.billing_state, "billed")
        self.assertEqual(warranty.billing_state, "not_billable")
        # Flagging the condition "to invoice" makes its activities billable.
        self.condition_warranty.to_invoice = True
        self.assertEqual(warranty.billing_state, "billable")

    def test_open_activities_are_not_billed(self):
        ticket = self._create_ticket()
        open_activity = self._create_activity(ticket, done=False)
        done = self._create_activity(ticket, summary="Done work")
        ticket.action_create_order()
        line = ticket.postsale_order_ids.order_line
        self.assertEqual(line.postsale_activity_id, done)
        self.assertEqual(open_activity.billing_state, "open")
        self.assertFalse(open_activity.sale_line_id)
        # Once done, the open activity is billed by a second order.
        open_activity.action_done()
        ticket.action_create_order()
        self.assertEqual(len(ticket.postsale_order_ids), 2)
        self.assertEqual(open_activity.billing_state, "billed")

    def test_create_order_values(self):
        ticket = self._create_ticket()
        first = self._create_activity(ticket, summary="Replaced the fuser")
        second = self._create_activity(
            ticket,
            condition=self.condition_billable_default,
            quantity=1.5,
            summary="Cleaned the rollers",
            user=self.user_helpdesk,
        )
        action = ticket.with_user(self.user_salesman).action_create_order()
        order = ticket.postsale_order_ids
        self.assertEqual(order.partner_id, self.contact)
        self.assertEqual(order.type_id, self.order_type_ticket)
        self.assertEqual(order.postsale_subject, "Post-sale interventions")
        self.assertEqual(order.postsale_case, "ticket_activity")
        self.assertEqual(order.user_id, self.user_salesman)
        self.assertEqual(order.origin, ticket.number)
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(order.order_line), 2)
        line_first = first.sale_line_id
        line_second = second.sale_line_id
        self.assertEqual(line_first.product_id, self.product_intervention)
        self.assertEqual(line_first.product_uom_qty, 2.0)
        self.assertEqual(line_first.price_unit, 80.0)
        self.assertIn("Replaced the fuser", line_first.name)
        self.assertIn(self.env.user.name, line_first.name)
        # No product on the condition: the configured default product.
        self.assertEqual(line_second.product_id, self.product_default)
        self.assertEqual(line_second.product_uom_qty, 1.5)
        self.assertIn("Cleaned the rollers", line_second.name)
        self.assertIn(self.user_helpdesk.name, line_second.name)
        # The user is told and offered to open the order.
        result = self.env["postsale.billing.result"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "postsale.billing.result")
        self.assertEqual(result.order_count, 1)
        self.assertTrue(result.with_user(self.user_salesman).can_open_orders)
        open_action = result.with_user(self.user_salesman).action_open_orders()
        self.assertEqual(open_action["res_id"], order.id)

    @freeze_time("2026-03-05")
    def test_line_says_when_what_and_who(self):
        """The order line describes the activity: its done date, its summary
        and who did it, below the product's description."""
        ticket = self._create_ticket()
        activity = self._create_activity(
            ticket, summary="Replaced the drum", user=self.user_helpdesk
        )
        ticket.action_create_order()
        name = activity.sale_line_id.name
        self.assertEqual(str(activity.date_done), "2026-03-05")
        self.assertTrue(name.startswith(self.product_intervention.name + "\n"))
        self.assertIn(format_date(self.env, activity.date_done), name)
        self.assertIn("Replaced the drum", name)
        self.assertIn(f"done by {self.user_helpdesk.name}", name)

    def test_already_billed(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket)
        ticket.action_create_order()
        with self.assertRaisesRegex(UserError, "already billed"):
            ticket.action_create_order()
        self.assertEqual(len(ticket.postsale_order_ids), 1)
        self.assertEqual(len(activity.billing_line_ids), 1)

    def test_billed_activity_is_frozen(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket)
        ticket.action_create_order()
        with self.assertRaisesRegex(UserError, "already billed"):
            activity.billing_quantity = 5.0
        with self.assertRaisesRegex(UserError, "already billed"):
            activity.billing_condition_id = self.condition_warranty
        # Writing the same values is harmless.
        activity.write({"billing_quantity": 2.0})

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_line_for_an_activity(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket)
        ticket.action_create_order()
        order = ticket.postsale_order_ids
        with self.assertRaises(UniqueViolation), self.env.cr.savepoint():
            self.env["sale.order.line"].create(
                {
                    "order_id": order.id,
                    "product_id": self.product_default.id,
                    "postsale_activity_id": activity.id,
                }
            ).flush_recordset()

    def test_deleting_the_quotation_frees_the_activity(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket)
        ticket.action_create_order()
        ticket.postsale_order_ids.unlink()
        self.assertEqual(activity.billing_state, "billable")
        ticket.action_create_order()
        self.assertEqual(activity.billing_state, "billed")

    def test_nothing_billable(self):
        ticket = self._create_ticket()
        self._create_activity(ticket, done=False)
        self._create_activity(ticket, condition=self.condition_warranty)
        orders_before = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "no closed activity to invoice"):
            ticket.action_create_order()
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_no_customer(self):
        ticket = self._create_ticket(partner=self.env["res.partner"])
        self._create_activity(ticket)
        with self.assertRaisesRegex(UserError, "no customer"):
            ticket.action_create_order()
        self.assertFalse(ticket.postsale_order_ids)

    def test_no_product_configured(self):
        self.config_ticket.product_id = False
        ticket = self._create_ticket()
        self._create_activity(ticket, condition=self.condition_billable_default)
        with self.assertRaisesRegex(UserError, "No product to bill"):
            ticket.action_create_order()

    def test_helpdesk_user_without_sales_rights(self):
        """Billing works, but only the message is given: no order to open."""
        ticket = self._create_ticket()
        self._create_activity(ticket)
        action = ticket.with_user(self.user_helpdesk).action_create_order()
        order = ticket.postsale_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.user_id, self.user_helpdesk)
        result = (
            self.env["postsale.billing.result"]
            .with_user(self.user_helpdesk)
            .browse(action["res_id"])
        )
        self.assertFalse(result.can_open_orders)
        self.assertIn("not allowed to manage sale orders", result.message)
        with self.assertRaises(AccessError):
            result.action_open_orders()
        with self.assertRaises(AccessError):
            order.with_user(self.user_helpdesk).read(["name"])

    def test_portal_cannot_bill(self):
        ticket = self._create_ticket()
        self._create_activity(ticket)
        ticket.message_subscribe(partner_ids=self.contact.ids)
        with self.assertRaises(AccessError):
            ticket.with_user(self.user_portal).action_create_order()
        self.assertFalse(ticket.postsale_order_ids)

    def test_invoice_flow(self):
        """B10: an activity order follows the normal order → invoice flow."""
        ticket = self._create_ticket()
        self._create_activity(ticket)
        ticket.action_create_order()
        order = ticket.postsale_order_ids
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_status, "to invoice")
        invoice = order._create_invoices()
        self.assertEqual(invoice.partner_id.commercial_partner_id, self.customer)
        self.assertEqual(invoice.amount_untaxed, 160.0)
        invoice.action_post()
        self.assertEqual(order.invoice_status, "invoiced")

    def test_edit_condition_from_the_billing_tab(self):
        ticket = self._create_ticket()
        activity = self._create_activity(ticket)
        with Form(ticket.with_user(self.user_helpdesk)) as form:
            with form.postsale_activity_ids.edit(0) as row:
                row.billing_condition_id = self.condition_warranty
                row.billing_quantity = 3.0
        self.assertEqual(activity.billing_condition_id, self.condition_warranty)
        self.assertEqual(activity.billing_quantity, 3.0)
        self.assertEqual(ticket.postsale_billable_count, 0)

    def test_filter_tickets_with_activities_to_bill(self):
        billable = self._create_ticket(name="Has work to bill")
        self._create_activity(billable)
        nothing = self._create_ticket(name="Only warranty")
        self._create_activity(nothing, condition=self.condition_warranty)
        self._create_activity(nothing, done=False)
        domain = [
            (
                "activity_ids",
                "any",
                [("active", "=", False), ("billing_state", "=", "billable")],
            ),
            ("id", "in", (billable | nothing).ids),
        ]
        self.assertEqual(self.env["helpdesk.ticket"].search(domain), billable)

    def test_subject_printed_on_the_order(self):
        ticket = self._create_ticket()
        self._create_activity(ticket)
        ticket.action_create_order()
        order = ticket.postsale_order_ids
        html = self.env["ir.actions.report"]._render_qweb_html(
            "sale.action_report_saleorder", order.ids
        )[0]
        self.assertIn(b"Post-sale interventions", html)
