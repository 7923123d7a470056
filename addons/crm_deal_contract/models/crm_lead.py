# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """A won deal is locked: its sold items are contracts (the contract
    products' lines, made when their order was confirmed, and a one-time
    contract per confirmed order for everything else), listed under its
    quotations; its quotations and orders cannot be edited until the deal
    is reopened."""

    _inherit = "crm.lead"

    contract_line_ids = fields.Many2many(
        comodel_name="contract.line",
        string="Contracts",
        compute="_compute_contract_line_ids",
        help="The contract lines the deal's orders made: time-based lines of "
        "contract products and the items of its one-time contracts.",
    )
    contract_count = fields.Integer(
        compute="_compute_contract_line_ids",
    )

    @api.depends("order_ids.order_line.contract_created_line_ids")
    def _compute_contract_line_ids(self):
        lines_by_lead = {lead.id: self.env["contract.line"] for lead in self}
        if self.ids:
            lines = (
                self.env["contract.line"]
                .sudo()
                .search(
                    [
                        ("sale_order_line_id.order_id.opportunity_id", "in", self.ids),
                        ("display_type", "=", False),
                    ],
                    order="date_start, id",
                )
            )
            for line in lines:
                lead_id = line.sale_order_line_id.order_id.opportunity_id.id
                lines_by_lead[lead_id] |= line
        for lead in self:
            lines = lines_by_lead.get(lead.id, self.env["contract.line"])
            # what the user may read of them
            lead.contract_line_ids = lines.with_env(self.env)._filtered_access("read")
            lead.contract_count = len(lead.contract_line_ids.contract_id)

    # ------------------------------------------------------------------
    # Won: sold items become contracts, the deal's documents are locked
    # ------------------------------------------------------------------

    def _handle_won_lost(self, old_status_by_lead, new_status_by_lead):
        res = super()._handle_won_lost(old_status_by_lead, new_status_by_lead)
        won = reopened = self.browse()
        for lead in self:
            was_won = old_status_by_lead.get(lead.id, {}).get("is_won", False)
            is_won = new_status_by_lead.get(lead.id, {}).get("is_won", False)
            if is_won and not was_won:
                won |= lead
            elif was_won and not is_won:
                reopened |= lead
        if won:
            won._convert_sold_items()
            won._lock_deal_orders()
        if reopened:
            reopened._unlock_deal_orders()
        return res

    def _get_deal_orders(self):
        """The orders and quotations of the deals that winning locks."""
        return self.order_ids.filtered(lambda order: order.state != "cancel")

    def _convert_sold_items(self):
        """The items sold on these won deals become contracts, through the
        contract mechanism of ``contract_amendment``: contract products are
        contract lines from their order's confirmation; every other item of
        a confirmed order goes to a one-time contract (made once)."""
        # The salesperson wins the deal; the contracts follow from it, also
        # for users who do not manage contracts.
        orders = (
            self.sudo()._get_deal_orders().filtered(lambda order: order.state == "sale")
        )
        return orders._add_one_time_contracts()

    def _lock_deal_orders(self):
        orders = self.sudo()._get_deal_orders().filtered(lambda order: not order.locked)
        orders.write({"locked": True, "locked_by_deal": True})

    def _unlock_deal_orders(self):
        orders = self.sudo().order_ids.filtered("locked_by_deal")
        orders.write({"locked": False, "locked_by_deal": False})

    def _get_reopen_stage(self):
        """The stage a won deal goes back to: the last stage of its team
        before the won ones."""
        self.ensure_one()
        stages = self._stage_find(domain=[("is_won", "=", False)], limit=None)
        return stages[-1:] if stages else stages

    def action_reopen(self):
        """Reopen won deals: they go back to their last open stage, their
        quotations can be edited and extended again."""
        for lead in self:
            if lead.won_status != "won":
                raise UserError(
                    self.env._(
                        "The deal %(deal)s is not won: there is nothing to reopen.",
                        deal=lead.name,
                    )
                )
            stage = lead._get_reopen_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "The deal %(deal)s cannot be reopened: its sales team "
                        "has no stage that is not won.",
                        deal=lead.name,
                    )
                )
            lead.stage_id = stage
            # as Odoo's Restore does: back to the stage's automated probability
            lead._compute_probabilities()
            lead.probability = lead.automated_probability
        return True

    def action_view_deal_contracts(self):
        """The contracts the deal's orders made or changed."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "contract.action_customer_contract"
        )
        contracts = self.contract_line_ids.contract_id
        action["domain"] = [("id", "in", contracts.ids)]
        action["context"] = {"create": False}
        if len(contracts) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = contracts.id
        return action
