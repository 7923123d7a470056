# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    locked_by_deal = fields.Boolean(
        string="Locked by its Won Deal",
        readonly=True,
        copy=False,
        help="The deal of this order is won: the order stays locked until "
        "the deal is reopened.",
    )

    def _check_not_locked_by_deal(self):
        for order in self.filtered("locked_by_deal"):
            raise UserError(
                self.env._(
                    "The deal %(deal)s of %(order)s is won: reopen the deal to "
                    "edit its quotations.",
                    deal=order.opportunity_id.name,
                    order=order.name,
                )
            )

    def action_unlock(self):
        self._check_not_locked_by_deal()
        return super().action_unlock()

    def write(self, vals):
        if "order_line" in vals:
            self._check_not_locked_by_deal()
        return super().write(vals)

    def _action_confirm(self):
        """An order of a won deal confirmed afterwards (the customer signs a
        locked quotation): its items become contracts as the deal's did."""
        res = super()._action_confirm()
        self.filtered(
            lambda order: order.opportunity_id.won_status == "won"
        ).sudo()._add_one_time_contracts()
        return res
