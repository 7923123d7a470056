# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import ContractAmendmentCommon


@freeze_time("2026-03-10")
class TestSaleAmendment(ContractAmendmentCommon):
    """An order line that refers to a contract line amends it from the
    order's contract date when the order is confirmed or signed, once."""

    def setUp(self):
        super().setUp()
        self.contract = self._create_contract(
            lines=[
                (self.licence, 10, 100.0, {}),
                (self.module, 10, 20.0, {}),
            ]
        )
        self.licence_line, self.module_line = self.contract.contract_line_ids

    def _restating_order(self, quantity=12, price=95.0):
        """A quotation changing the licences and restating the module."""
        return self._order(
            [
                (
                    self.licence,
                    quantity,
                    {"price_unit": price, "contract_line_id": self.licence_line.id},
                ),
                (
                    self.module,
                    10,
                    {
                        "price_unit": 20.0,
                        "contract_line_id": self.module_line.id,
                        "contract_line_restated": True,
                    },
                ),
            ],
            date_start=date(2026, 4, 1),
        )

    def test_confirmation_amends_the_contract_once(self):
        order = self._restating_order()
        order.action_confirm()
        self.assertEqual(
            self._lines_state(self.contract),
            [
                ("Licence", 10, 100.0, "2026-01-01", "2026-03-31", False),
                ("Licence", 12, 95.0, "2026-04-01", None, False),
                ("Reporting module", 10, 20.0, "2026-01-01", None, False),
            ],
        )
        successor = self.licence_line.successor_contract_line_id
        self.assertEqual(successor.sale_order_line_id, order.order_line[0])
        self.assertEqual(order.order_line[0].contract_created_line_ids, successor)
        # confirmed again (cancelled, set to quotation, confirmed): nothing more
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(len(self.contract.contract_line_ids), 3)

    def test_the_contract_invoices_the_lines_not_the_order(self):
        order = self._restating_order()
        order.action_confirm()
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0, 0.0])
        self.assertEqual(order.order_line.mapped("invoice_status"), ["no", "no"])
        self.assertEqual(order.invoice_status, "no")

    def _assert_refused(self, order, message):
        lines_before = self._lines_state(self.contract)
        with self.assertRaisesRegex(UserError, message):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._lines_state(self.contract), lines_before)

    def test_edits_of_the_quotation_are_checked(self):
        for quantity, price, message in (
            (-5, 95.0, "at least 1"),
            (0, 95.0, "at least 1"),
            (12, -1.0, "cannot be negative"),
        ):
            with self.subTest(quantity=quantity, price=price):
                self._assert_refused(self._restating_order(quantity, price), message)

    def test_restated_line_cannot_change(self):
        order = self._restating_order()
        order.order_line[1].write({"product_uom_qty": 16})
        self._assert_refused(order, "restates")
        order.order_line[1].write({"product_uom_qty": 10, "price_unit": 1.0})
        self._assert_refused(order, "restates")

    def test_restated_line_is_read_only_in_the_form(self):
        order = self._restating_order()
        self.assertFalse(order.order_line[1].product_updatable)
        self.assertEqual(
            order.order_line[1].contract_change_label,
            "Restated from the contract: read-only",
        )
        self.assertIn("Changes AGR-1 from", order.order_line[0].contract_change_label)

    def test_contract_of_another_customer_company_or_currency(self):
        order = self._restating_order()
        order.partner_id = self.other_customer
        self._assert_refused(order, "does not belong to")
        other_currency = self.env.ref("base.EUR")
        if other_currency == self.contract.currency_id:
            other_currency = self.env.ref("base.USD")
        other_currency.active = True
        pricelist = self.env["product.pricelist"].create(
            {"name": "Other currency", "currency_id": other_currency.id}
        )
        order = self._restating_order()
        order.pricelist_id = pricelist
        self._assert_refused(order, "currency")

    def test_change_date_inside_the_module(self):
        self.licence_line.stop(date(2026, 3, 31))
        order = self._restating_order()
        self._assert_refused(order, "cannot start after")

    def test_the_document_shows_the_quotation(self):
        """The customer signs the numbers of the quotation, edited or not."""
        order = self._restating_order(quantity=17, price=90.0)
        rows = order._get_contract_change_rows()
        self.assertEqual(
            [
                (
                    r["kind"],
                    r["old_quantity"],
                    r["quantity"],
                    r["old_price"],
                    r["price"],
                )
                for r in rows
            ],
            [("change", 10, 17, 100.0, 90.0), ("unchanged", 10, 10, 20.0, 20.0)],
        )
        self.assertEqual(rows[0]["date"], date(2026, 4, 1))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn("Changes to Your Contract", html)
        self.assertRegex(html, r"10\.00</span>\s*→\s*<strong[^>]*>17\.00")
        order.order_line[0].product_uom_qty = 14
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertRegex(html, r"<strong[^>]*>14\.00")
        order.action_confirm()
        self.assertEqual(self.licence_line.successor_contract_line_id.quantity, 14)
        # signed: the document still shows the change it made
        rows = order._get_contract_change_rows()
        self.assertEqual(
            [(r["kind"], r["old_quantity"], r["quantity"], r["date"]) for r in rows],
            [
                ("change", 10, 14, date(2026, 4, 1)),
                ("unchanged", 10, 10, date(2026, 4, 1)),
            ],
        )
        self.assertEqual(rows[0]["old_price"], 100.0)

    def test_the_document_states_the_day_after_what_is_invoiced(self):
        """Asked from a day already invoiced, the change takes effect after
        the invoiced period: the label, the document and the contract say
        the same day, before and after the signature."""
        self.licence_line.last_date_invoiced = date(2026, 4, 30)
        order = self._restating_order()
        row = order._get_contract_change_rows()[0]
        self.assertEqual(row["date"], date(2026, 5, 1))
        self.assertIn("05/01/2026", order.order_line[0].contract_change_label)
        order.action_confirm()
        successor = self.licence_line.successor_contract_line_id
        self.assertEqual(successor.date_start, date(2026, 5, 1))
        self.assertEqual(order._get_contract_change_rows()[0]["date"], date(2026, 5, 1))
        self.assertIn("05/01/2026", order.order_line[0].contract_change_label)

    def test_unchanged_line_says_so(self):
        order = self._order(
            [
                (
                    self.licence,
                    10,
                    {"price_unit": 100.0, "contract_line_id": self.licence_line.id},
                )
            ],
            date_start=date(2026, 4, 1),
        )
        self.assertEqual(order.order_line.contract_change_label, "No change to AGR-1")

    def test_a_renewal_since_the_quotation_is_amended(self):
        """The line was renewed into a new line between the quotation and
        the signature: the change applies to the line running then."""
        self.licence_line.write({"date_end": date(2026, 3, 31)})
        renewal = self.licence_line.plan_successor(
            date(2026, 4, 1), False, False, post_message=False
        )
        order = self._restating_order()
        order.action_confirm()
        self.assertEqual(renewal.quantity, 12)
        self.assertEqual(renewal.price_unit, 95.0)

    def test_salesperson_confirms_without_contract_rights(self):
        order = self._restating_order()
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.licence_line.successor_contract_line_id.quantity, 12)

    def test_unchanged_amendment_line_changes_nothing(self):
        order = self._order(
            [
                (
                    self.licence,
                    10,
                    {"price_unit": 100.0, "contract_line_id": self.licence_line.id},
                ),
                (self.module, 2, {"price_unit": 20.0}),
            ],
            date_start=date(2026, 4, 1),
        )
        order.action_confirm()
        self.assertFalse(self.licence_line.date_end)
        added = order.order_line[1].contract_created_line_ids
        self.assertEqual(added.contract_id, self.contract)
        self.assertEqual((added.quantity, added.date_start), (2, date(2026, 4, 1)))
        self.assertEqual(
            self.contract.contract_line_ids,
            self.licence_line | self.module_line | added,
        )
