# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tools import SQL

from .common import RenegotiationCommon


@freeze_time("2026-03-10")
class TestRenegotiationApply(RenegotiationCommon):
    """R10-R13: the signed renegotiation is applied to the contract, once."""

    def _sign(self, licences, price, delivery_start_date=date(2026, 4, 1), user=None):
        renegotiation = self._start(
            licences, price, delivery_start_date=delivery_start_date, user=user
        )
        order = renegotiation.order_id
        order.action_renegotiation_send()
        order = order.with_user(user) if user else order
        order.action_confirm()
        return renegotiation

    def _todos(self, record, user):
        return record.activity_ids.filtered(lambda a: a.user_id == user)

    def test_downward_adjustment_applied(self):
        renegotiation = self._sign(20, 90.0)
        old_line = self.contract_line
        new_line = renegotiation.successor_line_id
        # R10: the contract changes from the delivery start date
        self.assertEqual(old_line.date_end, date(2026, 3, 31))
        self.assertEqual(old_line.quantity, 25)
        self.assertEqual(old_line.price_unit, 100.0)
        self.assertEqual(old_line.successor_contract_line_id, new_line)
        self.assertRecordValues(
            new_line,
            [
                {
                    "contract_id": self.contract.id,
                    "product_id": self.licence_product.id,
                    "date_start": date(2026, 4, 1),
                    "date_end": False,
                    "quantity": 20,
                    "price_unit": 90.0,
                    "predecessor_contract_line_id": old_line.id,
                    "monthly_recurring": 1800.0,
                }
            ],
        )
        # the contract's modification log
        modification = self.contract.modification_ids.filtered(
            lambda m: m.date == date(2026, 4, 1)
        )
        self.assertEqual(len(modification), 1)
        self.assertIn("25 → 20", modification.description)
        self.assertIn(renegotiation.order_id.name, modification.description)
        # the adjustment history on the customer
        self.assertRecordValues(
            renegotiation,
            [
                {
                    "state": "applied",
                    "date_effective": date(2026, 4, 1),
                    "old_licences": 25,
                    "new_licences": 20,
                    "old_price": 100.0,
                    "new_price": 90.0,
                    "change_percent": -20.0,
                    "direction": "decrease",
                    "route": "customer_success",
                    "new_monthly_amount": 1800.0,
                    "increase_in_window": False,
                }
            ],
        )
        self.assertIn(renegotiation, self.customer.renegotiation_ids)
        self.assertEqual(self.customer.renegotiation_count, 1)
        self.assertEqual(self.signatory.renegotiation_count, 1)
        # R11: the summary for order and invoice on the ticket
        summary = self.ticket.message_ids.filtered(
            lambda m: "changes for order and invoice" in (m.body or "")
        )
        self.assertEqual(len(summary), 1)
        for text in ("25 → 20", "100.00", "90.00", "04/01/2026"):
            self.assertIn(text, summary.body)
        # R10: the provisioning to-do
        provisioning = self._todos(self.ticket, self.provisioning_user)
        self.assertEqual(len(provisioning), 1)
        self.assertEqual(provisioning.date_deadline, date(2026, 4, 1))
        self.assertIn("20 licences", provisioning.summary)
        # R12: routed to customer success with a to-do
        self.assertEqual(self.ticket.team_id, self.success_team)
        self.assertEqual(self.ticket.user_id, self.success_user)
        self.assertEqual(len(self._todos(self.ticket, self.success_user)), 1)
        # R13 does not apply to a decrease
        self.assertFalse(self._todos(renegotiation.lead_id, self.increase_user))
        # the deal is won
        self.assertEqual(renegotiation.lead_id.won_status, "won")
        self.assertEqual(renegotiation.lead_id.licence_count, 20)
        # the contract lines are invoiced by the contract, not by the order;
        # the template's extra line (onboarding) is invoiced by the order
        restated = renegotiation.order_id.order_line.filtered("contract_line_id")
        self.assertTrue(restated)
        self.assertFalse(any(restated.mapped("qty_to_invoice")))
        self.assertEqual(
            (renegotiation.order_id.order_line - restated).mapped("qty_to_invoice"),
            [1.0],
        )

    def test_small_downward_adjustment_to_invoice_service(self):
        renegotiation = self._sign(21, 100.0)
        self.assertEqual(renegotiation.route, "invoice_service")
        self.assertEqual(self.ticket.team_id, self.invoice_team)
        self.assertEqual(self.ticket.user_id, self.invoice_user)
        self.assertEqual(len(self._todos(self.ticket, self.invoice_user)), 1)

    def test_increase_inside_window_notifies_sales(self):
        """R13: contract signed 2024-01-01, increase signed 2026-03-10."""
        team = self.ticket.team_id
        renegotiation = self._sign(30, 100.0)
        self.assertTrue(renegotiation.increase_in_window)
        self.assertFalse(renegotiation.route)
        todo = self._todos(renegotiation.lead_id, self.increase_user)
        self.assertEqual(len(todo), 1)
        self.assertIn("Register the sale", todo.summary)
        self.assertEqual(self.ticket.team_id, team, "an increase is not routed")

    def test_increase_window_boundary_on_signature(self):
        self.contract.date = date(2023, 3, 10)  # 36 months before today
        renegotiation = self._sign(30, 100.0)
        self.assertFalse(renegotiation.increase_in_window)
        self.assertFalse(self._todos(renegotiation.lead_id, self.increase_user))

    def test_increase_window_day_before_boundary(self):
        self.contract.date = date(2023, 3, 11)
        renegotiation = self._sign(30, 100.0)
        self.assertTrue(renegotiation.increase_in_window)

    def test_orders_confirmed_together(self):
        """Confirming (or cancelling) several quotations at once handles
        each one's renegotiation."""
        other = self._create_contract(
            self.customer, licences=30, price=100.0, code="TST-2"
        )
        first = self._start(
            20,
            90.0,
            delivery_start_date=date(2026, 4, 1),
            default_contract_id=self.contract.id,
        )
        second = self._start(
            32,
            100.0,
            delivery_start_date=date(2026, 4, 1),
            default_contract_id=other.id,
        )
        self.assertEqual(first.contract_id, self.contract)
        self.assertEqual(second.contract_id, other)
        (first.order_id | second.order_id).action_confirm()
        self.assertEqual((first | second).mapped("state"), ["applied", "applied"])
        self.assertEqual(other.contract_line_ids.mapped("quantity"), [30, 32])
        self.assertEqual(self.contract.contract_line_ids.mapped("quantity"), [25, 20])
        third = self._start(
            28,
            100.0,
            delivery_start_date=date(2026, 5, 1),
            default_contract_id=other.id,
        )
        fourth = self._start(19, 90.0, delivery_start_date=date(2026, 5, 1))
        (third.order_id | fourth.order_id)._action_cancel()
        self.assertEqual((third | fourth).mapped("state"), ["cancel", "cancel"])

    def test_two_quotations_of_the_same_line(self):
        """The contract changed twice: the second quotation, made on the
        contract as it was, is refused once the first is signed, also when
        both are confirmed together."""
        first = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        second = self._start(32, 100.0, delivery_start_date=date(2026, 4, 1))
        self.assertEqual(first.contract_line_id, second.contract_line_id)
        # (assertRaises rolls back to a savepoint, as the request would)
        with self.assertRaises(UserError) as error:
            (first.order_id | second.order_id).action_confirm()
        self.assertIn("changed since", str(error.exception))
        self.assertEqual(first.order_id.state, "draft")
        first.order_id.action_confirm()
        self.assertEqual(first.successor_line_id.quantity, 20)
        lines_before = self.contract.contract_line_ids
        with self.assertRaisesRegex(UserError, "changed since"):
            second.order_id.action_confirm()
        self.assertEqual(second.order_id.state, "draft")
        self.assertEqual(self.contract.contract_line_ids, lines_before)
        self.assertEqual(first.successor_line_id.quantity, 20)

    def test_applied_once_when_confirmed_twice(self):
        renegotiation = self._sign(20, 90.0)
        order = renegotiation.order_id
        # a second confirmation is refused by Odoo
        with self.assertRaises(UserError):
            order.action_confirm()
        # and applying again changes nothing
        self.assertFalse(renegotiation._apply_renegotiation())
        order._action_confirm()
        self.assertEqual(len(self.contract.contract_line_ids), 2)
        self.assertEqual(
            self.env["crm.renegotiation"].search_count(
                [("contract_id", "=", self.contract.id), ("state", "=", "applied")]
            ),
            1,
        )
        self.assertEqual(
            len(
                self.contract.modification_ids.filtered(
                    lambda m: m.date == date(2026, 4, 1)
                )
            ),
            1,
        )
        self.assertEqual(len(self._todos(self.ticket, self.provisioning_user)), 1)

    def test_applied_by_a_concurrent_transaction(self):
        """The state is re-read under the row lock: a renegotiation applied
        meanwhile by another transaction (stale cache here) is skipped."""
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        self.assertEqual(renegotiation.state, "draft")
        self.env.cr.execute(
            SQL(
                "UPDATE crm_renegotiation SET state = 'applied' WHERE id = %s",
                renegotiation.id,
            )
        )
        # the ORM cache still says draft
        self.assertEqual(renegotiation.state, "draft")
        self.assertFalse(renegotiation._apply_renegotiation())
        self.assertEqual(len(self.contract.contract_line_ids), 1)
        self.assertEqual(renegotiation.state, "applied")

    def test_apply_takes_the_signed_quotation_values(self):
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        order_line = renegotiation._get_order_line()
        order_line.write({"product_uom_qty": 18, "price_unit": 88.0})
        renegotiation.order_id.action_confirm()
        self.assertRecordValues(
            renegotiation.successor_line_id, [{"quantity": 18, "price_unit": 88.0}]
        )
        self.assertEqual(renegotiation.new_licences, 18)

    def test_monthly_amount_as_the_contract_computes_it(self):
        """A yearly line with a discount: the impact shown before confirming
        is the monthly amount the new contract line carries once signed."""
        self.contract_line.write(
            {
                "recurring_rule_type": "yearly",
                "discount": 10.0,
                "specific_price": 1200.0,
            }
        )
        form = self._wizard_form()
        form.new_licences = 20
        form.new_price = 1100.0
        self.assertEqual(form.current_monthly_amount, 2250.0)
        self.assertEqual(form.new_monthly_amount, 1650.0)
        self.assertEqual(form.monthly_amount_delta, -600.0)
        renegotiation = self._sign(20, 1100.0)
        self.assertEqual(renegotiation.old_monthly_amount, 2250.0)
        self.assertEqual(renegotiation.successor_line_id.monthly_recurring, 1650.0)
        self.assertEqual(renegotiation.new_monthly_amount, 1650.0)

    def test_already_invoiced_period_moves_start(self):
        """A line invoiced beyond the delivery start date changes after the
        invoiced period (nothing billed twice)."""
        self.contract_line.write(
            {
                "last_date_invoiced": date(2026, 4, 30),
                "recurring_next_date": date(2026, 5, 1),
            }
        )
        renegotiation = self._sign(20, 90.0, delivery_start_date=date(2026, 4, 1))
        self.assertEqual(renegotiation.date_effective, date(2026, 5, 1))
        self.assertEqual(self.contract_line.date_end, date(2026, 4, 30))
        self.assertEqual(renegotiation.successor_line_id.date_start, date(2026, 5, 1))

    def test_auto_renew_line_keeps_its_renewal(self):
        self.contract_line.write(
            {
                "is_auto_renew": True,
                "auto_renew_interval": 1,
                "auto_renew_rule_type": "yearly",
                "date_end": date(2026, 12, 31),
            }
        )
        renegotiation = self._sign(20, 90.0)
        self.assertRecordValues(
            renegotiation.successor_line_id,
            [
                {
                    "date_start": date(2026, 4, 1),
                    "date_end": date(2026, 12, 31),
                    "is_auto_renew": True,
                }
            ],
        )
        self.assertFalse(self.contract_line.is_auto_renew)

    def test_line_not_started_is_changed_in_place(self):
        contract = self._create_contract(
            self.customer, 25, 100.0, start=date(2026, 6, 1), code="TST-2"
        )
        line = contract.contract_line_ids
        renegotiation = self._start(
            20,
            90.0,
            delivery_start_date=date(2026, 6, 1),
            default_contract_id=contract.id,
        )
        renegotiation.order_id.action_confirm()
        self.assertRecordValues(line, [{"quantity": 20, "price_unit": 90.0}])
        self.assertEqual(contract.contract_line_ids, line)
        self.assertEqual(renegotiation.state, "applied")
        self.assertFalse(renegotiation.successor_line_id)
        self.assertEqual(renegotiation.date_effective, date(2026, 6, 1))

    def test_upsell_without_ticket_creates_none_for_an_increase(self):
        renegotiation = self._start(
            30,
            100.0,
            delivery_start_date=date(2026, 4, 1),
            default_contract_id=self.contract.id,
        )
        renegotiation.order_id.action_confirm()
        self.assertFalse(renegotiation.ticket_id)
        self.assertTrue(
            renegotiation.lead_id.message_ids.filtered(
                lambda m: "changes for order and invoice" in (m.body or "")
            )
        )
        self.assertEqual(len(self._todos(self.contract, self.provisioning_user)), 1)

    def test_downsell_without_ticket_creates_a_routed_ticket(self):
        renegotiation = self._start(
            20,
            100.0,
            delivery_start_date=date(2026, 4, 1),
            default_contract_id=self.contract.id,
        )
        renegotiation.order_id.action_confirm()
        ticket = renegotiation.ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.name, "Renegotiation - Nordlys AS")
        self.assertEqual(ticket.team_id, self.success_team)
        self.assertEqual(renegotiation.lead_id.helpdesk_ticket_id, ticket)
        self.assertEqual(len(self._todos(ticket, self.success_user)), 1)

    def test_salesman_confirms(self):
        """Staff confirmation applies too (with the salesperson's rights on
        the order; the contract is changed on the system's behalf)."""
        renegotiation = self._sign(20, 90.0, user=self.salesman)
        self.assertEqual(renegotiation.state, "applied")
        self.assertEqual(renegotiation.successor_line_id.quantity, 20)

    def test_apply_error_writes_nothing(self):
        """The contract line ended before the new start: the signature is
        refused and nothing is applied."""
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        self.contract_line.date_end = date(2026, 3, 31)
        before = self._counts()
        # the transaction of the signature is rolled back (savepoint here)
        with self.assertRaises(UserError) as error:
            renegotiation.order_id.action_confirm()
        self.assertIn("cannot start after", str(error.exception))
        self.env.invalidate_all()
        self.assertEqual(self._counts(), before)
        self.assertEqual(renegotiation.state, "draft")
        self.assertEqual(renegotiation.order_id.state, "draft")
        self.assertFalse(self.contract_line.successor_contract_line_id)

    def test_decline_cancels(self):
        renegotiation = self._start(20, 90.0)
        renegotiation.order_id.action_renegotiation_send()
        renegotiation.order_id._action_cancel()
        self.assertEqual(renegotiation.state, "cancel")
        self.assertEqual(len(self.contract.contract_line_ids), 1)
        self.assertFalse(renegotiation._apply_renegotiation())


@freeze_time("2026-03-10")
class TestSignedQuotation(RenegotiationCommon):
    """The customer signs what is applied: the quotation as it is when
    signed, checked again with every rule of the wizard."""

    def setUp(self):
        super().setUp()
        self.module_line = self.contract_line.copy(
            {
                "product_id": self.module_product.id,
                "name": "Test module per month",
                "quantity": 25,
                "specific_price": 12.0,
            }
        )
        self.renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        self.order = self.renegotiation.order_id
        self.licence_order_line = self.renegotiation._get_order_line()
        self.module_order_line = self.order.order_line.filtered(
            lambda ol: ol.contract_line_id == self.module_line
        )

    def _contract_state(self):
        return [
            (line.product_id.id, line.quantity, line.price_unit, line.date_end)
            for line in self.contract.contract_line_ids.sorted("id")
        ]

    def _assert_refused(self, message):
        before = self._contract_state()
        with self.assertRaisesRegex(UserError, message):
            self.order.action_confirm()
        self.assertEqual(self._contract_state(), before)
        self.assertEqual(self.order.state, "draft")
        self.assertEqual(self.renegotiation.state, "draft")

    def test_negative_licences(self):
        self.licence_order_line.product_uom_qty = -5
        self._assert_refused("at least 1")

    def test_no_licences(self):
        self.licence_order_line.product_uom_qty = 0
        self._assert_refused("at least 1")

    def test_negative_price(self):
        self.licence_order_line.price_unit = -1.0
        self._assert_refused("cannot be negative")

    def test_part_of_a_licence(self):
        self.licence_order_line.product_uom_qty = 12.5
        self._assert_refused("whole number")

    def test_renegotiated_line_deleted(self):
        self.licence_order_line.unlink()
        self._assert_refused("no longer has the line")

    def test_edited_back_to_the_contract(self):
        self.licence_order_line.write({"product_uom_qty": 25, "price_unit": 100.0})
        self._assert_refused("Nothing to renegotiate")

    def test_edited_restated_line(self):
        self.module_order_line.product_uom_qty = 30
        self._assert_refused("restates")

    def test_restated_lines_are_read_only_with_the_reason(self):
        self.assertTrue(self.module_order_line.contract_line_restated)
        self.assertFalse(self.module_order_line.product_updatable)
        self.assertEqual(
            self.module_order_line.contract_change_label,
            "Restated from the contract: read-only",
        )
        self.assertFalse(self.licence_order_line.contract_line_restated)

    def test_edited_quotation_is_what_the_document_shows_and_applies(self):
        self.licence_order_line.write({"product_uom_qty": 17, "price_unit": 85.0})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", self.order.ids)[0]
            .decode()
        )
        self.assertIn("Renegotiated Agreement", html)
        self.assertRegex(html, r"25\.00</span>\s*→\s*<strong[^>]*>17\.00")
        self.assertNotRegex(html, r"<strong[^>]*>20\.00")
        self.order.action_confirm()
        self.assertEqual(self.renegotiation.successor_line_id.quantity, 17)
        self.assertEqual(self.renegotiation.successor_line_id.price_unit, 85.0)
        self.assertEqual(self.renegotiation.new_licences, 17)
        # the module was restated, not changed
        self.assertFalse(self.module_line.date_end)
        self.assertEqual(len(self.contract.contract_line_ids), 3)

    def test_price_only_change_makes_no_provisioning_todo(self):
        self.licence_order_line.write({"product_uom_qty": 25, "price_unit": 80.0})
        self.order.action_confirm()
        self.assertEqual(self.renegotiation.state, "applied")
        self.assertFalse(
            self.ticket.activity_ids.filtered(
                lambda a: a.user_id == self.provisioning_user
            )
        )

    def test_invoiced_period_moves_the_effective_date_everywhere(self):
        """Asked from a day the contract has already invoiced, the new terms
        apply after it: the wizard, the contract document the customer signs
        and the contract say the same day."""
        self.contract_line.last_date_invoiced = date(2026, 4, 30)
        form = self._wizard_form()
        form.new_licences = 20
        form.new_price = 90.0
        form.delivery_start_date = date(2026, 4, 1)
        self.assertEqual(form.effective_date, date(2026, 5, 1))
        order = self.env["sale.order"].browse(form.save().action_confirm()["res_id"])
        self.assertEqual(order.renegotiation_effective_date, date(2026, 5, 1))
        self.assertEqual(order._get_contract_change_rows()[0]["date"], date(2026, 5, 1))
        order.action_renegotiation_send()
        order.action_confirm()
        renegotiation = order.renegotiation_id
        self.assertEqual(renegotiation.date_effective, date(2026, 5, 1))
        self.assertEqual(renegotiation.successor_line_id.date_start, date(2026, 5, 1))
        self.assertEqual(order.renegotiation_effective_date, date(2026, 5, 1))
