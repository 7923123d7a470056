# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    signing_authority = fields.Boolean(
        help="This contact may sign agreements on behalf of the company.",
    )
    renegotiation_ids = fields.One2many(
        comodel_name="crm.renegotiation",
        inverse_name="partner_id",
        string="Renegotiations",
        groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user_own",
    )
    renegotiation_count = fields.Integer(
        compute="_compute_renegotiation_count",
        groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user_own",
    )

    def _compute_renegotiation_count(self):
        counts = dict(
            self.env["crm.renegotiation"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.renegotiation_count = counts.get(partner.commercial_partner_id, 0)

    def _get_signatories(self):
        """Contacts of the company (self included) with signing authority."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return self.search(
            [
                ("commercial_partner_id", "=", commercial.id),
                ("signing_authority", "=", True),
            ],
            order="is_company, id",
        )

    def action_view_account_history(self):
        """C1: the customer's licences and monthly recurring amount over
        time, renegotiations marked."""
        self.ensure_one()
        return self.env["contract.account.history"]._get_history_action(self)

    def action_view_renegotiations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_renegotiation.crm_renegotiation_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_filter_applied": 1}
        return action
