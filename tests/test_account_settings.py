"""The settings of a customer's account (contract_portal) hold for every
invoice of the account, whichever flow created it: here the orders of
postsale_billing and an invoice made by hand, next to the contract run."""

from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class TestAccountSettingsEverywhere(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Settings Customer AS", "is_company": True}
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Bea Buyer",
                "parent_id": cls.customer.id,
                "email": "bea@settings.example.com",
            }
        )
        cls.accounts_payable = cls.env["res.partner"].create(
            {
                "name": "Settings Customer AS, Accounts payable",
                "parent_id": cls.customer.id,
                "type": "other",
                "email": "ap@settings.example.com",
                "street": "PO Box 9",
            }
        )
        cls.reverse_charge = cls.env["account.fiscal.position"].create(
            {"name": "Reverse charge (settings test)"}
        )
        cls.env.company.contract_reverse_charge_fiscal_position_id = cls.reverse_charge
        cls.customer.sudo().write(
            {
                "contract_billing_address_id": cls.accounts_payable.id,
                "contract_customer_number": "CUST-9",
                "contract_purchase_order_number": "PO-77",
                "contract_vat_treatment": "reverse_charge",
                "contract_invoice_recipient_ids": [
                    Command.set(cls.accounts_payable.ids)
                ],
                "contract_invoice_delivery_mode": "link",
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Settings intervention",
                "type": "service",
                "list_price": 80.0,
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.company_data["default_tax_sale"].ids)],
            }
        )
        condition = (
            cls.env["postsale.activity.condition"]
            .sudo()
            .create(
                {
                    "name": "Settings billable",
                    "to_invoice": True,
                    "product_id": cls.service.id,
                }
            )
        )
        cls.activity_type = (
            cls.env["mail.activity.type"]
            .sudo()
            .create(
                {
                    "name": "Settings intervention",
                    "res_model": "helpdesk.ticket",
                    "default_billing_condition_id": condition.id,
                    "default_billing_quantity": 1.0,
                }
            )
        )

    def _assert_settings(self, move):
        self.assertEqual(move.partner_id, self.accounts_payable)
        self.assertEqual(move.contract_customer_number, "CUST-9")
        self.assertEqual(move.contract_purchase_order_number, "PO-77")
        self.assertEqual(move.fiscal_position_id, self.reverse_charge)

    def _post_sale_order(self):
        # billed by a helpdesk user; invoiced by the accountant of the test
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": "Settings ticket",
                    "description": "<p>x</p>",
                    "partner_id": self.buyer.id,
                }
            )
        )
        activity = ticket.activity_schedule(activity_type_id=self.activity_type.id)
        activity.action_done()
        ticket.action_create_order()
        return ticket.postsale_order_ids.with_env(self.env)

    def test_post_sale_order_invoice_and_credit_note(self):
        order = self._post_sale_order()
        self.assertEqual(order.partner_invoice_id, self.accounts_payable)
        self.assertEqual(order.fiscal_position_id, self.reverse_charge)
        order.sudo().action_confirm()
        invoice = order._create_invoices()
        self._assert_settings(invoice)
        invoice.action_post()
        credit_note = invoice._reverse_moves()
        self.assertEqual(credit_note.move_type, "out_refund")
        self._assert_settings(credit_note)
        # a change of the settings affects future documents only
        self.customer.sudo().contract_customer_number = "CUST-10"
        self.assertEqual(invoice.contract_customer_number, "CUST-9")
        # recipients and delivery mode of the account, for the credit note
        credit_note.action_post()
        self.env["account.move.send"]._generate_and_send_invoices(
            credit_note, sending_methods=["email"]
        )
        message = credit_note.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )[:1]
        self.assertEqual(message.partner_ids, self.accounts_payable)
        self.assertFalse(message.attachment_ids, "no PDF attached")
        self.assertIn("o_contract_portal_download_link", message.body)

    def test_invoice_made_by_hand(self):
        form = Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        )
        form.partner_id = self.customer
        form.invoice_date = fields.Date.today()
        with form.invoice_line_ids.new() as line:
            line.product_id = self.service
        invoice = form.save()
        self._assert_settings(invoice)

    def test_other_customers_keep_their_own(self):
        other = self.env["res.partner"].create({"name": "Plain Customer AS"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": other.id,
                "invoice_line_ids": [Command.create({"product_id": self.service.id})],
            }
        )
        self.assertEqual(invoice.partner_id, other)
        self.assertFalse(invoice.contract_customer_number)
        self.assertNotEqual(invoice.fiscal_position_id, self.reverse_charge)
