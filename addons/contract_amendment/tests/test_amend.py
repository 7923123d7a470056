# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import ContractAmendmentCommon


@freeze_time("2026-03-10")
class TestAmend(ContractAmendmentCommon):
    """contract.line._amend and _end_module: the one way a module changes."""

    def setUp(self):
        super().setUp()
        self.contract = self._create_contract(
            lines=[
                (self.licence, 10, 100.0, {}),
                (self.module, 10, 20.0, {}),
            ]
        )
        self.line = self.contract.contract_line_ids.filtered(
            lambda li: li.product_id == self.licence
        )

    def test_amendment_is_a_successor_from_its_date(self):
        amended = self.line._amend(
            date(2026, 4, 1), {"quantity": 12, "specific_price": 95.0}
        )
        self.assertNotEqual(amended, self.line)
        self.assertEqual(self.line.date_end, date(2026, 3, 31))
        self.assertEqual(self.line.quantity, 10)
        self.assertEqual(self.line.successor_contract_line_id, amended)
        self.assertEqual(amended.predecessor_contract_line_id, self.line)
        self.assertEqual(amended.date_start, date(2026, 4, 1))
        self.assertFalse(amended.date_end)
        self.assertEqual(amended.quantity, 12)
        self.assertEqual(amended.price_unit, 95.0)
        self.assertFalse(amended.automatic_price)
        # the other module is untouched
        module_line = self.contract.contract_line_ids.filtered(
            lambda li: li.product_id == self.module
        )
        self.assertEqual(len(module_line), 1)
        self.assertEqual(module_line.quantity, 10)
        self.assertFalse(module_line.date_end)
        # the history says what changed
        modification = self.contract.modification_ids.filtered(
            lambda m: "12" in m.description
        )
        self.assertEqual(modification.date, date(2026, 4, 1))
        self.assertIn("Quantity: 10 → 12", modification.description)

    def test_same_amendment_twice_changes_nothing(self):
        values = {"quantity": 12, "specific_price": 95.0}
        amended = self.line._amend(date(2026, 4, 1), values)
        lines_before = self.contract.contract_line_ids
        again = self.line._amend(date(2026, 4, 1), values)
        self.assertEqual(again, amended)
        self.assertEqual(self.contract.contract_line_ids, lines_before)

    def test_invoiced_periods_are_never_changed(self):
        self.line.write(
            {
                "last_date_invoiced": date(2026, 4, 30),
                "recurring_next_date": date(2026, 5, 1),
            }
        )
        amended = self.line._amend(date(2026, 4, 1), {"quantity": 8})
        self.assertEqual(self.line.date_end, date(2026, 4, 30))
        self.assertEqual(self.line.quantity, 10)
        self.assertEqual(amended.date_start, date(2026, 5, 1))
        self.assertEqual(amended.quantity, 8)

    def test_line_not_started_changes_in_place(self):
        upcoming = self.contract.contract_line_ids.create(
            {
                "contract_id": self.contract.id,
                "product_id": self.module.id,
                "name": "Upcoming",
                "quantity": 3,
                "automatic_price": False,
                "specific_price": 20.0,
                "recurring_rule_type": "monthly",
                "date_start": date(2026, 6, 1),
            }
        )
        amended = upcoming._amend(date(2026, 6, 1), {"quantity": 5})
        self.assertEqual(amended, upcoming)
        self.assertEqual(upcoming.quantity, 5)
        self.assertFalse(upcoming.successor_contract_line_id)

    def test_started_line_cannot_change_from_its_start(self):
        with self.assertRaisesRegex(UserError, "started on"):
            self.line._amend(date(2026, 1, 1), {"quantity": 12})
        self.assertEqual(self.line.quantity, 10)

    def test_rules_of_an_amendment(self):
        cases = [
            (date(2025, 12, 31), {"quantity": 12}, "cannot start before"),
            (date(2026, 4, 1), {"quantity": 0}, "at least 1"),
            (date(2026, 4, 1), {"quantity": -5}, "at least 1"),
            (date(2026, 4, 1), {"specific_price": -1.0}, "cannot be negative"),
            (date(2026, 4, 1), {"discount": 101.0}, "between 0 and 100"),
            (date(2026, 4, 1), {"date_end": date(2026, 5, 1)}, "cannot be amended"),
        ]
        for day, values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(UserError, message),
            ):
                self.line._amend(day, values)
        self.assertEqual(len(self.contract.contract_line_ids), 2)
        self.assertFalse(self.line.date_end)

    def test_ended_cancelled_or_archived_module(self):
        self.line.stop(date(2026, 5, 31))
        with self.assertRaisesRegex(UserError, "cannot start after"):
            self.line._amend(date(2026, 6, 1), {"quantity": 12})
        module_line = self.contract.contract_line_ids - self.line
        self.contract.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            module_line._amend(date(2026, 4, 1), {"quantity": 12})

    def test_later_lines_follow(self):
        """A renewal planned ahead (a successor of the same product) takes
        the new quantity and price; a planned tariff change (another product)
        the new quantity only."""
        self.line.write({"date_end": date(2026, 12, 31)})
        renewal = self.line.plan_successor(
            date(2027, 1, 1), date(2027, 12, 31), False, post_message=False
        )
        module_line = self.contract.contract_line_ids.filtered(
            lambda li: li.product_id == self.module
        )
        module_line.stop(date(2026, 6, 30))
        tariff = module_line.with_context(
            contract_amendment_values={
                module_line.id: {
                    "product_id": self.licence.id,
                    "specific_price": 30.0,
                    "automatic_price": False,
                }
            }
        ).plan_successor(date(2026, 7, 1), False, False, post_message=False)
        amended = self.line._amend(
            date(2026, 4, 1), {"quantity": 12, "specific_price": 95.0}
        )
        self.assertEqual(amended.successor_contract_line_id, renewal)
        self.assertEqual(renewal.predecessor_contract_line_id, amended)
        self.assertEqual((renewal.quantity, renewal.price_unit), (12, 95.0))
        module_amended = module_line._amend(
            date(2026, 4, 1), {"quantity": 4, "specific_price": 18.0}
        )
        self.assertEqual(module_amended.successor_contract_line_id, tariff)
        self.assertEqual((tariff.quantity, tariff.price_unit), (4, 30.0))

    def test_end_module(self):
        ended = self.line._end_module(date(2026, 6, 30))
        self.assertEqual(ended, self.line)
        self.assertEqual(self.line.date_end, date(2026, 6, 30))

    def test_end_module_cancels_what_was_planned_after(self):
        self.line.write({"date_end": date(2026, 12, 31)})
        renewal = self.line.plan_successor(
            date(2027, 1, 1), date(2027, 12, 31), False, post_message=False
        )
        self.line._end_module(date(2026, 9, 30))
        self.assertEqual(self.line.date_end, date(2026, 9, 30))
        self.assertFalse(self.line.successor_contract_line_id)
        self.assertTrue(renewal.is_canceled)

    def test_end_module_renews_with_the_job(self):
        """An auto-renewing module asked to end after its current term is
        renewed the way the renewal job does it, then stops renewing."""
        self.line.write(
            {
                "is_auto_renew": True,
                "date_end": date(2026, 12, 31),
                "auto_renew_interval": 1,
                "auto_renew_rule_type": "yearly",
            }
        )
        ended = self.line._end_module(date(2027, 12, 31))
        self.assertEqual(ended.date_end, date(2027, 12, 31))
        self.assertFalse(ended.is_auto_renew)

    def test_end_module_never_before_what_is_invoiced(self):
        self.line.write(
            {
                "last_date_invoiced": date(2026, 4, 30),
                "recurring_next_date": date(2026, 5, 1),
            }
        )
        with self.assertRaisesRegex(UserError, "already invoiced until"):
            self.line._end_module(date(2026, 3, 31))
        self.assertFalse(self.line.date_end)
