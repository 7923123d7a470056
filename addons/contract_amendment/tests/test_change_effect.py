# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from .common import ContractAmendmentCommon


class TestChangeEffect(ContractAmendmentCommon):
    """The preview of a change says what confirming it does: the dates of
    ``_amend`` and ``_end_module``, and the next invoice the contract makes."""

    def setUp(self):
        super().setUp()
        # 10 × 20 a month, pre-paid, one month of notice
        self.contract = self._create_contract(
            lines=[
                (
                    self.module,
                    10,
                    20.0,
                    {
                        "termination_notice_interval": 1,
                        "termination_notice_rule_type": "monthly",
                    },
                )
            ]
        )
        self.line = self.contract.contract_line_ids

    def _invoice_until(self, day):
        self.line.last_date_invoiced = day

    def _assert_next_invoice(self, effect, line):
        """The line's own invoicing after the change is what was shown."""
        self.assertEqual(line.recurring_next_date, effect["next_invoice_date"])
        self.assertEqual(line.next_period_date_start, effect["next_period_start"])
        self.assertEqual(line.next_period_date_end, effect["next_period_end"])
        invoice = self.contract.recurring_create_invoice()
        self.assertEqual(invoice.invoice_date, effect["next_invoice_date"])
        self.assertAlmostEqual(invoice.amount_untaxed, effect["next_invoice_amount"])

    def test_end_preview_boundaries(self):
        """Notice on the 29th is in time for the end of April, on the 30th
        for the end of May; either way April, already due, is invoiced at
        the current price."""
        self._invoice_until(date(2026, 3, 31))
        cases = [
            ("2026-03-29", date(2026, 4, 30)),
            ("2026-03-30", date(2026, 5, 31)),
        ]
        for today, expected_end in cases:
            with self.subTest(today=today), freeze_time(today):
                end = self.line._get_earliest_end_date()
                self.assertEqual(end, expected_end)
                effect = self.line._get_change_effect(end)
                self.assertEqual(
                    effect,
                    {
                        "date_effective": date(
                            expected_end.year, expected_end.month + 1, 1
                        ),
                        "last_date_invoiced": date(2026, 3, 31),
                        "last_day_current": expected_end,
                        "price_subtotal": 0.0,
                        "next_invoice_date": date(2026, 4, 1),
                        "next_period_start": date(2026, 4, 1),
                        "next_period_end": date(2026, 4, 30),
                        "next_invoice_amount": 200.0,
                    },
                )
        with freeze_time("2026-03-29"):
            effect = self.line._get_change_effect(self.line._get_earliest_end_date())
            ended = self.line._end_module(self.line._get_earliest_end_date())
            self.assertEqual(ended.date_end, effect["last_day_current"])
            self._assert_next_invoice(effect, ended)

    def test_end_after_the_invoiced_period_leaves_no_invoice(self):
        self._invoice_until(date(2026, 4, 30))
        with freeze_time("2026-03-10"):
            end = self.line._get_earliest_end_date()
            effect = self.line._get_change_effect(end)
        self.assertEqual(end, date(2026, 4, 30))
        self.assertEqual(effect["date_effective"], date(2026, 5, 1))
        self.assertFalse(effect["next_invoice_date"])
        self.assertEqual(effect["next_invoice_amount"], 0.0)

    def test_price_change_preview_is_what_the_amendment_does(self):
        """Invoiced until the end of April: the new price from May 1st is
        the amount of the next invoice."""
        self._invoice_until(date(2026, 4, 30))
        values = {"specific_price": 25.0}
        with freeze_time("2026-03-10"):
            day = self.line._get_earliest_change_date()
            effect = self.line._get_change_effect(day, values)
            self.assertEqual(day, date(2026, 5, 1))
            self.assertEqual(effect["date_effective"], date(2026, 5, 1))
            self.assertEqual(effect["last_day_current"], date(2026, 4, 30))
            self.assertEqual(effect["price_subtotal"], 250.0)
            self.assertEqual(effect["next_invoice_date"], date(2026, 5, 1))
            self.assertEqual(effect["next_period_end"], date(2026, 5, 31))
            self.assertEqual(effect["next_invoice_amount"], 250.0)
            successor = self.line._amend(day, values)
        self.assertEqual(successor.date_start, effect["date_effective"])
        self.assertEqual(self.line.date_end, effect["last_day_current"])
        self._assert_next_invoice(effect, successor)

    def test_change_inside_an_invoiced_period_starts_after_it(self):
        """Asked for mid-April with April invoiced: from May 1st, as
        ``_amend`` applies it; the price list price passed in wins."""
        self._invoice_until(date(2026, 4, 30))
        with freeze_time("2026-04-10"):
            effect = self.line._get_change_effect(
                date(2026, 4, 15), {"quantity": 12}, price_unit=18.0
            )
            self.assertEqual(effect["date_effective"], date(2026, 5, 1))
            self.assertEqual(effect["price_subtotal"], 216.0)
            successor = self.line._amend(date(2026, 4, 15), {"quantity": 12})
        self.assertEqual(successor.date_start, effect["date_effective"])

    def test_change_before_the_next_period_ends_invoices_the_current_price(self):
        """Nothing invoiced yet (a line from March 1st): the first period is
        invoiced at the current price up to the day before the change."""
        self.line.date_start = date(2026, 3, 1)
        with freeze_time("2026-03-01"):
            effect = self.line._get_change_effect(
                date(2026, 3, 20), {"specific_price": 30.0}
            )
        self.assertFalse(effect["last_date_invoiced"])
        self.assertEqual(effect["date_effective"], date(2026, 3, 20))
        self.assertEqual(effect["next_period_start"], date(2026, 3, 1))
        self.assertEqual(effect["next_period_end"], date(2026, 3, 19))
        self.assertEqual(effect["next_invoice_amount"], 200.0)
        self.assertEqual(effect["price_subtotal"], 300.0)

    @freeze_time("2026-11-10")
    def test_change_after_a_line_invoiced_to_its_end(self):
        """A yearly line invoiced to its end, not renewed yet: a tariff change
        from the renewal is invoiced from that day at the new price."""
        self.line.write(
            {
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "recurring_rule_type": "yearly",
                "is_auto_renew": True,
                "auto_renew_interval": 1,
                "auto_renew_rule_type": "yearly",
            }
        )
        self._invoice_until(date(2026, 12, 31))
        effect = self.line._get_change_effect(
            date(2027, 1, 1), {"specific_price": 30.0}
        )
        self.assertEqual(effect["date_effective"], date(2027, 1, 1))
        self.assertEqual(effect["next_period_start"], date(2027, 1, 1))
        self.assertEqual(effect["next_period_end"], date(2027, 12, 31))
        self.assertEqual(effect["next_invoice_date"], date(2027, 1, 1))
        self.assertAlmostEqual(effect["next_invoice_amount"], 300.0)
