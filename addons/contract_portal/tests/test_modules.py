# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import ContractPortalCommon


class TestContractPortalNotice(ContractPortalCommon):
    """The earliest end date: the notice period and its boundaries."""

    def _line(self, **values):
        return self._create_line(self.contract, **values)

    def test_monthly_open_ended_month_ends(self):
        line = self._line(date_start=date(2025, 1, 1))
        cases = [
            # request date, earliest end (1 month notice, monthly periods):
            # on time strictly before the end minus the notice, the date
            # contract_line_successor's renewal job renews a line on
            (date(2026, 1, 27), date(2026, 2, 28)),  # before Jan 28
            (date(2026, 1, 28), date(2026, 3, 31)),  # Feb 28 - 1 month
            (date(2026, 1, 31), date(2026, 3, 31)),
            (date(2026, 2, 27), date(2026, 3, 31)),
            (date(2026, 2, 28), date(2026, 4, 30)),  # Mar 31 - 1 month
            (date(2028, 1, 28), date(2028, 2, 29)),  # leap year: Jan 29
            (date(2028, 1, 29), date(2028, 3, 31)),
            (date(2026, 11, 29), date(2026, 12, 31)),
            (date(2026, 11, 30), date(2027, 1, 31)),  # over the year end
            (date(2026, 12, 31), date(2027, 2, 28)),
        ]
        for request_date, expected in cases:
            with self.subTest(request_date=request_date):
                self.assertEqual(line._get_earliest_end_date(request_date), expected)
                self.assertEqual(
                    line._get_earliest_change_date(request_date),
                    date.fromordinal(expected.toordinal() + 1),
                )

    def test_yearly_auto_renew_termination_notice_date(self):
        # A yearly term ending on Dec 31 with 3 months notice: notice on time
        # until Sep 30 (contract_line_successor's termination notice date).
        line = self._line(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            is_auto_renew=True,
            auto_renew_rule_type="yearly",
            auto_renew_interval=1,
            recurring_rule_type="yearly",
            termination_notice_interval=3,
        )
        self.assertEqual(line.termination_notice_date, date(2026, 9, 30))
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 9, 29)), date(2026, 12, 31)
        )
        # the renewal job renews the line on its termination notice date
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 9, 30)), date(2027, 12, 31)
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 10, 1)), date(2027, 12, 31)
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2027, 12, 31)), date(2028, 12, 31)
        )

    def test_notice_in_days_and_weeks(self):
        line = self._line(
            date_start=date(2026, 1, 1),
            termination_notice_interval=14,
            termination_notice_rule_type="daily",
            recurring_rule_type="monthlylastday",
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 1, 16)), date(2026, 1, 31)
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 1, 17)), date(2026, 2, 28)
        )
        line.write(
            {"termination_notice_rule_type": "weekly", "termination_notice_interval": 2}
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 1, 18)), date(2026, 2, 28)
        )
        line.write({"termination_notice_interval": 0})
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 3, 5)), date(2026, 3, 31)
        )

    def test_never_before_invoiced_period(self):
        line = self._line(
            date_start=date(2026, 1, 1),
            recurring_rule_type="yearly",
            last_date_invoiced=date(2026, 12, 31),
        )
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 2, 10)), date(2026, 12, 31)
        )

    def test_fixed_end_date_caps(self):
        line = self._line(date_start=date(2026, 1, 1), date_end=date(2026, 2, 15))
        self.assertEqual(
            line._get_earliest_end_date(date(2026, 1, 20)), date(2026, 2, 15)
        )


class TestContractPortalModules(ContractPortalCommon):
    """Cancel, change tariff, options and information of the modules."""

    def setUp(self):
        super().setUp()
        self.line = self._create_line(self.contract, date_start=date(2026, 1, 1))

    @freeze_time("2026-03-31")
    def test_owner_cancels_at_earliest_date(self):
        option = self.line.sudo()._contract_portal_apply_add_option(
            self.option_recording, date(2026, 2, 1)
        )
        date_end = self.line.with_user(self.owner)._contract_portal_cancel()
        self.assertEqual(date_end, date(2026, 5, 31))
        self.assertEqual(self.line.date_end, date(2026, 5, 31))
        self.assertEqual(self.line._get_contract_portal_state(), "ending")
        # The options end with their module.
        self.assertEqual(option.date_end, date(2026, 5, 31))
        self.assertIn(
            "cancelled", self.contract.message_ids[:1].body, "the request is logged"
        )
        # Twice is once: the second request is refused, nothing moves.
        with self.assertRaises(UserError):
            self.line.with_user(self.owner)._contract_portal_cancel()
        self.assertEqual(self.line.date_end, date(2026, 5, 31))

    @freeze_time("2026-03-31")
    def test_customer_cannot_choose_date_manager_can(self):
        with self.assertRaises(AccessError):
            self.line.with_user(self.owner)._contract_portal_cancel(date(2026, 4, 1))
        self.assertFalse(self.line.date_end)
        with self.assertRaises(AccessError):
            self.line.with_user(self.colleague)._contract_portal_cancel()
        with self.assertRaises(AccessError):
            self.line.with_user(self.other_owner)._contract_portal_cancel()
        self.assertFalse(self.line.date_end)
        self.line.with_user(self.manager)._contract_portal_cancel(date(2026, 4, 10))
        self.assertEqual(self.line.date_end, date(2026, 4, 10))

    @freeze_time("2026-03-31")
    def test_manager_date_keeps_invoicing_consistent(self):
        self.line.sudo().last_date_invoiced = date(2026, 3, 31)
        with self.assertRaises(UserError):
            self.line.with_user(self.manager)._contract_portal_cancel(date(2026, 3, 15))
        with self.assertRaises(UserError):
            self.line.with_user(self.manager)._contract_portal_cancel(date(2025, 12, 1))
        self.assertFalse(self.line.date_end)

    @freeze_time("2026-10-01")
    def test_cancel_auto_renew_after_notice_date(self):
        line = self._create_line(
            self.contract,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            is_auto_renew=True,
            auto_renew_rule_type="yearly",
            auto_renew_interval=1,
            recurring_rule_type="yearly",
            termination_notice_interval=3,
        )
        line.with_user(self.owner)._contract_portal_cancel()
        self.assertEqual(line.date_end, date(2027, 12, 31))
        self.assertFalse(line.is_auto_renew)

    @freeze_time("2026-03-31")
    def test_change_tariff(self):
        self.line.sudo().contract_portal_info_ids = [
            (0, 0, {"name": "Main number", "value": "123", "customer_editable": True})
        ]
        option_kept = self.line.sudo()._contract_portal_apply_add_option(
            self.option_recording, date(2026, 2, 1)
        )
        option_dropped = self.line.sudo()._contract_portal_apply_add_option(
            self.option_numbers, date(2026, 2, 1)
        )
        successor = self.line.with_user(self.owner)._contract_portal_change_tariff(
            self.tariff_pro
        )
        self.assertEqual(self.line.date_end, date(2026, 5, 31))
        self.assertEqual(successor.date_start, date(2026, 6, 1))
        self.assertEqual(successor.product_id, self.tariff_pro)
        self.assertEqual(successor.price_unit, 49.0)
        self.assertEqual(successor.predecessor_contract_line_id, self.line)
        self.assertFalse(successor.date_end)
        # Information and the options the new tariff offers follow the module.
        self.assertEqual(successor.contract_portal_info_ids.value, "123")
        self.assertEqual(option_kept.addon_parent_line_id, successor)
        self.assertFalse(option_kept.date_end)
        self.assertEqual(option_dropped.date_end, date(2026, 5, 31))
        # Shown as one module with its pending change until it happens.
        rows = self.contract.contract_line_ids._get_contract_portal_module_rows()
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["line"], self.line)
        self.assertEqual(rows[0]["successor"], successor)
        self.assertEqual(
            {row["line"] for row in rows[0]["options"]}, {option_kept, option_dropped}
        )
        with freeze_time("2026-06-02"):
            rows = self.contract.contract_line_ids._get_contract_portal_module_rows()
            self.assertEqual([row["line"] for row in rows], [successor])
            self.assertEqual(rows[0]["state"], "active")

    @freeze_time("2026-03-31")
    def test_change_tariff_keeps_discount(self):
        self.line.sudo().discount = 10.0
        successor = self.line.with_user(self.owner)._contract_portal_change_tariff(
            self.tariff_pro
        )
        self.assertEqual(successor.discount, 10.0)

    @freeze_time("2026-03-31")
    def test_change_tariff_refusals(self):
        with self.assertRaisesRegex(UserError, "Please choose the new tariff"):
            self.line.with_user(self.owner)._contract_portal_change_tariff(
                self.env["product.product"]
            )
        with self.assertRaises(UserError):
            self.line.with_user(self.owner)._contract_portal_change_tariff(
                self.option_recording
            )
        with self.assertRaises(AccessError):
            self.line.with_user(self.owner)._contract_portal_change_tariff(
                self.tariff_pro, date_start=date(2026, 4, 1)
            )
        with self.assertRaises(AccessError):
            self.line.with_user(self.colleague)._contract_portal_change_tariff(
                self.tariff_pro
            )
        self.assertFalse(self.line.successor_contract_line_id)
        successor = self.line.with_user(self.manager)._contract_portal_change_tariff(
            self.tariff_pro, date_start=date(2026, 4, 15)
        )
        self.assertEqual(successor.date_start, date(2026, 4, 15))
        self.assertEqual(self.line.date_end, date(2026, 4, 14))

    @freeze_time("2026-03-31")
    def test_add_option_manager_only(self):
        with self.assertRaises(AccessError):
            self.line.with_user(self.owner)._contract_portal_add_option(
                self.option_recording
            )
        with self.assertRaisesRegex(UserError, "Please choose the option"):
            self.line.with_user(self.manager)._contract_portal_add_option(
                self.env["product.product"]
            )
        option = self.line.with_user(self.manager)._contract_portal_add_option(
            self.option_recording
        )
        self.assertEqual(option.addon_parent_line_id, self.line)
        self.assertEqual(option.date_start, date(2026, 3, 31))
        self.assertEqual(option.price_unit, 9.0)
        with self.assertRaises(UserError):
            self.line.with_user(self.manager)._contract_portal_add_option(
                self.option_recording
            )
        with self.assertRaises(UserError):
            self.line.with_user(self.manager)._contract_portal_add_option(
                self.tariff_pro
            )

    def test_module_information(self):
        self.line.sudo().contract_portal_info_ids = [
            (0, 0, {"name": "Number", "value": "1", "customer_editable": True}),
            (0, 0, {"name": "Trunk", "value": "t1", "customer_editable": False}),
        ]
        number, trunk = self.line.contract_portal_info_ids
        self.line.with_user(self.owner)._contract_portal_write_info({number.id: "2"})
        self.assertEqual(number.value, "2")
        self.assertIn("1 → 2", self.contract.message_ids[:1].body)
        with self.assertRaises(AccessError):
            self.line.with_user(self.owner)._contract_portal_write_info(
                {number.id: "3", trunk.id: "t2"}
            )
        self.assertEqual((number.value, trunk.value), ("2", "t1"))
        with self.assertRaises(AccessError):
            self.line.with_user(self.colleague)._contract_portal_write_info(
                {number.id: "4"}
            )
        self.line.with_user(self.manager)._contract_portal_write_info({trunk.id: "t3"})
        self.assertEqual(trunk.value, "t3")
        other_line = self._create_line(self.other_contract)
        other_info = self.env["contract.line.info"].create(
            {"contract_line_id": other_line.id, "name": "X", "customer_editable": True}
        )
        with self.assertRaises(UserError):
            self.line.with_user(self.owner)._contract_portal_write_info(
                {other_info.id: "stolen"}
            )
        self.assertFalse(other_info.value)
        # An ended module's information is history (the page shows no form).
        self.line.sudo().date_end = date(2026, 1, 31)
        with (
            freeze_time("2026-02-01"),
            self.assertRaisesRegex(UserError, "has already ended"),
        ):
            self.line.with_user(self.owner)._contract_portal_write_info(
                {number.id: "5"}
            )
        self.assertEqual(number.value, "2")

    def test_periods_read_in_the_language(self):
        """Recurrences and notice periods read "3 months", translated (OCA's
        selection labels read "Month(s)")."""
        Line = self.env["contract.line"]
        self.assertEqual(
            Line._get_contract_portal_duration_text(1, "monthly"), "1 month"
        )
        self.assertEqual(
            Line._get_contract_portal_duration_text(3, "yearly"), "3 years"
        )
        self.assertEqual(self.line._get_contract_portal_period_text(), "1 month")
        self.line.termination_notice_interval = 2
        self.assertEqual(self.line._get_contract_portal_notice_text(), "2 months")
        self.env["res.lang"]._activate_lang("nb_NO")
        self.assertEqual(
            self.line.with_context(lang="nb_NO")._get_contract_portal_notice_text(),
            "2 måneder",
        )

    @freeze_time("2026-06-15")
    def test_states(self):
        lines = {
            "active": self.line,
            "upcoming": self._create_line(self.contract, date_start=date(2026, 7, 1)),
            "ending": self._create_line(
                self.contract, date_start=date(2026, 1, 1), date_end=date(2026, 6, 30)
            ),
            "ended": self._create_line(
                self.contract, date_start=date(2026, 1, 1), date_end=date(2026, 6, 14)
            ),
        }
        for state, line in lines.items():
            with self.subTest(state=state):
                self.assertEqual(line._get_contract_portal_state(), state)
        rows = self.contract.contract_line_ids._get_contract_portal_module_rows()
        by_line = {row["line"]: row for row in rows}
        self.assertTrue(by_line[lines["active"]]["can_cancel"])
        self.assertTrue(by_line[lines["active"]]["can_change_tariff"])
        self.assertFalse(by_line[lines["ending"]]["can_cancel"])
        self.assertFalse(by_line[lines["ended"]]["can_cancel"])

    @freeze_time("2027-01-01")
    def test_auto_renew_waiting_for_renewal_is_active(self):
        """A line past its end date that renews itself is waiting for the
        renewal cron: it is active and keeps the account from deletion."""
        self.line.sudo().unlink()
        line = self._create_line(
            self.contract,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            is_auto_renew=True,
            auto_renew_rule_type="yearly",
            auto_renew_interval=1,
            recurring_rule_type="yearly",
            termination_notice_interval=0,
        )
        self.assertEqual(line._get_contract_portal_state(), "active")
        self.assertEqual(
            self.account._get_contract_account_deletion_blockers(),
            [f"{line.name} is active."],
        )
        # Once stopped, it ends on its end date.
        line.write({"is_auto_renew": False})
        self.assertEqual(line._get_contract_portal_state(), "ended")
        self.assertEqual(self.account._get_contract_account_deletion_blockers(), [])

    @freeze_time("2026-10-15")
    def test_renewal_keeps_information_and_options(self):
        """OCA's renewal with a new line hands the module over like a tariff
        change: its information and options follow."""
        self.env.company.create_new_line_at_contract_line_renew = True
        line = self._create_line(
            self.contract,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            is_auto_renew=True,
            auto_renew_rule_type="yearly",
            auto_renew_interval=1,
            recurring_rule_type="yearly",
            termination_notice_interval=3,
        )
        line.contract_portal_info_ids = [(0, 0, {"name": "Number", "value": "7"})]
        option = line.sudo()._contract_portal_apply_add_option(
            self.option_recording, date(2026, 2, 1)
        )
        self.assertEqual(option.date_end, date(2026, 12, 31))
        new_line = line.renew()
        self.assertEqual(new_line.date_start, date(2027, 1, 1))
        self.assertEqual(new_line.contract_portal_info_ids.value, "7")
        self.assertEqual(option.addon_parent_line_id, new_line)
