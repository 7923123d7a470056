# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import ContractPortalCommon
from .test_order_module import ContractPortalOrderCommon


@tagged("post_install", "-at_install")
class TestContractPortalTours(ContractPortalCommon, HttpCase):
    """The main flows of the page in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._create_line(
            cls.contract, date_start=date(2026, 1, 1), specific_price=100.0
        )
        # Invoices go to the company until a billing address is chosen.
        cls.contract.invoice_partner_id = cls.account

    def test_owner_billing_address_and_po_on_next_invoice(self):
        first = self.contract.sudo().recurring_create_invoice()
        first.action_post()
        first_partner = first.partner_id
        self.start_tour(
            "/my/contract-management", "contract_portal_billing_tour", login="cp_owner"
        )
        self.assertEqual(self.account.contract_billing_address_id, self.invoice_address)
        self.assertEqual(self.account.contract_purchase_order_number, "PO-4711")
        invoice = self.contract.sudo().recurring_create_invoice()
        invoice.action_post()
        self.assertEqual(invoice.partner_id, self.invoice_address)
        self.assertEqual(invoice.contract_purchase_order_number, "PO-4711")
        self.assertEqual(first.partner_id, first_partner)
        self.assertFalse(first.contract_purchase_order_number)
        self.start_tour(
            invoice.get_portal_url(), "contract_portal_invoice_tour", login="cp_owner"
        )

    def test_owner_cancels_module(self):
        expected = self.line._get_earliest_end_date()
        self.start_tour(
            "/my/contract-management", "contract_portal_cancel_tour", login="cp_owner"
        )
        self.assertEqual(self.line.date_end, expected)

    def test_manager_overrides_cancellation_date(self):
        self.start_tour(
            f"/my/contract-management?partner_id={self.account.id}&tab=modules",
            "contract_portal_manager_cancel_tour",
            login="cp_manager",
        )
        self.assertEqual(self.line.date_end, date(2031, 6, 15))


@tagged("post_install", "-at_install")
class TestContractPortalOrderTour(ContractPortalOrderCommon, HttpCase):
    def test_owner_orders_and_signs_a_module(self):
        self.start_tour(
            "/my/contract-management?tab=modules",
            "contract_portal_order_module_tour",
            login="cp_owner",
        )
        order = self._quotations()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.signature)
        added = self.contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.video
        )
        self.assertEqual(added.sale_order_line_id, order.order_line)
        self.assertEqual(added.price_unit, 17.0)

    def test_owner_adds_a_free_module(self):
        self.start_tour(
            "/my/contract-management?tab=modules",
            "contract_portal_order_free_module_tour",
            login="cp_owner",
        )
        self.assertFalse(self._quotations())
        added = self.contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.statistics
        )
        self.assertEqual(added.price_unit, 0.0)
