# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import ContractPortalCommon


class TestContractPortalInvoicing(AccountTestInvoicingCommon, ContractPortalCommon):
    """The account settings take effect on the contract's invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._create_line(
            cls.contract, date_start=date(2026, 1, 1), specific_price=100.0
        )
        cls.new_address = cls.env["res.partner"].create(
            {
                "name": "Portal Customer Head Office",
                "parent_id": cls.account.id,
                "type": "other",
                "street": "1 Main Street",
                "city": "Capital City",
            }
        )

    def _invoice(self):
        return self.contract.sudo().recurring_create_invoice()

    @freeze_time("2026-01-05")
    def test_billing_address_on_future_invoices_only(self):
        first = self._invoice()
        first.action_post()
        first_partner = first.partner_id
        self.account.with_user(self.owner)._contract_portal_write(
            {"contract_billing_address_id": self.new_address.id}
        )
        second = self._invoice()
        self.assertEqual(second.partner_id, self.new_address)
        self.assertEqual(first.partner_id, first_partner, "posted invoice unchanged")
        self.assertNotEqual(first.partner_id, self.new_address)
        # Credit notes of the new invoice go to the billing address too.
        second.action_post()
        refund = second._reverse_moves()
        self.assertEqual(refund.partner_id, self.new_address)

    @freeze_time("2026-01-05")
    def test_customer_specific_payment_terms(self):
        term = self.env.ref("account.account_payment_term_30days")
        self.contract.with_user(self.manager)._contract_portal_write(
            {"payment_term_id": term.id}
        )
        self.assertEqual(self._invoice().invoice_payment_term_id, term)

    @freeze_time("2026-01-05")
    def test_customer_and_purchase_order_numbers_on_invoice(self):
        self.account.with_user(self.owner)._contract_portal_write(
            {
                "contract_customer_number": "CUST-77",
                "contract_purchase_order_number": "PO-4711",
            }
        )
        invoice = self._invoice()
        self.assertEqual(invoice.contract_customer_number, "CUST-77")
        self.assertEqual(invoice.contract_purchase_order_number, "PO-4711")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", invoice.ids)[0]
            .decode()
        )
        self.assertIn("CUST-77", html)
        self.assertIn("PO-4711", html)
        invoice.action_post()
        refund = invoice._reverse_moves()
        self.assertEqual(refund.contract_customer_number, "CUST-77")
        self.assertEqual(refund.contract_purchase_order_number, "PO-4711")

    @freeze_time("2026-01-05")
    def test_vat_treatment_sets_fiscal_position(self):
        reverse_charge = self.env["account.fiscal.position"].create(
            {"name": "Reverse charge"}
        )
        exempt = self.env["account.fiscal.position"].create({"name": "Exempt"})
        self.env.company.write(
            {
                "contract_reverse_charge_fiscal_position_id": reverse_charge.id,
                "contract_vat_exempt_fiscal_position_id": exempt.id,
            }
        )
        self.account.with_user(self.manager)._contract_portal_write(
            {"contract_vat_treatment": "reverse_charge"}
        )
        self.assertEqual(self._invoice().fiscal_position_id, reverse_charge)
        self.account.with_user(self.manager)._contract_portal_write(
            {"contract_vat_treatment": "exempt"}
        )
        self.assertEqual(self._invoice().fiscal_position_id, exempt)
        self.account.with_user(self.manager)._contract_portal_write(
            {"contract_vat_treatment": "standard"}
        )
        self.assertNotIn(self._invoice().fiscal_position_id, reverse_charge | exempt)

    @freeze_time("2026-01-05")
    def test_test_account_not_invoiced(self):
        """A test account is never invoiced, not later either: its periods
        due are settled without an invoice, and the contract says so."""
        self.account.with_user(self.manager)._contract_portal_write(
            {"contract_test_account": True}
        )
        Contract = self.env["contract.contract"]
        Contract.cron_recurring_create_invoice(date(2026, 1, 5))
        self.assertFalse(self.contract._get_related_invoices())
        self.assertEqual(self.line.last_date_invoiced, date(2026, 1, 31))
        self.assertIn("test account", self.contract.message_ids[:1].body)
        with self.assertRaises(UserError):
            self.contract.recurring_create_invoice()
        # nothing ahead of time either
        self.assertFalse(self.contract._prepare_recurring_invoices_values())
        self.assertEqual(self.line.last_date_invoiced, date(2026, 1, 31))
        # The flag removed, the next period is invoiced, never January.
        self.account.with_user(self.manager)._contract_portal_write(
            {"contract_test_account": False}
        )
        Contract.cron_recurring_create_invoice(date(2026, 1, 5))
        self.assertFalse(self.contract._get_related_invoices())
        with freeze_time("2026-02-01"):
            Contract.cron_recurring_create_invoice(date(2026, 2, 1))
        invoice = self.contract._get_related_invoices()
        self.assertFalse(self.contract.invoice_generation_error)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(len(invoice.invoice_line_ids), 1)
        self.assertEqual(invoice.invoice_line_ids.quantity, 1.0)
        self.assertEqual(self.line.last_date_invoiced, date(2026, 2, 28))

    def _send(self, invoice):
        self.env["account.move.send"]._generate_and_send_invoices(
            invoice, sending_methods=["email"]
        )
        return invoice.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )[:1]

    @freeze_time("2026-01-05")
    def test_invoice_recipients_receive_attachment(self):
        self.account.with_user(self.owner)._contract_portal_write(
            {
                "contract_invoice_recipient_ids": [
                    Command.set((self.owner_contact | self.colleague_contact).ids)
                ],
                "contract_invoice_delivery_mode": "attachment",
            }
        )
        invoice = self._invoice()
        invoice.action_post()
        message = self._send(invoice)
        self.assertEqual(
            message.partner_ids, self.owner_contact | self.colleague_contact
        )
        self.assertTrue(message.attachment_ids, "the PDF is attached")
        self.assertNotIn("o_contract_portal_download_link", message.body)

    @freeze_time("2026-01-05")
    def test_invoice_recipients_receive_download_link(self):
        self.account.with_user(self.owner)._contract_portal_write(
            {
                "contract_invoice_recipient_ids": [
                    Command.set(self.colleague_contact.ids)
                ],
                "contract_invoice_delivery_mode": "link",
            }
        )
        invoice = self._invoice()
        invoice.action_post()
        message = self._send(invoice)
        self.assertEqual(message.partner_ids, self.colleague_contact)
        self.assertFalse(message.attachment_ids, "no PDF attached")
        self.assertIn("o_contract_portal_download_link", message.body)
        self.assertIn(f"/my/invoices/{invoice.id}", message.body)
        self.assertIn("download=true", message.body)
        self.assertIn(invoice.access_token, message.body)
        # The PDF stays available behind the link.
        self.assertTrue(invoice.invoice_pdf_report_id)
