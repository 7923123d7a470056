# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError


class PostsaleBillingResult(models.TransientModel):
    """What a post-sale billing flow created (B6, B7, B9).

    Tells the user the orders were made with the default settings, lists
    what was skipped and why, and offers to open the orders to the users
    allowed to manage them.
    """

    _name = "postsale.billing.result"
    _description = "Post-sale billing result"

    message = fields.Text(readonly=True)
    order_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    order_ids = fields.Many2many(
        comodel_name="sale.order",
        string="Orders",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    line_ids = fields.One2many(
        comodel_name="postsale.billing.result.line",
        inverse_name="result_id",
        string="Details",
        readonly=True,
    )
    can_open_orders = fields.Boolean(
        string="Can open the orders", compute="_compute_can_open_orders"
    )

    def _compute_can_open_orders(self):
        allowed = self.env.user.has_group("sales_team.group_sale_salesman")
        for result in self:
            result.can_open_orders = allowed and bool(result.order_count)

    @api.model
    def _get_message(self, order_count, skipped_count):
        if order_count:
            message = self.env._(
                "%(count)s order(s) created with the default post-sale billing "
                "settings (order type, subject and product of the case; the "
                "customer's pricelist, payment terms and fiscal position; you "
                "as salesperson). Check them before sending them to the "
                "customer.",
                count=order_count,
            )
            if not self.env.user.has_group("sales_team.group_sale_salesman"):
                message += "\n" + self.env._(
                    "You are not allowed to manage sale orders: ask a "
                    "salesperson to check them."
                )
        else:
            message = self.env._("No order was created.")
        if skipped_count:
            message += "\n" + self.env._(
                "%(count)s record(s) skipped: see why below.",
                count=skipped_count,
            )
        return message

    @api.model
    def _action_show(self, orders, rows):
        """Create the result of a billing run and return its dialog.

        :param orders: the created orders
        :param rows: dicts with ``source`` (a name), and ``order`` (a created
            order) or ``reason`` (why nothing was created)
        """
        orders = orders.sudo()
        skipped_count = len([row for row in rows if not row.get("order")])
        values = {
            "message": self._get_message(len(orders), skipped_count),
            "order_count": len(orders),
            "skipped_count": skipped_count,
            "order_ids": [Command.set(orders.ids)],
            "line_ids": [
                Command.create(
                    {
                        "source": row["source"],
                        "order_id": row["order"].id if row.get("order") else False,
                        "order_name": row["order"].name if row.get("order") else "",
                        "reason": row.get("reason") or "",
                    }
                )
                for row in rows
            ],
        }
        # The order fields are for salespeople only; the result belongs to
        # the current user (transient records are per user) either way.
        result = self.sudo().create(values).sudo(False)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Post-sale orders"),
            "res_model": self._name,
            "res_id": result.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_open_orders(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("You are not allowed to manage sale orders."))
        return self.order_ids._get_records_action(name=self.env._("Post-sale orders"))
