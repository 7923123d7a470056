# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ContractLegalAcceptance(models.Model):
    _name = "contract.legal.acceptance"
    _description = "Acceptance of a legal document"
    _order = "accepted_on desc, id desc"
    _rec_name = "document_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    document_id = fields.Many2one(
        comodel_name="contract.legal.document",
        string="Document",
        required=True,
        index=True,
        ondelete="restrict",
    )
    document_type = fields.Selection(related="document_id.document_type", store=True)
    version = fields.Char(related="document_id.version")
    accepted_on = fields.Datetime(
        string="Accepted on",
        required=True,
        default=fields.Datetime.now,
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Accepted by",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="document_id.company_id", store=True)

    _partner_document_uniq = models.Constraint(
        "UNIQUE(partner_id, document_id)",
        "The customer has already accepted this document.",
    )
