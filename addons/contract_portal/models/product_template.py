# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    contract_portal_orderable = fields.Boolean(
        string="Orderable in the portal",
        help="Customers may order this contract product on the modules tab of "
        "their contract-management page: a quotation to sign, or the contract "
        "line at once when their price list makes it free.",
    )

    @api.constrains("contract_portal_orderable", "is_contract", "sale_ok")
    def _check_contract_portal_orderable(self):
        for template in self.filtered("contract_portal_orderable"):
            if not template.is_contract or not template.sale_ok:
                raise ValidationError(
                    self.env._(
                        "“%(product)s” can be ordered in the portal only as a "
                        "contract product that can be sold.",
                        product=template.display_name,
                    )
                )
