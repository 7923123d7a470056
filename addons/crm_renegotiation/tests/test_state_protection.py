# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import users

from .common import RenegotiationCommon

PROTECTED_VALUES = (
    {"state": "applied"},
    {"state": "cancel"},
    {"date_applied": "2026-03-10 12:00:00"},
    {"date_effective": "2026-04-01"},
    {"increase_in_window": True},
    {"new_licences": 1},
    {"new_price": 1.0},
    {"new_monthly_amount": 1.0},
    {"old_licences": 99},
    {"order_id": False},
    {"contract_line_id": False},
)


@freeze_time("2026-03-10")
class TestRenegotiationStateProtection(RenegotiationCommon):
    """A renegotiation's state and applied values are written by its own
    methods only (send, sign, cancel): a plain write is refused at every
    tier, and nothing changes once it is signed or cancelled."""

    def setUp(self):
        super().setUp()
        self.renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))

    def _values(self, renegotiation):
        self.env.invalidate_all()
        return renegotiation.sudo().read(
            [name for values in PROTECTED_VALUES for name in values]
            + ["route", "signatory_id"]
        )

    @users("reneg_salesman", "reneg_manager", "admin")
    def test_state_and_terms_not_written_by_hand(self):
        before = self._values(self.renegotiation)
        renegotiation = self.renegotiation.with_env(self.env)
        for vals in PROTECTED_VALUES:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                renegotiation.write(vals)
        self.assertEqual(self._values(self.renegotiation), before)

    @users("reneg_manager", "admin")
    def test_signed_renegotiation_is_history(self):
        if self.renegotiation.state != "applied":  # signed for the first user
            order = self.renegotiation.order_id.sudo()
            order.action_renegotiation_send()
            order.action_confirm()
        self.assertEqual(self.renegotiation.state, "applied")
        before = self._values(self.renegotiation)
        renegotiation = self.renegotiation.with_env(self.env)
        for vals in (
            {"route": False},
            {"signatory_id": self.contact.id},
            {"delivery_start_date": fields.Date.to_date("2026-05-01")},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                renegotiation.write(vals)
        self.assertEqual(self._values(self.renegotiation), before)

    def test_open_renegotiation_corrected_by_a_sales_manager(self):
        """What a sales manager may correct while it is open, and the flows
        that set the state, as the users who run them."""
        renegotiation = self._start(18, 95.0, user=self.salesman)
        renegotiation.with_user(self.sales_manager).write({"route": False})
        self.assertFalse(renegotiation.route)
        order = renegotiation.order_id.with_user(self.salesman)
        order.action_renegotiation_send()
        self.assertEqual(renegotiation.state, "sent")
        order.action_confirm()
        self.assertEqual(renegotiation.state, "applied")
        self.assertTrue(renegotiation.successor_line_id)
