# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {
                vals["order_id"]
                for vals in vals_list
                # invoicing a locked order may add its down payments
                if vals.get("order_id") and not vals.get("is_downpayment")
            }
        )
        orders._check_not_locked_by_deal()
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_by_deal(self):
        self.order_id._check_not_locked_by_deal()
