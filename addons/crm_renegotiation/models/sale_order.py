# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The renegotiation links its contract quotation (crm.renegotiation.order_id,
    # written by the server only); an order cannot claim a renegotiation.
    renegotiation_ids = fields.One2many(
        comodel_name="crm.renegotiation",
        inverse_name="order_id",
        string="Renegotiations",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    renegotiation_id = fields.Many2one(
        comodel_name="crm.renegotiation",
        string="Renegotiation",
        compute="_compute_renegotiation_id",
        compute_sudo=True,
        search="_search_renegotiation_id",
    )
    renegotiation_state = fields.Selection(
        related="renegotiation_id.state",
        string="Renegotiation Status",
    )

    @api.depends("renegotiation_ids")
    def _compute_renegotiation_id(self):
        for order in self:
            order.renegotiation_id = order.renegotiation_ids[:1]

    def _search_renegotiation_id(self, operator, value):
        return [("renegotiation_ids", operator, value)]

    def action_renegotiation_send(self):
        """Send the renegotiation contract by e-mail and SMS (R8)."""
        self.ensure_one()
        self.check_access("write")
        if not self.renegotiation_id:
            raise UserError(
                self.env._("This quotation is not a renegotiation contract.")
            )
        self.renegotiation_id._send_quotation()
        return True

    def _check_contract_changes(self):
        res = super()._check_contract_changes()
        self.sudo().renegotiation_id._check_signed_order()
        return res

    def _action_confirm(self):
        """Signing online (or confirming) applies the renegotiation (R10):
        the contract changes with the order (contract_amendment), then what
        follows a signed renegotiation."""
        res = super()._action_confirm()
        self.renegotiation_id._apply_renegotiation()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.renegotiation_id._cancel_renegotiation()
        return res
