# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import RenegotiationCommon


class TestRenegotiationRules(RenegotiationCommon):
    """The rules of the routine, each at its boundaries."""

    CLOSE_DATES = [
        # today, expected closing date (today + 2 days, never past the month)
        ("2027-01-29", date(2027, 1, 31)),
        ("2027-01-30", date(2027, 1, 31)),
        ("2027-01-31", date(2027, 1, 31)),
        ("2027-02-26", date(2027, 2, 28)),
        ("2028-02-26", date(2028, 2, 28)),
        ("2028-02-27", date(2028, 2, 29)),
        ("2028-02-28", date(2028, 2, 29)),
        ("2027-12-30", date(2027, 12, 31)),
    ]

    def test_close_date_rule(self):
        for today, expected in self.CLOSE_DATES:
            with self.subTest(today=today):
                self.assertEqual(
                    self.company._get_renegotiation_close_date(
                        date.fromisoformat(today)
                    ),
                    expected,
                )

    def test_close_date_frozen_in_wizard_and_deal(self):
        """The wizard shows it and the deal gets it, on the frozen day."""
        for today, expected in self.CLOSE_DATES[1:6]:
            with self.subTest(today=today), freeze_time(today):
                form = self._wizard_form()
                self.assertEqual(form.close_date, expected)
                renegotiation = self._start(20, 95.0)
                self.assertEqual(renegotiation.lead_id.date_deadline, expected)

    def test_close_date_offset_is_configurable(self):
        self.company.renegotiation_close_days = 0
        self.assertEqual(
            self.company._get_renegotiation_close_date(date(2027, 3, 10)),
            date(2027, 3, 10),
        )
        self.company.renegotiation_close_days = 5
        self.assertEqual(
            self.company._get_renegotiation_close_date(date(2027, 3, 10)),
            date(2027, 3, 15),
        )

    @freeze_time("2027-03-10")
    def test_signing_deadline_from_template(self):
        """R4: the quotation is valid (to sign) until today + 7 days."""
        form = self._wizard_form()
        self.assertEqual(form.signing_deadline, date(2027, 3, 17))
        renegotiation = self._start(20, 95.0)
        self.assertEqual(renegotiation.order_id.validity_date, date(2027, 3, 17))
        self.template.number_of_days = 14
        renegotiation = self._start(21, 95.0)
        self.assertEqual(renegotiation.order_id.validity_date, date(2027, 3, 24))

    def test_routing_boundaries(self):
        route = self.company._get_adjustment_route
        cases = [
            # old, new, expected route
            (10, 9, "invoice_service"),
            (10, 1, "invoice_service"),
            (10, 0, "invoice_service"),
            (11, 9, "invoice_service"),  # 18.18 %
            (11, 8, "customer_success"),  # 27.27 %
            (10000, 8001, "invoice_service"),  # 19.99 %
            (10000, 8000, "customer_success"),  # 20 %
            (100, 81, "invoice_service"),  # 19 %
            (100, 80, "customer_success"),  # 20 %
            (25, 20, "customer_success"),  # 20 %
            (25, 21, "invoice_service"),  # 16 %
            (25, 25, False),
            (25, 30, False),
            (5, 6, False),
        ]
        for old, new, expected in cases:
            with self.subTest(old=old, new=new):
                self.assertEqual(route(old, new), expected)

    def test_routing_thresholds_are_configurable(self):
        self.company.renegotiation_licence_threshold = 30
        self.assertEqual(self.company._get_adjustment_route(25, 5), "invoice_service")
        self.company.renegotiation_licence_threshold = 10
        self.company.renegotiation_reduction_threshold = 50.0
        self.assertEqual(self.company._get_adjustment_route(25, 13), "invoice_service")
        self.assertEqual(self.company._get_adjustment_route(26, 13), "customer_success")

    def test_routing_targets(self):
        team, user = self.company._get_adjustment_route_target("invoice_service")
        self.assertEqual((team, user), (self.invoice_team, self.invoice_user))
        team, user = self.company._get_adjustment_route_target("customer_success")
        self.assertEqual((team, user), (self.success_team, self.success_user))
        self.company.renegotiation_success_user_id = False
        self.success_team.user_id = self.sales_manager
        team, user = self.company._get_adjustment_route_target("customer_success")
        self.assertEqual(user, self.sales_manager, "falls back on the team leader")

    def test_increase_window_boundary(self):
        window = self.company._is_within_increase_window
        start = date(2022, 3, 15)
        self.assertTrue(window(start, date(2022, 3, 15)))
        self.assertTrue(window(start, date(2025, 3, 14)))
        self.assertFalse(window(start, date(2025, 3, 15)), "36 months exactly")
        self.assertFalse(window(start, date(2025, 3, 16)))
        # month ends
        self.assertTrue(window(date(2022, 1, 31), date(2025, 1, 30)))
        self.assertFalse(window(date(2022, 1, 31), date(2025, 1, 31)))
        self.company.renegotiation_increase_months = 12
        self.assertFalse(window(start, date(2023, 3, 15)))
        self.assertTrue(window(start, date(2023, 3, 14)))

    def test_settings_are_validated(self):
        for field_name, value in [
            ("renegotiation_close_days", -1),
            ("renegotiation_licence_threshold", -1),
            ("renegotiation_reduction_threshold", 0.0),
            ("renegotiation_reduction_threshold", 100.5),
            ("renegotiation_increase_months", 0),
        ]:
            with (
                self.subTest(field=field_name, value=value),
                self.assertRaises(ValidationError),
            ):
                self.company.write({field_name: value})

    def test_settings_through_config(self):
        """The settings page writes the company (admin)."""
        settings = self.env["res.config.settings"].create(
            {
                "renegotiation_close_days": 3,
                "renegotiation_licence_threshold": 12,
                "renegotiation_reduction_threshold": 25.0,
            }
        )
        settings.execute()
        self.assertEqual(self.company.renegotiation_close_days, 3)
        self.assertEqual(self.company.renegotiation_licence_threshold, 12)
        self.assertEqual(self.company.renegotiation_reduction_threshold, 25.0)
