# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class PostsaleBillingBatchLine(models.Model):
    """What a background "Invoice activities" did with one ticket."""

    _name = "postsale.billing.batch.line"
    _description = "Background billing of one ticket"
    _order = "id"

    batch_id = fields.Many2one(
        comodel_name="postsale.billing.batch",
        string="Background billing",
        required=True,
        ondelete="cascade",
        index=True,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        readonly=True,
        ondelete="set null",
    )
    source = fields.Char(string="Billed record", readonly=True)
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        readonly=True,
        ondelete="set null",
        groups="sales_team.group_sale_salesman",
    )
    order_name = fields.Char(string="Order number", readonly=True)
    reason = fields.Char(string="Not billed because", readonly=True)
    state = fields.Selection(
        selection=[("created", "Order created"), ("skipped", "Skipped")],
        compute="_compute_state",
    )

    # One outcome per ticket and run: a chunk run twice cannot record a
    # ticket twice (nor, with the order line's unique activity, bill it twice).
    _batch_ticket_unique = models.UniqueIndex(
        "(batch_id, ticket_id) WHERE ticket_id IS NOT NULL",
        "A ticket has one outcome per background billing.",
    )

    @api.depends("order_name")
    def _compute_state(self):
        for line in self:
            line.state = "created" if line.order_name else "skipped"
