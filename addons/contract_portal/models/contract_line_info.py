# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ContractLineInfo(models.Model):
    _name = "contract.line.info"
    _description = "Module information"
    _order = "contract_line_id, sequence, id"

    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Module",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Information", required=True)
    value = fields.Char()
    customer_editable = fields.Boolean(
        string="Editable by the customer",
        help="The customer's account owner may change the value on the "
        "contract-management page; otherwise only contract managers may.",
    )
    contract_id = fields.Many2one(
        related="contract_line_id.contract_id",
        store=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(
        related="contract_line_id.contract_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="contract_line_id.company_id",
        store=True,
    )
