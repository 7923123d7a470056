# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.depends("partner_id")
    def _compute_partner_invoice_id(self):
        """The orders of an account with a billing address invoice it."""
        res = super()._compute_partner_invoice_id()
        for order in self:
            order.partner_invoice_id = (
                self.env["account.move"]._get_contract_billing_partner(
                    order.partner_invoice_id or order.partner_id
                )
                if order.partner_id
                else False
            )
        return res
