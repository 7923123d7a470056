# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import RenegotiationCommon


@freeze_time("2026-03-10")
class TestRenegotiationUpsell(RenegotiationCommon):
    """E2: a renegotiation adds products the customer does not have yet,
    applied on signature through the one contract mechanism."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analytics = cls.env["product.product"].create(
            {
                "name": "Analytics module",
                "type": "service",
                "list_price": 40.0,
                "taxes_id": False,
                "is_contract": True,
                "contract_recurring_rule_type": "monthly",
                "contract_recurring_interval": 1,
            }
        )

    def _start_upsell(self, licences=25, price=100.0, products=None, user=None):
        form = self._wizard_form(user=user)
        form.new_licences = licences
        form.new_price = price
        form.delivery_start_date = date(2026, 4, 1)
        for product, quantity in products or [(self.analytics, 25)]:
            with form.upsell_line_ids.new() as line:
                line.product_id = product
                line.quantity = quantity
        wizard = form.save()
        action = wizard.action_confirm()
        return self.env["sale.order"].browse(action["res_id"]).renegotiation_id

    def test_wizard_shows_the_upsell_impact(self):
        form = self._wizard_form(user=self.salesman)
        with form.upsell_line_ids.new() as line:
            line.product_id = self.analytics
            line.quantity = 25
            self.assertEqual(line.price_unit, 40.0)
        # 25 licences at 100 + 25 modules at 40 a month
        self.assertEqual(form.new_monthly_amount, 3500.0)
        self.assertEqual(form.monthly_amount_delta, 1000.0)
        self.assertIn("Upsell", form.impact_description)

    def test_upsell_only_adds_a_line_on_signature(self):
        renegotiation = self._start_upsell(user=self.salesman)
        order = renegotiation.order_id
        added = order.order_line.filtered(lambda ol: ol.product_id == self.analytics)
        self.assertEqual(added.contract_id, self.contract)
        self.assertRecordValues(
            added,
            [
                {
                    "product_uom_qty": 25.0,
                    "price_unit": 40.0,
                    "contract_line_id": False,
                    "contract_line_restated": False,
                }
            ],
        )
        # nothing changes before the signature
        self.assertEqual(len(self.contract.contract_line_ids), 1)
        order.action_renegotiation_send()
        order.action_confirm()
        self.assertEqual(renegotiation.state, "applied")
        new_line = self.contract.contract_line_ids.filtered(
            lambda li: li.product_id == self.analytics
        )
        self.assertRecordValues(
            new_line,
            [{"quantity": 25.0, "price_unit": 40.0, "date_start": date(2026, 4, 1)}],
        )
        # the licences, unchanged, were not amended
        self.assertRecordValues(
            self.contract_line,
            [{"quantity": 25, "date_end": False, "successor_contract_line_id": False}],
        )
        # history and provisioning know the product added
        self.assertIn("Analytics module", renegotiation._get_summary_text())
        self.assertTrue(self.ticket.activity_ids)
        # applied once: confirming again adds nothing
        order._action_confirm()
        self.assertEqual(
            len(
                self.contract.contract_line_ids.filtered(
                    lambda li: li.product_id == self.analytics
                )
            ),
            1,
        )

    def test_upsell_with_a_licence_change(self):
        renegotiation = self._start_upsell(licences=30, price=95.0)
        order = renegotiation.order_id
        order.action_renegotiation_send()
        order.action_confirm()
        self.assertEqual(
            set(
                self.contract.contract_line_ids.filtered(
                    lambda li: li.date_start == date(2026, 4, 1)
                ).mapped("product_id.name")
            ),
            {"Test licence", "Analytics module"},
        )

    def test_bad_upsell_lines_write_nothing(self):
        before = self._counts()
        not_contract = self.env["product.product"].create(
            {"name": "Goods", "type": "consu", "list_price": 5.0}
        )
        with self.assertRaisesRegex(UserError, "not a contract product"):
            self._start_upsell(products=[(not_contract, 1)])
        with self.assertRaisesRegex(UserError, "must be positive"):
            self._start_upsell(products=[(self.analytics, 0)])
        with self.assertRaisesRegex(UserError, "already runs"):
            self._start_upsell(products=[(self.analytics, 1), (self.analytics, 2)])
        self.contract_line.product_id.is_contract = True
        with self.assertRaisesRegex(UserError, "already runs"):
            self._start_upsell(products=[(self.licence_product, 2)])
        self.assertEqual(self._counts(), before)

    def test_quotation_edited_to_a_negative_upsell_is_refused(self):
        renegotiation = self._start_upsell()
        order = renegotiation.order_id
        added = order.order_line.filtered(lambda ol: ol.product_id == self.analytics)
        added.product_uom_qty = -5
        order.action_renegotiation_send()
        lines = self.env["contract.line"].search_count([])
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(self.env["contract.line"].search_count([]), lines)
        self.assertEqual(renegotiation.state, "sent")
