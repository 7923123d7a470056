# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ContractPortalCommon

PAGE = "/my/contract-management"


class ContractPortalCompaniesCommon(ContractPortalCommon):
    """A second company with its own customer; contract managers of one
    company, and of both.

    ``account`` (and ``manager``) belong to the main company, ``b_account``
    has its contract in ``company_b``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Contracts B Ltd"})
        cls.b_account = cls.env["res.partner"].create(
            {
                "name": "B Customer AS",
                "is_company": True,
                "company_id": cls.company_b.id,
            }
        )
        cls.b_contact = cls.env["res.partner"].create(
            {
                "name": "Berit B",
                "parent_id": cls.b_account.id,
                "email": "berit@b.example.com",
            }
        )
        cls.b_account.sudo().contract_account_owner_id = cls.b_contact
        cls.b_contract = cls._create_contract(
            cls.b_account, company_id=cls.company_b.id
        )
        cls.b_line = cls._create_line(cls.b_contract, date_start=date(2026, 1, 1))
        # A customer shared by every company whose contract is in B.
        cls.shared_account = cls.env["res.partner"].create(
            {"name": "Shared Customer GmbH", "is_company": True}
        )
        cls.shared_contract = cls._create_contract(
            cls.shared_account, company_id=cls.company_b.id
        )
        cls.manager_a = cls._create_manager("cp_manager_a", cls.company_a)
        cls.manager_b = cls._create_manager("cp_manager_b", cls.company_b)
        cls.manager_ab = cls._create_manager(
            "cp_manager_ab", cls.company_a, cls.company_b
        )

    @classmethod
    def _create_manager(cls, login, company, *others):
        return new_test_user(
            cls.env,
            login=login,
            groups="contract_portal.group_contract_manager",
            company_id=company.id,
            company_ids=[
                Command.set((company + cls.env["res.company"].union(*others)).ids)
            ],
        )

    def _b_state(self):
        self.env.invalidate_all()
        return (
            (self.b_account | self.shared_account).read(
                [
                    "contract_vat_treatment",
                    "contract_test_account",
                    "contract_customer_number",
                    "contract_account_owner_id",
                ]
            ),
            (self.b_contract | self.shared_contract).read(
                ["partner_id", "payment_term_id", "manual_period_date_start"]
            ),
            self.b_line.read(["date_end", "successor_contract_line_id"]),
            self.env["contract.account.deletion"].search_count([]),
        )


class TestContractPortalCompanies(ContractPortalCompaniesCommon):
    """A contract manager acts only in their allowed companies."""

    def test_manager_tiers_by_company(self):
        for account in (self.b_account, self.shared_account):
            with self.subTest(account=account.name):
                self.assertFalse(account._is_contract_portal_manager(self.manager_a))
                self.assertEqual(
                    account._get_contract_portal_permissions(self.manager_a),
                    frozenset(),
                )
                with self.assertRaises(AccessError):
                    account._contract_portal_check_access(self.manager_a)
                for manager in (self.manager_b, self.manager_ab):
                    self.assertTrue(account._is_contract_portal_manager(manager))
                    account._contract_portal_check_access(manager)
        # In their own company nothing changes.
        self.assertTrue(self.account._is_contract_portal_manager(self.manager_a))
        self.assertFalse(self.account._is_contract_portal_manager(self.manager_b))

    def test_manager_of_a_changes_nothing_of_b(self):
        before = self._b_state()
        account = self.b_account.with_user(self.manager_a)
        for action in (
            lambda: account._contract_portal_write({"contract_test_account": True}),
            lambda: account._contract_portal_write(
                {"contract_vat_treatment": "exempt"}
            ),
            lambda: self.shared_account.with_user(
                self.manager_a
            )._contract_portal_write({"contract_test_account": True}),
            lambda: self.b_line.with_user(self.manager_a)._contract_portal_cancel(
                date_end=date(2026, 3, 31)
            ),
            lambda: account._contract_portal_delete_account(),
            # The back office: the same rule on a plain write.
            lambda: self.shared_account.with_user(self.manager_a).write(
                {"contract_test_account": True}
            ),
            lambda: self.b_contract.with_user(self.manager_a).write(
                {"payment_term_id": False}
            ),
            lambda: self.b_account.with_user(
                self.manager_a
            ).action_open_contract_portal(),
            lambda: self.shared_account.with_user(
                self.manager_a
            ).action_open_contract_portal(),
        ):
            with self.subTest(action=action):
                with self.assertRaises(AccessError):
                    action()
        self.assertEqual(self._b_state(), before)

    def test_manager_of_both_companies(self):
        self.shared_account.with_user(self.manager_ab)._contract_portal_write(
            {"contract_test_account": True}
        )
        self.assertTrue(self.shared_account.contract_test_account)
        action = self.b_account.with_user(self.manager_b).action_open_contract_portal()
        self.assertEqual(action["url"], f"{PAGE}?partner_id={self.b_account.id}")

    def test_back_office_shows_manager_fields_by_company(self):
        self.assertTrue(self.account.with_user(self.manager_a).is_contract_manager)
        self.assertFalse(
            self.shared_account.with_user(self.manager_a).is_contract_manager
        )
        self.assertTrue(
            self.shared_account.with_user(self.manager_ab).is_contract_manager
        )
        self.assertTrue(self.contract.with_user(self.manager_a).is_contract_manager)


@tagged("post_install", "-at_install")
class TestContractPortalCompaniesRoutes(ContractPortalCompaniesCommon, HttpCase):
    """The page as a contract manager of company A on B's customers."""

    def _post(self, url, data):
        data = dict(data, csrf_token=Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    def test_manager_of_a_refused_on_b(self):
        self.authenticate(self.manager_a.login, self.manager_a.login)
        before = self._b_state()
        for account in (self.b_account, self.shared_account):
            with self.subTest(account=account.name):
                response = self.url_open(
                    f"{PAGE}?partner_id={account.id}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(account.name, response.text)
        with mute_logger("odoo.http"):
            for url, data in (
                (
                    f"{PAGE}/account",
                    {"partner_id": self.b_account.id, "contract_test_account": "1"},
                ),
                (
                    f"{PAGE}/account",
                    {
                        "partner_id": self.shared_account.id,
                        "contract_vat_treatment": "exempt",
                    },
                ),
                (
                    f"{PAGE}/contract/{self.b_contract.id}",
                    {"partner_id": self.b_contact.id},
                ),
                (f"{PAGE}/module/{self.b_line.id}/cancel", {"date_end": "2026-03-31"}),
                (
                    f"{PAGE}/delete-account",
                    {"partner_id": self.b_account.id, "confirm": "1"},
                ),
            ):
                with self.subTest(url=url, data=data):
                    self.assertIn(self._post(url, data).status_code, (403, 404))
        self.assertEqual(self._b_state(), before)

    def test_manager_of_b_acts_on_b(self):
        self.authenticate(self.manager_b.login, self.manager_b.login)
        response = self._post(
            f"{PAGE}/account",
            {"partner_id": self.b_account.id, "contract_test_account": "1"},
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertTrue(self.b_account.contract_test_account)
        # Company A's customer is not theirs.
        response = self.url_open(
            f"{PAGE}?partner_id={self.account.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 403)
