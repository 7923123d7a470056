# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ContractLine(models.Model):
    _inherit = "contract.line"

    def _prepare_renegotiated_values(self, quantity, price_unit):
        """Values of this line with the renegotiated quantity and price, in
        the terms of contract_amendment's ``_amend``."""
        return self._prepare_amendment_values(
            {"quantity": quantity, "specific_price": price_unit}
        )

    def _get_renegotiated_monthly_amount(self, quantity, price_unit):
        """Monthly recurring amount of this line with another quantity and
        unit price, computed by the contract itself on an unsaved copy."""
        self.ensure_one()
        draft = self.new(
            self._prepare_renegotiated_values(quantity, price_unit), origin=self
        )
        return draft.monthly_recurring
