# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "postsale.protected.fields.mixin"]

    postsale_activity_id = fields.Many2one(
        comodel_name="mail.activity",
        string="Billed activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The closed ticket activity this line bills.",
    )
    # The database, not only the interface, refuses to bill an activity twice.
    _postsale_activity_unique = models.UniqueIndex(
        "(postsale_activity_id) WHERE postsale_activity_id IS NOT NULL",
        "This activity is already billed by another order line.",
    )

    @api.model
    def _get_postsale_protected_fields(self):
        # Which activity a line bills: a line that claimed an activity would
        # mark it billed.
        return super()._get_postsale_protected_fields() | {"postsale_activity_id"}

    def _set_postsale_price(self, amount, currency):
        """Bill ``amount`` (in ``currency``) on these lines, in the order's
        currency, instead of the pricelist price."""
        for line in self:
            order = line.order_id
            line.write(
                {
                    "price_unit": currency._convert(
                        amount,
                        order.currency_id,
                        order.company_id,
                        fields.Date.to_date(order.date_order)
                        or fields.Date.context_today(line),
                    ),
                    "discount": 0.0,
                }
            )
