# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from odoo.addons.contract_portal.models.res_partner import (
    MANAGER_PERMISSIONS,
    OWNER_FIELD_PERMISSIONS,
    OWNER_PERMISSIONS,
)

from .common import ContractPortalCommon


class TestContractPortalPermissions(ContractPortalCommon):
    """The one rule: who may change what on a customer account."""

    @classmethod
    def default_env_context(cls):
        # Tracking is part of what is tested here.
        return {"no_reset_password": True}

    def test_permissions_per_tier(self):
        account = self.account
        self.assertEqual(
            account._get_contract_portal_permissions(self.manager), MANAGER_PERMISSIONS
        )
        self.assertEqual(
            account._get_contract_portal_permissions(self.owner), OWNER_PERMISSIONS
        )
        self.assertEqual(
            account._get_contract_portal_permissions(self.colleague), frozenset()
        )
        self.assertEqual(
            account._get_contract_portal_permissions(self.other_owner), frozenset()
        )
        self.assertEqual(
            account._get_contract_portal_permissions(self.staff),
            OWNER_FIELD_PERMISSIONS,
        )
        public = self.env.ref("base.public_user")
        self.assertEqual(account._get_contract_portal_permissions(public), frozenset())
        # The owner of another account has no right here, and vice versa.
        self.assertEqual(
            self.other_account._get_contract_portal_permissions(self.owner),
            frozenset(),
        )
        # Managers never accept legal documents for the customer; only
        # managers choose dates and add options.
        self.assertNotIn("legal_accept", MANAGER_PERMISSIONS)
        self.assertFalse(
            {"module_choose_date", "module_add_option", "contract_vat_treatment"}
            & OWNER_PERMISSIONS
        )

    def test_owner_changes_billing_settings_tracked(self):
        account = self.account.with_user(self.owner)
        account._contract_portal_write(
            {
                "contract_billing_address_id": self.invoice_address.id,
                "contract_customer_number": "C-42",
                "contract_purchase_order_number": "PO-7",
                "contract_invoice_recipient_ids": [
                    Command.set(self.colleague_contact.ids)
                ],
                "contract_invoice_delivery_mode": "link",
            }
        )
        self._flush_tracking()
        self.assertEqual(self.account.contract_billing_address_id, self.invoice_address)
        self.assertEqual(self.account.contract_customer_number, "C-42")
        self.assertEqual(self.account.contract_purchase_order_number, "PO-7")
        self.assertEqual(
            self.account.contract_invoice_recipient_ids, self.colleague_contact
        )
        self.assertEqual(self.account.contract_invoice_delivery_mode, "link")
        # Who, when, old -> new: the tracking message of the owner.
        message = self.account.sudo().message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(message.author_id, self.owner_contact)
        trackings = {
            tracking.field_id.name: tracking
            for tracking in message.sudo().tracking_value_ids
        }
        self.assertEqual(trackings["contract_customer_number"].new_value_char, "C-42")
        self.assertFalse(trackings["contract_customer_number"].old_value_char)
        self.assertEqual(
            trackings["contract_billing_address_id"].new_value_integer,
            self.invoice_address.id,
        )
        self.assertIn("contract_invoice_recipient_ids", trackings)

    def test_owner_refused_manager_fields(self):
        account = self.account.with_user(self.owner)
        for vals in (
            {"contract_vat_treatment": "reverse_charge"},
            {"contract_test_account": True},
            {"contract_account_owner_id": self.colleague_contact.id},
            # A manager-only field next to an allowed one: nothing changes.
            {"contract_customer_number": "X", "contract_test_account": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as error:
                account._contract_portal_write(vals)
            self.assertIn("not allowed", str(error.exception))
        self.assertEqual(self.account.contract_vat_treatment, "standard")
        self.assertFalse(self.account.contract_test_account)
        self.assertFalse(self.account.contract_customer_number)
        self.assertEqual(self.account.contract_account_owner_id, self.owner_contact)

    def test_colleague_and_other_company_only_read(self):
        for user, account in (
            (self.colleague, self.account),
            (self.other_owner, self.account),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                account.with_user(user)._contract_portal_write(
                    {"contract_purchase_order_number": "PO-1"}
                )
        self.assertFalse(self.account.contract_purchase_order_number)

    def test_unknown_field_refused(self):
        with self.assertRaises(UserError):
            self.account.with_user(self.owner)._contract_portal_write(
                {"name": "Hijacked"}
            )
        self.assertEqual(self.account.name, "Portal Customer Ltd")

    def test_sub_records_belong_to_account(self):
        account = self.account.with_user(self.owner)
        for vals in (
            {"contract_billing_address_id": self.other_contact.id},
            {"contract_invoice_recipient_ids": [Command.set(self.other_contact.ids)]},
            # An id of no record at all is refused the same way.
            {"contract_invoice_recipient_ids": [Command.set([2**31 - 1])]},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError) as refused:
                    account._contract_portal_write(vals)
                # The page never tells whose contact an id is.
                self.assertNotIn(self.other_contact.name, str(refused.exception))
        self.assertFalse(self.account.contract_billing_address_id)
        self.assertFalse(self.account.contract_invoice_recipient_ids)

    def test_manager_changes_everything(self):
        fiscal_position = self.env["account.fiscal.position"].create(
            {"name": "Reverse charge test"}
        )
        self.env.company.contract_reverse_charge_fiscal_position_id = fiscal_position
        account = self.account.with_user(self.manager)
        account._contract_portal_write(
            {
                "contract_vat_treatment": "reverse_charge",
                "contract_test_account": True,
                "contract_account_owner_id": self.colleague_contact.id,
                "contract_customer_number": "M-1",
            }
        )
        self.assertEqual(self.account.contract_vat_treatment, "reverse_charge")
        self.assertTrue(self.account.contract_test_account)
        self.assertEqual(self.account.contract_account_owner_id, self.colleague_contact)

    def test_vat_treatment_needs_fiscal_position(self):
        self.env.company.contract_vat_exempt_fiscal_position_id = False
        with self.assertRaises(UserError):
            self.account.with_user(self.manager)._contract_portal_write(
                {"contract_vat_treatment": "exempt"}
            )

    def test_back_office_same_rule(self):
        # A staff member edits the billing settings of a customer...
        self.account.with_user(self.staff).write({"contract_customer_number": "S-1"})
        self.assertEqual(self.account.contract_customer_number, "S-1")
        # ...but not what only contract managers change.
        with self.assertRaises(AccessError):
            self.account.with_user(self.staff).write({"contract_test_account": True})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.staff).create(
                {"name": "New test account", "contract_test_account": True}
            )
        self.account.with_user(self.manager).write({"contract_test_account": True})
        self.assertTrue(self.account.contract_test_account)
        # Writing an unchanged value is no change.
        self.account.with_user(self.staff).write({"contract_test_account": True})

    def test_duplicate_customer(self):
        """Duplicating a customer starts a new account from the defaults: its
        contacts are not those of the original, and no manager-only setting
        is written by the staff member who duplicates it."""
        self.account.sudo().write(
            {
                "contract_test_account": True,
                "contract_customer_number": "C-1",
                "contract_billing_address_id": self.invoice_address.id,
                "contract_invoice_recipient_ids": [
                    Command.set(self.colleague_contact.ids)
                ],
            }
        )
        for user in (self.staff, self.manager):
            with self.subTest(user=user.login):
                copy = self.account.with_user(user).copy()
                self.assertFalse(copy.contract_account_owner_id)
                self.assertFalse(copy.contract_billing_address_id)
                self.assertFalse(copy.contract_invoice_recipient_ids)
                self.assertFalse(copy.contract_customer_number)
                self.assertFalse(copy.contract_test_account)
                self.assertEqual(copy.contract_vat_treatment, "standard")
                self.assertEqual(copy.contract_invoice_delivery_mode, "attachment")
        self.assertEqual(self.account.contract_account_owner_id, self.owner_contact)

    def test_contract_fields_manager_only(self):
        contract = self.contract
        with self.assertRaises(AccessError):
            contract.with_user(self.staff).write(
                {"partner_id": self.colleague_contact.id}
            )
        with self.assertRaises(AccessError):
            contract.with_user(self.owner)._contract_portal_write(
                {"partner_id": self.colleague_contact.id}
            )
        self.assertEqual(contract.partner_id, self.account)
        term = self.env.ref("account.account_payment_term_30days")
        contract.with_user(self.manager)._contract_portal_write(
            {
                "partner_id": self.colleague_contact.id,
                "payment_term_id": term.id,
                "manual_period_date_start": "2025-06-01",
            }
        )
        self._flush_tracking()
        self.assertEqual(contract.partner_id, self.colleague_contact)
        self.assertEqual(contract.payment_term_id, term)
        self.assertEqual(str(contract.period_date_start), "2025-06-01")
        tracked = contract.message_ids.sudo().tracking_value_ids.field_id.mapped("name")
        self.assertIn("partner_id", tracked)
        self.assertIn("payment_term_id", tracked)
        self.assertIn("manual_period_date_start", tracked)

    @freeze_time("2026-03-10")
    def test_back_office_flows_keep_working(self):
        """Only changing the party, payment terms or period of an existing
        customer contract is reserved to contract managers: an invoicing
        administrator who is none still creates contracts, stops lines,
        plans successors, renews and invoices; a contract manager uses the
        same line tools of contract_line_successor."""
        accountant = new_test_user(
            self.env, login="cp_accountant", groups="account.group_account_manager"
        )
        term = self.env.ref("account.account_payment_term_30days")
        form = Form(self.env["contract.contract"].with_user(accountant))
        form.name = "Back-office contract"
        form.partner_id = self.account
        form.payment_term_id = term
        contract = form.save()
        self.assertEqual(contract.partner_id, self.account)
        self.assertEqual(contract.payment_term_id, term)
        with Form(contract.with_user(accountant)) as form:
            form.name = "Renamed contract"
            with self.assertRaises(AssertionError, msg="party is read-only"):
                form.partner_id = self.colleague_contact
        self.assertEqual(contract.name, "Renamed contract")

        self.env.company.create_new_line_at_contract_line_renew = True
        stopped, renewing, managed = (
            self._create_line(contract, date_start=date(2026, 1, 1)),
            self._create_line(
                contract,
                date_start=date(2026, 1, 1),
                date_end=date(2026, 12, 31),
                is_auto_renew=True,
                auto_renew_rule_type="yearly",
                auto_renew_interval=1,
                termination_notice_interval=12,
            ),
            self._create_line(contract, date_start=date(2026, 1, 1)),
        )
        Wizard = self.env["contract.line.wizard"]
        Wizard.with_user(accountant).create(
            {"contract_line_id": stopped.id, "date_end": date(2026, 6, 30)}
        ).stop()
        Wizard.with_user(accountant).create(
            {"contract_line_id": stopped.id, "date_start": date(2026, 7, 1)}
        ).plan_successor()
        self.assertEqual(stopped.date_end, date(2026, 6, 30))
        self.assertEqual(
            stopped.successor_contract_line_id.date_start, date(2026, 7, 1)
        )
        renewed = renewing.with_user(accountant).renew()
        self.assertEqual(renewed.date_start, date(2027, 1, 1))
        invoice = contract.with_user(accountant).recurring_create_invoice()
        self.assertEqual(invoice.commercial_partner_id, self.account)
        self.assertEqual(invoice.invoice_payment_term_id, term)
        Wizard.with_user(self.manager).create(
            {"contract_line_id": managed.id, "date_end": date(2026, 4, 30)}
        ).stop()
        self.assertEqual(managed.date_end, date(2026, 4, 30))

    def test_contract_party_belongs_to_account(self):
        with self.assertRaises(UserError):
            self.contract.with_user(self.manager)._contract_portal_write(
                {"partner_id": self.other_contact.id}
            )
        self.assertEqual(self.contract.partner_id, self.account)

    def test_contract_period_starts_with_oldest_module(self):
        self._create_line(self.contract, date_start="2025-03-01")
        self._create_line(self.contract, date_start="2024-07-15")
        self._create_line(self.contract, date_start="2024-01-01", is_canceled=True)
        self.assertEqual(str(self.contract.period_date_start), "2024-07-15")

    def test_access_to_account(self):
        self.account._contract_portal_check_access(self.owner)
        self.account._contract_portal_check_access(self.colleague)
        self.account._contract_portal_check_access(self.manager)
        with self.assertRaises(AccessError):
            self.account._contract_portal_check_access(self.other_owner)
        with self.assertRaises(AccessError):
            self.account._contract_portal_check_access(self.staff)

    def test_back_office_opens_page_in_manager_mode(self):
        url = f"/my/contract-management?partner_id={self.account.id}"
        action = self.contract.with_user(self.manager).action_open_contract_portal()
        self.assertEqual(action["url"], url)
        action = self.owner_contact.with_user(
            self.manager
        ).action_open_contract_portal()
        self.assertEqual(action["url"], url)
        self.assertTrue(self.account.with_user(self.manager).is_contract_manager)
        self.assertFalse(self.account.with_user(self.staff).is_contract_manager)

    def test_portal_record_rules(self):
        line = self._create_line(self.contract)
        other_line = self._create_line(self.other_contract)
        Info = self.env["contract.line.info"]
        info = Info.create({"contract_line_id": line.id, "name": "Mine"})
        other_info = Info.create({"contract_line_id": other_line.id, "name": "Theirs"})
        document = self.env["contract.legal.document"].create(
            {"name": "T", "document_type": "terms", "version": "R-1", "url": "x"}
        )
        Acceptance = self.env["contract.legal.acceptance"]
        acceptance = Acceptance.create(
            {"partner_id": self.account.id, "document_id": document.id}
        )
        other_acceptance = Acceptance.create(
            {"partner_id": self.other_account.id, "document_id": document.id}
        )
        for user, mine, theirs in (
            (self.owner, info, other_info),
            (self.colleague, info, other_info),
            (self.other_owner, other_info, info),
        ):
            with self.subTest(user=user.login):
                visible = Info.with_user(user).search([])
                self.assertIn(mine, visible)
                self.assertNotIn(theirs, visible)
        for user, mine, theirs in (
            (self.owner, acceptance, other_acceptance),
            (self.other_owner, other_acceptance, acceptance),
        ):
            with self.subTest(user=user.login):
                visible = Acceptance.with_user(user).search([])
                self.assertIn(mine, visible)
                self.assertNotIn(theirs, visible)
        # Portal users never write these records directly.
        with self.assertRaises(AccessError):
            info.with_user(self.owner).write({"value": "direct"})
        with self.assertRaises(AccessError):
            Acceptance.with_user(self.owner).create(
                {"partner_id": self.account.id, "document_id": document.id}
            )
