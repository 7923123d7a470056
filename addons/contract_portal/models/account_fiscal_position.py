# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    @api.model
    def _get_fiscal_position(self, partner, delivery=None):
        """The VAT treatment of the customer's account (reverse charge, VAT
        exempt) decides the fiscal position of every order and invoice of
        the account, as it does for its contracts."""
        if partner:
            fiscal_position = self.env.company._get_contract_vat_fiscal_position(
                partner.commercial_partner_id.contract_vat_treatment,
                raise_if_missing=False,
            )
            if fiscal_position:
                return fiscal_position
        return super()._get_fiscal_position(partner, delivery=delivery)
