# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    default_billing_condition_id = fields.Many2one(
        comodel_name="postsale.activity.condition",
        string="Default execution condition",
        ondelete="set null",
        help="Execution condition given to new activities of this type.",
    )
    default_billing_quantity = fields.Float(
        string="Default billed quantity",
        default=1.0,
        digits="Product Unit",
        help="Quantity billed for an activity of this type, in the unit of the "
        "billed product.",
    )
