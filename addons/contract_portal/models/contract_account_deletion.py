# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ContractAccountDeletion(models.Model):
    _name = "contract.account.deletion"
    _description = "Account deletion request"
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    revoked_user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Portal access ended for",
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    note = fields.Text(help="Internal follow-up of the request.")
