# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    renegotiation_contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Contract Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Line of the customer's contract this quotation line restates.",
    )

    @api.depends("renegotiation_contract_line_id")
    def _compute_qty_to_invoice(self):
        """The lines that restate the customer's contract are invoiced by the
        recurring contract once applied, never by the order; the template's
        extra lines (a set-up fee, onboarding) are invoiced by the order."""
        res = super()._compute_qty_to_invoice()
        self.filtered("renegotiation_contract_line_id").qty_to_invoice = 0.0
        return res
