# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class PostsaleBillingResultLine(models.TransientModel):
    _name = "postsale.billing.result.line"
    _description = "Post-sale billing result line"

    result_id = fields.Many2one(
        comodel_name="postsale.billing.result",
        required=True,
        ondelete="cascade",
        index=True,
    )
    source = fields.Char(string="Billed record", readonly=True)
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    order_name = fields.Char(string="Order number", readonly=True)
    reason = fields.Char(string="Not billed because", readonly=True)
    state = fields.Selection(
        selection=[("created", "Order created"), ("skipped", "Skipped")],
        compute="_compute_state",
    )

    @api.depends("order_name")
    def _compute_state(self):
        for line in self:
            line.state = "created" if line.order_name else "skipped"
