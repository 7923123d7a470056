# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ContractContract(models.Model):
    _inherit = "contract.contract"

    renegotiation_count = fields.Integer(
        compute="_compute_renegotiation_count",
        groups="sales_team.group_sale_salesman",
    )

    def _compute_renegotiation_count(self):
        counts = dict(
            self.env["crm.renegotiation"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.renegotiation_count = counts.get(contract, 0)

    def _get_renegotiation_reference(self):
        """Name and reference of the contract, as printed for the customer."""
        self.ensure_one()
        if self.code and self.name:
            return f"{self.name} ({self.code})"
        return self.code or self.name or ""

    def _get_renegotiable_lines(self):
        """The running product lines, one per module: the line that runs
        today (or starts next), not one already replaced, cancelled or
        ended, nor a successor planned after it. A one-time contract (a
        purchase) has none."""
        self.ensure_one()
        if self.is_one_time:
            return self.env["contract.line"]
        today = fields.Date.context_today(self)

        def runs(line):
            return not line.is_canceled and (
                not line.date_end or line.date_end >= today
            )

        return self.contract_line_ids.filtered(
            lambda line: line.product_id
            and not line.display_type
            and runs(line)
            and not (
                line.predecessor_contract_line_id
                and runs(line.predecessor_contract_line_id)
            )
        )

    def action_renegotiate(self):
        """E2: start an upsell / renegotiation deal from a running contract."""
        self.ensure_one()
        self.env["crm.renegotiation"]._check_renegotiation_access()
        self.check_access("read")
        return self.env["crm.renegotiation.wizard"]._get_wizard_action(
            {"default_contract_id": self.id}
        )

    def action_view_renegotiations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_renegotiation.crm_renegotiation_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        return action
