# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .postsale_billing_config import BILLING_CASES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    postsale_subject = fields.Char(
        string="Subject",
        copy=False,
        help="Deal subject, printed on the order.",
    )
    postsale_case = fields.Selection(
        selection=BILLING_CASES,
        string="Post-sale case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The post-sale case whose billing defaults made this order.",
    )
    postsale_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The ticket whose closed activities this order bills.",
    )
    postsale_contract_ids = fields.One2many(
        comodel_name="contract.contract",
        inverse_name="sale_order_id",
        string="Linked contracts",
        readonly=True,
    )
    postsale_renewal_ids = fields.One2many(
        comodel_name="contract.renewal",
        inverse_name="sale_order_id",
        string="Linked renewals",
        readonly=True,
    )
    postsale_contract_count = fields.Integer(
        string="Contracts",
        compute="_compute_postsale_contract_count",
    )

    @api.depends(
        "postsale_contract_ids",
        "order_line.contract_line_id",
        "order_line.contract_created_line_ids",
    )
    def _compute_postsale_contract_count(self):
        # A count only: salespeople may not read contracts.
        for order in self:
            order.postsale_contract_count = len(order.sudo()._get_postsale_contracts())

    def _get_postsale_contracts(self):
        return (
            self.postsale_contract_ids
            | self.order_line.contract_line_id.contract_id
            | self.order_line.contract_created_line_ids.contract_id
            | self.postsale_renewal_ids.contract_id
        )

    def action_view_postsale_contracts(self):
        self.ensure_one()
        contracts = self._get_postsale_contracts()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract.action_customer_contract"
        )
        if len(contracts) == 1:
            action.update(
                views=[(False, "form")],
                view_mode="form",
                res_id=contracts.id,
            )
        else:
            action["domain"] = [("id", "in", contracts.ids)]
        return action
