# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    contract_tariff_alternative_ids = fields.Many2many(
        comodel_name="product.product",
        relation="product_template_contract_tariff_alternative_rel",
        column1="product_tmpl_id",
        column2="product_id",
        string="Alternative tariffs",
        help="The tariffs a customer may change a module with this product to, "
        "on the contract-management page of the portal.",
    )
    contract_addon_option_ids = fields.Many2many(
        comodel_name="product.product",
        relation="product_template_contract_addon_option_rel",
        column1="product_tmpl_id",
        column2="product_id",
        string="Add-on options",
        help="Options a contract manager may add to a module with this tariff.",
    )
