# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class CrmRenegotiationWizardLine(models.TransientModel):
    """A product the renegotiation adds to the contract (E2, an upsell): a
    new line of the quotation, next to the restated ones."""

    _name = "crm.renegotiation.wizard.line"
    _description = "Product to Add in a Renegotiation"

    wizard_id = fields.Many2one(
        comodel_name="crm.renegotiation.wizard",
        required=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        required=True,
        domain="[('is_contract', '=', True), ('sale_ok', '=', True), "
        "('company_id', 'in', [False, parent.company_id])]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    price_unit = fields.Monetary(
        string="Price",
        compute="_compute_price_unit",
        help="The customer's price from the quotation's pricelist (discounts "
        "included); the quotation computes it the same way.",
    )

    @api.depends("product_id", "quantity", "wizard_id.contract_id")
    def _compute_price_unit(self):
        for line in self:
            contract = line.wizard_id.contract_id
            if not line.product_id or not contract:
                line.price_unit = 0.0
                continue
            line.price_unit = line.wizard_id._get_upsell_price(
                line.product_id, line.quantity
            )
