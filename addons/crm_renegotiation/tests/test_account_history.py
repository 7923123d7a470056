# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import RenegotiationCommon


@freeze_time("2026-03-10")
class TestAccountHistory(RenegotiationCommon):
    """C1: the customer's licences and monthly recurring amount over time,
    from the contract lines' history, renegotiations marked."""

    def _history(self, user=None):
        History = self.env["contract.account.history"]
        if user:
            History = History.with_user(user)
        History.flush_model()
        groups = History._read_group(
            [("partner_id", "=", self.customer.id)],
            ["date:month"],
            ["licences:sum", "monthly_amount:sum", "renegotiation_count:sum"],
        )
        return {
            month.strftime("%Y-%m"): (licences, amount, count)
            for month, licences, amount, count in groups
        }

    def test_history_follows_the_amendments(self):
        self.env.flush_all()
        history = self._history()
        # from the contract's start, 25 licences at 100 a month
        self.assertEqual(history["2024-01"], (25.0, 2500.0, 0))
        self.assertEqual(history["2026-03"], (25.0, 2500.0, 0))
        # a running line is shown a year ahead (of the database's today)
        self.assertIn("2027-03", history)

        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        order = renegotiation.order_id
        order.action_renegotiation_send()
        order.action_confirm()
        self.env.flush_all()
        history = self._history()
        self.assertEqual(history["2026-03"], (25.0, 2500.0, 0))
        # the month the renegotiation takes effect is marked
        self.assertEqual(history["2026-04"], (20.0, 1800.0, 1))
        self.assertEqual(history["2026-05"], (20.0, 1800.0, 0))
        action = self.customer.action_view_account_history()
        self.assertEqual(action["res_model"], "contract.account.history")
        self.assertEqual(action["domain"], [("partner_id", "in", self.customer.ids)])

    def test_change_during_a_month_counts_once(self):
        """A month shows the lines running on its last day: the month a
        change takes effect counts the new line only, marked."""
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 15))
        order = renegotiation.order_id
        order.action_renegotiation_send()
        order.action_confirm()
        self.env.flush_all()
        history = self._history()
        self.assertEqual(history["2026-03"], (25.0, 2500.0, 0))
        self.assertEqual(history["2026-04"], (20.0, 1800.0, 1))

    def test_upsell_month_is_marked(self):
        """A renegotiation that only adds a product is marked too."""
        analytics = self.env["product.product"].create(
            {
                "name": "Analytics module",
                "type": "service",
                "list_price": 40.0,
                "is_contract": True,
            }
        )
        form = self._wizard_form()
        form.delivery_start_date = date(2026, 5, 1)
        with form.upsell_line_ids.new() as line:
            line.product_id = analytics
            line.quantity = 25
        order = self.env["sale.order"].browse(form.save().action_confirm()["res_id"])
        order.action_renegotiation_send()
        order.action_confirm()
        self.env.flush_all()
        history = self._history()
        self.assertEqual(history["2026-04"], (25.0, 2500.0, 0))
        self.assertEqual(history["2026-05"], (50.0, 3500.0, 1))

    def test_history_of_another_company_is_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.contract.sudo().company_id = other_company
        self.env.flush_all()
        self.assertFalse(self._history(user=self.salesman))

    def test_history_is_for_sales_users(self):
        with self.assertRaises(AccessError):
            self._history(user=self.portal_user)
