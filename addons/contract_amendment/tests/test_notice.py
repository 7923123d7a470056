# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from .common import ContractAmendmentCommon


class TestNotice(ContractAmendmentCommon):
    """The earliest end of a module is one the renewal job honours."""

    def setUp(self):
        super().setUp()
        self.contract = self._create_contract(
            lines=[
                (
                    self.licence,
                    10,
                    100.0,
                    {
                        "is_auto_renew": True,
                        "date_end": date(2026, 12, 31),
                        "auto_renew_interval": 1,
                        "auto_renew_rule_type": "yearly",
                        "termination_notice_interval": 3,
                        "termination_notice_rule_type": "monthly",
                    },
                ),
                (
                    self.module,
                    10,
                    20.0,
                    {
                        "termination_notice_interval": 1,
                        "termination_notice_rule_type": "monthly",
                    },
                ),
            ]
        )
        self.renewing, self.monthly = self.contract.contract_line_ids

    def test_auto_renewing_module_boundaries(self):
        self.assertEqual(self.renewing.termination_notice_date, date(2026, 9, 30))
        cases = [
            (date(2026, 3, 10), date(2026, 12, 31)),
            (date(2026, 9, 29), date(2026, 12, 31)),
            # the renewal job renews the line on its notice date: a request
            # that day is for the next term
            (date(2026, 9, 30), date(2027, 12, 31)),
            (date(2026, 10, 1), date(2027, 12, 31)),
        ]
        for request, expected in cases:
            with self.subTest(request=request):
                self.assertEqual(
                    self.renewing._get_earliest_end_date(request), expected
                )
                self.assertEqual(
                    self.renewing._get_earliest_change_date(request),
                    date(expected.year + 1, 1, 1),
                )

    def test_other_module_ends_with_an_invoicing_period(self):
        cases = [
            (date(2026, 3, 10), date(2026, 4, 30)),
            (date(2026, 3, 29), date(2026, 4, 30)),
            (date(2026, 3, 30), date(2026, 5, 31)),
        ]
        for request, expected in cases:
            with self.subTest(request=request):
                self.assertEqual(self.monthly._get_earliest_end_date(request), expected)

    def _end_on_the_notice_date(self, job_first):
        with freeze_time("2026-09-30"):
            shown = self.renewing._get_earliest_end_date()
            if job_first:
                self.env["contract.line"].cron_renew_contract_line()
                self.assertEqual(
                    self.renewing._get_module_chain()[-1].date_end, date(2027, 12, 31)
                )
            ended = self.renewing._end_module(shown)
        self.assertEqual(shown, date(2027, 12, 31))
        self.assertEqual(ended.date_end, shown)
        self.assertEqual(self.renewing._get_module_end(), shown)
        self.assertFalse(self.renewing._get_module_chain().filtered("is_auto_renew"))

    def test_date_shown_is_applied_before_the_job(self):
        self._end_on_the_notice_date(job_first=False)

    def test_date_shown_is_applied_after_the_job(self):
        """The job renewed the line on its notice date: the end shown that
        day (before or after the job) is the end applied."""
        self._end_on_the_notice_date(job_first=True)

    def test_renewal_into_a_new_line(self):
        self.contract.company_id.create_new_line_at_contract_line_renew = True
        with freeze_time("2026-09-30"):
            self.env["contract.line"].cron_renew_contract_line()
            renewal = self.renewing.successor_contract_line_id
            self.assertEqual(renewal.date_start, date(2027, 1, 1))
            self.assertEqual(self.renewing._get_earliest_end_date(), date(2027, 12, 31))
            ended = self.renewing._end_module(date(2027, 12, 31))
        self.assertEqual(ended, renewal)
        self.assertFalse(renewal.is_auto_renew)
