# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_reverse_charge_fiscal_position_id = fields.Many2one(
        related="company_id.contract_reverse_charge_fiscal_position_id",
        readonly=False,
    )
    contract_vat_exempt_fiscal_position_id = fields.Many2one(
        related="company_id.contract_vat_exempt_fiscal_position_id",
        readonly=False,
    )
