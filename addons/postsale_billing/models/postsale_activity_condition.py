# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class PostsaleActivityCondition(models.Model):
    """How an activity was carried out, and whether that is invoiced.

    Examples: "Billable intervention" (to invoice), "Warranty / included"
    (not to invoice). Only done activities whose condition is flagged "To
    invoice" are billed.
    """

    _name = "postsale.activity.condition"
    _description = "Activity execution condition"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    to_invoice = fields.Boolean(
        string="To invoice",
        help="Done activities carried out under this condition are billed.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        check_company=True,
        domain=[("sale_ok", "=", True)],
        ondelete="restrict",
        help="Product billed for these activities. Empty: the default product "
        "of the company's ticket activities billing configuration.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the condition between companies.",
    )
    description = fields.Text(translate=True)
