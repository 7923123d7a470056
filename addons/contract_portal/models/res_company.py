# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_reverse_charge_fiscal_position_id = fields.Many2one(
        comodel_name="account.fiscal.position",
        string="Reverse charge fiscal position",
        check_company=True,
        help="Fiscal position applied to the contract invoices of customers "
        "whose VAT treatment is reverse charge.",
    )
    contract_vat_exempt_fiscal_position_id = fields.Many2one(
        comodel_name="account.fiscal.position",
        string="VAT exempt fiscal position",
        check_company=True,
        help="Fiscal position applied to the contract invoices of customers "
        "whose VAT treatment is VAT exempt.",
    )

    def _get_contract_vat_fiscal_position(self, vat_treatment, raise_if_missing=True):
        """The fiscal position of a VAT treatment in this company.

        :return: the fiscal position, or an empty recordset for the standard
            treatment (the contract's own fiscal position then applies)
        :raise UserError: the treatment has no fiscal position configured
            (with ``raise_if_missing``)
        """
        self.ensure_one()
        if not vat_treatment or vat_treatment == "standard":
            return self.env["account.fiscal.position"]
        fiscal_position = {
            "reverse_charge": self.contract_reverse_charge_fiscal_position_id,
            "exempt": self.contract_vat_exempt_fiscal_position_id,
        }[vat_treatment]
        if not fiscal_position and raise_if_missing:
            treatments = dict(
                self.env["res.partner"]
                ._fields["contract_vat_treatment"]
                ._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "No fiscal position is configured for %(treatment)s in the "
                    "company %(company)s (Invoicing settings, Contract management).",
                    treatment=treatments[vat_treatment],
                    company=self.name,
                )
            )
        return fiscal_position
