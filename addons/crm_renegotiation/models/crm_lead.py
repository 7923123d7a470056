# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    deal_type_id = fields.Many2one(
        comodel_name="crm.deal.type",
        string="Deal Type",
        index=True,
        tracking=True,
    )
    meeting_booker_id = fields.Many2one(
        comodel_name="res.users",
        string="Meeting Booker",
        domain="[('share', '=', False)]",
        index=True,
        tracking=True,
    )
    licence_count = fields.Integer(
        string="Number of Licences",
        tracking=True,
        help="Number of licences of the deal (the expected revenue stays an amount).",
    )
    delivery_start_date = fields.Date(
        tracking=True,
        help="Date from which the deal is delivered (for a renegotiation: the "
        "date the new number of licences and price apply).",
    )
    signatory_id = fields.Many2one(
        comodel_name="res.partner",
        string="Signatory",
        domain="[('signing_authority', '=', True)]",
        help="Contact with signing authority who signs the contract.",
    )
    helpdesk_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Originating Ticket",
        index="btree_not_null",
        copy=False,
    )
    renegotiated_contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Renegotiated Contract",
        index="btree_not_null",
        copy=False,
    )
    contract_currency_id = fields.Many2one(
        related="renegotiated_contract_id.currency_id",
        string="Contract Currency",
    )
    renegotiation_ids = fields.One2many(
        comodel_name="crm.renegotiation",
        inverse_name="lead_id",
        string="Renegotiations",
    )
