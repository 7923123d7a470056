# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    renegotiation_id = fields.Many2one(
        comodel_name="crm.renegotiation",
        string="Renegotiation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    renegotiation_state = fields.Selection(
        related="renegotiation_id.state",
        string="Renegotiation Status",
    )

    def action_renegotiation_send(self):
        """Send the renegotiation contract by e-mail and SMS (R8)."""
        self.ensure_one()
        if not self.renegotiation_id:
            raise UserError(
                self.env._("This quotation is not a renegotiation contract.")
            )
        self.renegotiation_id._send_quotation()
        return True

    def _action_confirm(self):
        """Signing online (or confirming) applies the renegotiation (R10)."""
        res = super()._action_confirm()
        self.renegotiation_id._apply_renegotiation()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.renegotiation_id._cancel_renegotiation()
        return res
