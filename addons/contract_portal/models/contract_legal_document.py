# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ContractLegalDocument(models.Model):
    _name = "contract.legal.document"
    _description = "Legal document"
    _order = "company_id, document_type, date_effective desc, id desc"

    name = fields.Char(required=True, translate=True)
    document_type = fields.Selection(
        selection=[
            ("terms", "Terms and conditions"),
            ("privacy", "Privacy policy"),
        ],
        string="Type",
        required=True,
        index=True,
    )
    version = fields.Char(required=True)
    date_effective = fields.Date(
        string="Effective from",
        required=True,
        default=fields.Date.context_today,
        help="The latest version effective today is the one customers accept.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    attachment = fields.Binary(string="Document", attachment=True)
    attachment_filename = fields.Char(string="File name")
    url = fields.Char(
        string="URL", help="Where the document is published, if not attached."
    )
    active = fields.Boolean(default=True)
    acceptance_ids = fields.One2many(
        comodel_name="contract.legal.acceptance",
        inverse_name="document_id",
        string="Acceptances",
    )
    acceptance_count = fields.Integer(compute="_compute_acceptance_count")

    _company_type_version_uniq = models.Constraint(
        "UNIQUE(company_id, document_type, version)",
        "This version of the document already exists.",
    )

    @api.depends("acceptance_ids")
    def _compute_acceptance_count(self):
        for document in self:
            document.acceptance_count = len(document.acceptance_ids)

    @api.depends("name", "version")
    def _compute_display_name(self):
        for document in self:
            document.display_name = self.env._(
                "%(name)s (version %(version)s)",
                name=document.name,
                version=document.version,
            )

    @api.constrains("attachment", "url")
    def _check_document(self):
        for document in self:
            if not document.attachment and not document.url:
                raise ValidationError(
                    self.env._(
                        "Attach the document or give its URL: %(name)s.",
                        name=document.name,
                    )
                )

    @api.model
    def _get_current_documents(self, companies):
        """The version of each document type effective today, per company."""
        today = fields.Date.context_today(self)
        documents = self.search(
            [
                ("company_id", "in", companies.ids),
                ("date_effective", "<=", today),
            ],
            order="date_effective desc, id desc",
        )
        current = self.browse()
        seen = set()
        for document in documents:
            key = (document.company_id.id, document.document_type)
            if key not in seen:
                seen.add(key)
                current |= document
        return current

    def _get_contract_portal_url(self):
        self.ensure_one()
        return f"/my/contract-management/legal/{self.id}"

    def action_view_acceptances(self):
        self.ensure_one()
        name = self.env._("Acceptances")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "contract.legal.acceptance",
            "view_mode": "list,form",
            "domain": [("id", "in", self.acceptance_ids.ids)],
            "context": {"create": False},
        }
