# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import DealContractCommon


@freeze_time("2026-03-10")
class TestDealContract(DealContractCommon):
    def _win(self, user=None):
        self.deal.with_user(user or self.seller).action_set_won_rainbowman()

    def test_won_deal_lists_its_contracts(self):
        self.assertEqual(self.deal.won_status, "pending")
        # the licences are a contract line since the order's confirmation
        self.assertEqual(self.deal.contract_line_ids.product_id, self.licence)
        self._win()
        self.assertEqual(self.deal.won_status, "won")
        self.assertEqual(
            set(self.deal.contract_line_ids.mapped("product_id.name")),
            {"Licence", "Handheld terminal"},
        )
        one_time = self.order.one_time_contract_ids
        self.assertTrue(one_time.is_one_time)
        self.assertEqual(self.deal.contract_count, 2)
        self.assertIn(one_time, self.deal.contract_line_ids.contract_id)
        # on the customer too
        contracts = self.env["contract.contract"].search(
            [("commercial_partner_id", "=", self.customer.id)]
        )
        self.assertEqual(contracts, self.deal.contract_line_ids.contract_id)
        action = self.deal.action_view_deal_contracts()
        self.assertEqual(set(action["domain"][0][2]), set(contracts.ids))
        # the quotation sold nothing: no contract
        self.assertFalse(self.quotation.one_time_contract_ids)

    def test_won_deal_locks_its_quotations(self):
        self._win()
        self.assertTrue(self.order.locked)
        self.assertTrue(self.quotation.locked)
        self.assertTrue(self.quotation.locked_by_deal)
        with self.assertRaises(UserError):
            self.quotation.order_line.with_user(self.seller).product_uom_qty = 4
        with self.assertRaisesRegex(UserError, "reopen the deal"):
            self.quotation.with_user(self.seller).write(
                {"order_line": [Command.create({"product_id": self.terminal.id})]}
            )
        with self.assertRaisesRegex(UserError, "reopen the deal"):
            self.env["sale.order.line"].with_user(self.seller).create(
                {"order_id": self.quotation.id, "product_id": self.terminal.id}
            )
        with self.assertRaisesRegex(UserError, "reopen the deal"):
            self.quotation.order_line.with_user(self.seller).unlink()
        with self.assertRaisesRegex(UserError, "reopen the deal"):
            self.order.with_user(self.seller).action_unlock()
        self.assertEqual(self.quotation.order_line.product_uom_qty, 1.0)

    def test_reopen_unlocks_and_winning_again_converts_once(self):
        self._win()
        self.deal.with_user(self.seller).action_reopen()
        self.assertEqual(self.deal.won_status, "pending")
        self.assertFalse(self.deal.stage_id.is_won)
        self.assertLess(self.deal.probability, 100)
        self.assertFalse(self.quotation.locked or self.order.locked)
        # extended and edited again
        with Form(self.quotation.with_user(self.seller)) as form:
            with form.order_line.edit(0) as line:
                line.product_uom_qty = 3
        self.quotation.action_confirm()
        self._win()
        self.assertEqual(len(self.order.one_time_contract_ids), 1)
        self.assertEqual(
            self.quotation.one_time_contract_ids.contract_line_ids.quantity, 3.0
        )
        self.assertEqual(
            len(self.deal.contract_line_ids.filtered("contract_id.is_one_time")), 2
        )

    def test_user_locked_order_stays_locked_on_reopen(self):
        self.order.action_lock()
        self._win()
        self.assertFalse(self.order.locked_by_deal)
        self.deal.action_reopen()
        self.assertTrue(self.order.locked)
        self.assertFalse(self.quotation.locked)

    def test_stage_change_to_won_converts(self):
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.deal.with_user(self.seller).stage_id = won_stage
        self.assertTrue(self.order.one_time_contract_ids)
        self.assertTrue(self.quotation.locked_by_deal)

    def test_order_signed_after_the_win_converts(self):
        self._win()
        self.quotation.action_confirm()
        self.assertTrue(self.quotation.one_time_contract_ids)
        self.assertTrue(self.quotation.locked)

    def test_reopen_refused_when_not_won(self):
        with self.assertRaisesRegex(UserError, "is not won"):
            self.deal.action_reopen()

    def test_won_deal_orders_can_still_be_invoiced(self):
        """Locked is not frozen: invoicing a won deal's order (its down
        payments included) still works."""
        self._win()
        section = self.order._create_down_payment_section_line_if_needed()
        self.assertTrue(section.is_downpayment)
        invoice = self.order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.terminal)
        self.assertTrue(self.order.locked_by_deal)
