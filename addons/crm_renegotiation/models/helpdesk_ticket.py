# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    lead_count = fields.Integer(
        compute="_compute_lead_count",
        string="Deal Count",
        groups="sales_team.group_sale_salesman",
    )

    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]._read_group(
                [("helpdesk_ticket_id", "in", self.ids)],
                ["helpdesk_ticket_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.lead_count = counts.get(ticket, 0)

    def action_renegotiate(self):
        """R1: start the renegotiation of the customer's agreement."""
        self.ensure_one()
        self.env["crm.renegotiation"]._check_renegotiation_access()
        # The renegotiation renames the ticket: only one the user may change,
        # in their companies.
        self.check_access("write")
        return self.env["crm.renegotiation.wizard"]._get_wizard_action(
            {"default_ticket_id": self.id}
        )

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("helpdesk_ticket_id", "=", self.id)]
        action["context"] = {"active_test": False, "default_type": "opportunity"}
        return action
