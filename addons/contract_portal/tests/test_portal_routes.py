# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ContractPortalCommon

PAGE = "/my/contract-management"


@tagged("post_install", "-at_install")
class TestContractPortalRoutes(ContractPortalCommon, HttpCase):
    """Every route: who gets in, what GET and POST may do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._create_line(cls.contract, date_start=date(2026, 1, 1))
        cls.info = cls.env["contract.line.info"].create(
            {
                "contract_line_id": cls.line.id,
                "name": "Main number",
                "value": "100",
                "customer_editable": True,
            }
        )
        cls.restricted_info = cls.env["contract.line.info"].create(
            {
                "contract_line_id": cls.line.id,
                "name": "Trunk",
                "value": "t1",
                "customer_editable": False,
            }
        )
        cls.other_line = cls._create_line(
            cls.other_contract, date_start=date(2026, 1, 1)
        )
        # Only the legal documents of this test are published.
        cls.env["contract.legal.document"].search([]).action_archive()
        cls.terms = cls.env["contract.legal.document"].create(
            {
                "name": "Terms",
                "document_type": "terms",
                "version": "T-1",
                "date_effective": date(2025, 1, 1),
                "url": "https://example.com/terms.pdf",
            }
        )
        cls.privacy = cls.env["contract.legal.document"].create(
            {
                "name": "Privacy",
                "document_type": "privacy",
                "version": "P-1",
                "date_effective": date(2025, 1, 1),
                "url": "https://example.com/privacy.pdf",
            }
        )

    # helpers

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    def _state(self):
        """What a route could change: compared before and after."""
        self.env.invalidate_all()
        return (
            self.account.read(
                [
                    "contract_billing_address_id",
                    "contract_customer_number",
                    "contract_purchase_order_number",
                    "contract_vat_treatment",
                    "contract_test_account",
                    "contract_invoice_recipient_ids",
                    "contract_invoice_delivery_mode",
                    "contract_account_owner_id",
                ]
            ),
            self.contract.read(
                ["partner_id", "payment_term_id", "manual_period_date_start"]
            ),
            (self.line | self.other_line).read(
                ["date_end", "successor_contract_line_id", "is_auto_renew"]
            ),
            self.contract.contract_line_ids.ids,
            (self.info | self.restricted_info).read(["value"]),
            self.env["contract.legal.acceptance"].search_count([]),
            self.env["contract.account.deletion"].search_count([]),
            (self.owner | self.colleague)
            .with_context(active_test=False)
            .read(["active"]),
        )

    def _get_urls(self, line):
        return [
            PAGE,
            f"{PAGE}?tab=modules",
            f"{PAGE}/module/{line.id}/cancel",
            f"{PAGE}/module/{line.id}/change-tariff",
            f"{PAGE}/delete-account",
        ]

    def _post_requests(self, line, account):
        return [
            (
                f"{PAGE}/account",
                {"partner_id": account.id, "contract_purchase_order_number": "PO-X"},
            ),
            (f"{PAGE}/contract/{line.contract_id.id}", {"payment_term_id": ""}),
            (f"{PAGE}/module/{line.id}/cancel", {}),
            (
                f"{PAGE}/module/{line.id}/change-tariff",
                {"product_id": self.tariff_pro.id},
            ),
            (f"{PAGE}/module/{line.id}/info", {f"info_{self.info.id}": "999"}),
            (
                f"{PAGE}/module/{line.id}/add-option",
                {"product_id": self.option_recording.id},
            ),
            (
                f"{PAGE}/legal/accept",
                {"partner_id": account.id, "document_ids": self.terms.id},
            ),
            (f"{PAGE}/delete-account", {"partner_id": account.id, "confirm": "1"}),
        ]

    # tests

    def test_public_user_goes_to_login(self):
        before = self._state()
        for url in self._get_urls(self.line) + [f"{PAGE}/legal/{self.terms.id}"]:
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 303)
                self.assertIn("/web/login", response.headers["Location"])
        for url, data in self._post_requests(self.line, self.account):
            with self.subTest(url=url):
                response = self._post(url, data, csrf=False)
                self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self._state(), before)

    def test_other_company_user_refused(self):
        self._login(self.other_owner)
        before = self._state()
        response = self._get(f"{PAGE}?partner_id={self.account.id}")
        self.assertEqual(response.status_code, 403)
        for url in self._get_urls(self.line)[2:4]:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        with mute_logger("odoo.http"):
            for url, data in self._post_requests(self.line, self.account):
                with self.subTest(url=url):
                    self.assertIn(self._post(url, data).status_code, (403, 404))
        self.assertEqual(self._state(), before)
        # Their own page shows their account only.
        response = self._get(PAGE)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Other Customer Inc", response.text)
        self.assertNotIn("Portal Customer Ltd", response.text)

    def test_get_never_changes_anything(self):
        for user in (self.owner, self.manager):
            self._login(user)
            before = self._state()
            suffix = f"partner_id={self.account.id}" if user == self.manager else ""
            for url in self._get_urls(self.line):
                sep = "&" if "?" in url else "?"
                # Parameters of the POST forms sent with GET change nothing.
                query = (
                    f"{sep}{suffix}&date_end=2026-02-01&product_id={self.tariff_pro.id}"
                    f"&contract_purchase_order_number=GET&confirm=1"
                )
                with self.subTest(user=user.login, url=url):
                    response = self._get(url + query)
                    self.assertEqual(response.status_code, 200)
            self.assertEqual(self._state(), before)

    def test_post_without_csrf_refused(self):
        self._login(self.owner)
        before = self._state()
        with mute_logger("odoo.http"):
            for url, data in self._post_requests(self.line, self.account):
                with self.subTest(url=url):
                    data.pop("partner_id", None)
                    self.assertEqual(self._post(url, data, csrf=False).status_code, 400)
        self.assertEqual(self._state(), before)

    def test_manager_only_fields_refused_for_portal_users(self):
        self._login(self.owner)
        before = self._state()
        for url, data in (
            (f"{PAGE}/account", {"contract_vat_treatment": "exempt"}),
            (f"{PAGE}/account", {"contract_test_account": "1"}),
            (
                f"{PAGE}/account",
                {"contract_account_owner_id": self.colleague_contact.id},
            ),
            (
                f"{PAGE}/account",
                {"contract_customer_number": "OK", "contract_test_account": "1"},
            ),
            (
                f"{PAGE}/contract/{self.contract.id}",
                {"partner_id": self.colleague_contact.id},
            ),
            (
                f"{PAGE}/contract/{self.contract.id}",
                {"manual_period_date_start": "2025-01-01"},
            ),
            (f"{PAGE}/module/{self.line.id}/cancel", {"date_end": "2026-12-31"}),
            (
                f"{PAGE}/module/{self.line.id}/change-tariff",
                {"product_id": self.tariff_pro.id, "date_start": "2026-12-01"},
            ),
            (
                f"{PAGE}/module/{self.line.id}/info",
                {f"info_{self.restricted_info.id}": "x"},
            ),
            (
                f"{PAGE}/module/{self.line.id}/add-option",
                {"product_id": self.option_recording.id},
            ),
        ):
            with self.subTest(url=url, data=data):
                response = self._post(url, data)
                self.assertEqual(response.status_code, 403)
                self.assertIn("You are not allowed to change", response.text)
        self.assertEqual(self._state(), before)
        # A colleague only reads.
        self._login(self.colleague)
        response = self._post(f"{PAGE}/account", {"contract_customer_number": "C"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self._state(), before)
        response = self._get(PAGE)
        self.assertNotIn('name="form_customer_number"', response.text)
        # The sub-pages show what would happen, but no form to confirm.
        for path, form in (
            (f"/module/{self.line.id}/cancel", "form_cancel"),
            (f"/module/{self.line.id}/change-tariff", "form_change_tariff"),
        ):
            with self.subTest(path=path):
                response = self._get(PAGE + path)
                self.assertEqual(response.status_code, 200)
                self.assertIn('name="not_allowed"', response.text)
                self.assertNotIn(f'name="{form}"', response.text)
        self.line.sudo().write(
            {"date_end": date(2026, 1, 31), "last_date_invoiced": date(2026, 1, 31)}
        )
        response = self._get(f"{PAGE}/delete-account")
        self.assertIn('name="not_allowed"', response.text)
        self.assertNotIn('name="form_delete_account"', response.text)
        self._login(self.owner)
        response = self._get(f"{PAGE}/delete-account")
        self.assertNotIn('name="not_allowed"', response.text)
        self.assertIn('name="form_delete_account"', response.text)

    def test_owner_changes_settings(self):
        self._login(self.owner)
        page = self._get(PAGE)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="form_billing_address"', page.text)
        self.assertNotIn('name="form_vat_treatment"', page.text)
        response = self._post(
            f"{PAGE}/account",
            {"contract_billing_address_id": self.invoice_address.id},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=saved", response.headers["Location"])
        response = self.url_open(
            f"{PAGE}/account",
            data=[
                ("csrf_token", Request.csrf_token(self)),
                ("contract_invoice_recipient_ids", ""),
                ("contract_invoice_recipient_ids", str(self.owner_contact.id)),
                ("contract_invoice_recipient_ids", str(self.colleague_contact.id)),
                ("contract_invoice_delivery_mode", "link"),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.account.contract_billing_address_id, self.invoice_address)
        self.assertEqual(
            self.account.contract_invoice_recipient_ids,
            self.owner_contact | self.colleague_contact,
        )
        self.assertEqual(self.account.contract_invoice_delivery_mode, "link")
        # Another company's contact as billing address: clear error, no change.
        response = self._post(
            f"{PAGE}/account", {"contract_billing_address_id": self.other_contact.id}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please choose among the contacts", response.text)
        self.assertNotIn(self.other_contact.name, response.text)
        self.env.invalidate_all()
        self.assertEqual(self.account.contract_billing_address_id, self.invoice_address)
        # Unknown fields are refused.
        with mute_logger("odoo.http"):
            response = self._post(f"{PAGE}/account", {"name": "Hijacked"})
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.account.name, "Portal Customer Ltd")
        # Module information flagged customer-editable.
        response = self._post(
            f"{PAGE}/module/{self.line.id}/info", {f"info_{self.info.id}": "555"}
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.info.value, "555")

    def test_manager_mode(self):
        fiscal_position = self.env["account.fiscal.position"].create({"name": "RC"})
        self.env.company.contract_reverse_charge_fiscal_position_id = fiscal_position
        self._login(self.manager)
        response = self._get(f"{PAGE}?partner_id={self.owner_contact.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="manager_mode"', response.text)
        self.assertIn("Portal Customer Ltd", response.text)
        self.assertIn('name="form_vat_treatment"', response.text)
        response = self._post(
            f"{PAGE}/account",
            {"partner_id": self.account.id, "contract_vat_treatment": "reverse_charge"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"partner_id={self.account.id}", response.headers["Location"])
        response = self.url_open(
            f"{PAGE}/account",
            data=[
                ("csrf_token", Request.csrf_token(self)),
                ("partner_id", str(self.account.id)),
                ("contract_test_account", "0"),
                ("contract_test_account", "1"),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        term = self.env.ref("account.account_payment_term_30days")
        response = self._post(
            f"{PAGE}/contract/{self.contract.id}",
            {"payment_term_id": term.id},
        )
        self.assertEqual(response.status_code, 303)
        response = self._post(
            f"{PAGE}/module/{self.line.id}/add-option",
            {"product_id": self.option_recording.id},
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.account.contract_vat_treatment, "reverse_charge")
        self.assertTrue(self.account.contract_test_account)
        self.assertEqual(self.contract.payment_term_id, term)
        self.assertEqual(self.line.addon_line_ids.product_id, self.option_recording)
        # Staff who are not contract managers cannot open a customer's page.
        self._login(self.staff)
        self.assertEqual(
            self._get(f"{PAGE}?partner_id={self.account.id}").status_code, 403
        )

    def _check_notice_page(self, today, expected):
        with freeze_time(today):
            self._login(self.owner)
            response = self._get(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertEqual(response.status_code, 200)
            self.assertIn(f'data-date="{expected}"', response.text)

    def test_notice_period_dates_frozen(self):
        # one month notice, on time strictly before the end minus the notice
        for today, expected in (
            ("2026-01-27", "2026-02-28"),
            ("2026-01-28", "2026-03-31"),
            ("2026-01-31", "2026-03-31"),
            ("2026-02-01", "2026-03-31"),
            ("2026-12-31", "2027-02-28"),
        ):
            with self.subTest(today=today):
                self._check_notice_page(today, expected)
        with freeze_time("2026-12-31"):
            self._login(self.owner)
            response = self._get(f"{PAGE}/module/{self.line.id}/change-tariff")
            self.assertIn('data-date="2027-03-01"', response.text)
            response = self._post(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertEqual(response.status_code, 303)
            self.env.invalidate_all()
            self.assertEqual(self.line.date_end, date(2027, 2, 28))
            response = self._get(f"{PAGE}?tab=modules")
            self.assertIn('name="module_pending_end"', response.text)
            self.assertIn('data-date="2027-02-28"', response.text)
            # Asking again: the page says why, nothing moves.
            response = self._post(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertEqual(response.status_code, 400)
            self.assertIn("already ends on", response.text)

    def test_routes_act_on_shown_lines_only(self):
        """Renewed into a new line on its notice date, the module is one row
        (the running line, renewed from its end); no route acts on the
        planned line the page does not show, and the running line is
        cancelled at the end of the renewed term, as the page says."""
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
        with freeze_time("2026-10-05"):
            self.env["contract.line"].cron_renew_contract_line()
            renewal = line.successor_contract_line_id
            self.assertEqual(renewal.date_start, date(2027, 1, 1))
            self._login(self.owner)
            page = self._get(f"{PAGE}?tab=modules")
            self.assertIn(f"/module/{line.id}/cancel", page.text)
            self.assertNotIn(f"/module/{renewal.id}/", page.text)
            fields = ["date_end", "is_auto_renew", "is_canceled", "product_id"]
            before = (self._state(), (line | renewal).read(fields))
            for url in (
                f"{PAGE}/module/{renewal.id}/cancel",
                f"{PAGE}/module/{renewal.id}/change-tariff",
            ):
                with self.subTest(url=url):
                    self.assertEqual(self._get(url).status_code, 404)
                    self.assertEqual(self._post(url).status_code, 404)
            self.assertEqual((self._state(), (line | renewal).read(fields)), before)
            response = self._get(f"{PAGE}/module/{line.id}/cancel")
            self.assertIn('data-date="2027-12-31"', response.text)
            response = self._post(f"{PAGE}/module/{line.id}/cancel")
            self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(renewal.date_end, date(2027, 12, 31))
        self.assertFalse(renewal.is_auto_renew)
        self.assertEqual(line.date_end, date(2026, 12, 31))

    def test_manager_overrides_date(self):
        with freeze_time("2026-03-10"):
            self._login(self.manager)
            response = self._get(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertIn('name="date_end"', response.text)
            response = self._post(
                f"{PAGE}/module/{self.line.id}/cancel", {"date_end": "2026-03-20"}
            )
            self.assertEqual(response.status_code, 303)
            self.env.invalidate_all()
            self.assertEqual(self.line.date_end, date(2026, 3, 20))

    def test_change_tariff_route(self):
        with freeze_time("2026-03-10"):
            self._login(self.owner)
            page = self._get(f"{PAGE}/module/{self.line.id}/change-tariff")
            self.assertIn("Phone Pro", page.text)
            # Breadcrumbs: Contract management > Modules > the module.
            self.assertIn(f'<a href="{PAGE}?tab=modules">', page.text)
            response = self._post(f"{PAGE}/module/{self.line.id}/change-tariff")
            self.assertEqual(response.status_code, 400)
            self.assertIn("Please choose the new tariff", response.text)
            self.assertIn('name="form_change_tariff"', response.text)
            response = self._post(
                f"{PAGE}/module/{self.line.id}/change-tariff",
                {"product_id": self.option_recording.id},
            )
            self.assertEqual(response.status_code, 400)
            response = self._post(
                f"{PAGE}/module/{self.line.id}/change-tariff",
                {"product_id": self.tariff_pro.id},
            )
            self.assertEqual(response.status_code, 303)
            self.env.invalidate_all()
            successor = self.line.successor_contract_line_id
            self.assertEqual(successor.product_id, self.tariff_pro)
            self.assertEqual(successor.date_start, date(2026, 5, 1))
            page = self._get(f"{PAGE}?tab=modules")
            self.assertIn('name="module_pending_change"', page.text)
            self.assertIn('data-date="2026-05-01"', page.text)

    def test_legal_documents(self):
        self._login(self.owner)
        page = self._get(PAGE)
        self.assertIn('name="form_legal_accept"', page.text)
        response = self._get(f"{PAGE}/legal/{self.terms.id}")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response.headers["Location"], "https://example.com/terms.pdf")
        # Only current documents can be accepted.
        old = self.terms.copy({"version": "T-0", "date_effective": date(2024, 1, 1)})
        response = self._post(f"{PAGE}/legal/accept", {"document_ids": old.id})
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            f"{PAGE}/legal/accept",
            data=[
                ("csrf_token", Request.csrf_token(self)),
                ("document_ids", str(self.terms.id)),
                ("document_ids", str(self.privacy.id)),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        acceptances = self.env["contract.legal.acceptance"].search(
            [("partner_id", "=", self.account.id)]
        )
        self.assertEqual(acceptances.document_id, self.terms | self.privacy)
        self.assertEqual(acceptances.user_id, self.owner)
        page = self._get(PAGE)
        self.assertNotIn('name="form_legal_accept"', page.text)
        self.assertIn("T-1", page.text)
        # A colleague cannot accept for the company.
        self._login(self.colleague)
        new = self.terms.copy({"version": "T-2", "date_effective": date(2025, 6, 1)})
        response = self._post(f"{PAGE}/legal/accept", {"document_ids": new.id})
        self.assertEqual(response.status_code, 403)

    def test_delete_account(self):
        self._login(self.owner)
        page = self._get(PAGE)
        self.assertIn('name="delete_account_disabled"', page.text)
        self.assertIn('name="deletion_blockers"', page.text)
        response = self._post(f"{PAGE}/delete-account", {"confirm": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is active", response.text)
        self.assertTrue(self.owner.active)
        # Every module ended: the account can go.
        self.line.sudo().write(
            {"date_end": date(2026, 1, 31), "last_date_invoiced": date(2026, 1, 31)}
        )
        response = self._post(f"{PAGE}/delete-account", {})
        self.assertEqual(response.status_code, 400, "a confirmation is needed")
        self._login(self.colleague)
        response = self._post(f"{PAGE}/delete-account", {"confirm": "1"})
        self.assertEqual(response.status_code, 403)
        self._login(self.owner)
        response = self._post(f"{PAGE}/delete-account", {"confirm": "1"})
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.env.invalidate_all()
        self.assertFalse(self.owner.active)
        self.assertFalse(self.colleague.active)
        self.assertTrue(self.other_owner.active)
        deletion = self.env["contract.account.deletion"].search(
            [("partner_id", "=", self.account.id)]
        )
        self.assertEqual(deletion.user_id, self.owner)
        self.assertEqual(deletion.revoked_user_ids, self.owner | self.colleague)
        self.assertTrue(self.contract.exists(), "contracts are kept")
        # The session ended.
        self.assertEqual(self._get(PAGE).status_code, 303)

    def test_home_entry(self):
        self._login(self.owner)
        home = self._get("/my/home")
        self.assertIn("/my/contract-management", home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_module_count"]}
        )
        self.assertEqual(counters["contract_module_count"], 1)
        # Every module ended: the entry stays, the account can be deleted
        # from the page.
        self.line.sudo().write(
            {"date_end": date(2026, 1, 31), "last_date_invoiced": date(2026, 1, 31)}
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_module_count"]}
        )
        self.assertEqual(counters["contract_module_count"], 1)
