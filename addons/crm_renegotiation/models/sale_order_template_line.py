# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrderTemplateLine(models.Model):
    _inherit = "sale.order.template.line"

    discount = fields.Float(
        string="Discount (%)",
        digits="Discount",
        help="Discount of the quotation lines created from this template line "
        "(e.g. a 100 % discount on a digital onboarding).",
    )

    @api.constrains("discount")
    def _check_discount(self):
        for line in self:
            if not 0.0 <= line.discount <= 100.0:
                raise ValidationError(
                    self.env._("A discount must be between 0 and 100 %.")
                )

    def _prepare_order_line_values(self):
        values = super()._prepare_order_line_values()
        if self.discount and not self.display_type:
            values["discount"] = self.discount
        return values
