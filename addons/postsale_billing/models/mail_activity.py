# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date


class MailActivity(models.Model):
    """Execution condition, billed quantity and billing state of activities.

    Odoo 19 keeps a done activity archived (``active=False``) with its
    ``date_done``: that is a *closed* activity. A closed activity whose
    condition is "to invoice" is billable until an order line bills it; the
    line keeps it (``sale.order.line.postsale_activity_id``, unique in the
    database), so it is never billed twice.
    """

    _name = "mail.activity"
    _inherit = ["mail.activity", "postsale.protected.fields.mixin"]

    billing_condition_id = fields.Many2one(
        comodel_name="postsale.activity.condition",
        string="Execution condition",
        compute="_compute_billing_defaults",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    billing_quantity = fields.Float(
        string="Billed quantity",
        compute="_compute_billing_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Unit",
    )
    done_by_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Done by",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    billing_line_ids = fields.One2many(
        comodel_name="sale.order.line",
        inverse_name="postsale_activity_id",
        string="Billing order lines",
        readonly=True,
        copy=False,
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order line",
        compute="_compute_sale_line_id",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The order line that billed this activity.",
    )
    billing_state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("not_billable", "Not billable"),
            ("billable", "Billable"),
            ("billed", "Billed"),
        ],
        string="Billing state",
        compute="_compute_billing_state",
        store=True,
        index=True,
        copy=False,
    )

    @api.depends("activity_type_id")
    def _compute_billing_defaults(self):
        for activity in self:
            if activity.sale_line_id:
                # A billed activity keeps what was billed.
                continue
            activity_type = activity.activity_type_id
            activity.billing_condition_id = activity_type.default_billing_condition_id
            activity.billing_quantity = (
                activity_type.default_billing_quantity if activity_type else 1.0
            )

    # The order's state is only a trigger: deleting a quotation deletes its
    # lines in the database (cascade), which frees their activities.
    @api.depends("billing_line_ids", "billing_line_ids.order_id.state")
    def _compute_sale_line_id(self):
        for activity in self:
            activity.sale_line_id = activity.billing_line_ids[:1]

    @api.depends("active", "sale_line_id", "billing_condition_id.to_invoice")
    def _compute_billing_state(self):
        for activity in self:
            if activity.sale_line_id:
                activity.billing_state = "billed"
            elif activity.active:
                activity.billing_state = "open"
            elif activity.billing_condition_id.to_invoice:
                activity.billing_state = "billable"
            else:
                activity.billing_state = "not_billable"

    @api.model
    def _get_postsale_protected_fields(self):
        return super()._get_postsale_protected_fields() | {
            "billing_state",
            "sale_line_id",
            "billing_line_ids",
            "done_by_user_id",
        }

    def write(self, vals):
        frozen = {"billing_condition_id", "billing_quantity"} & vals.keys()
        if frozen:
            self._check_billing_not_billed(vals, frozen)
        return super().write(vals)

    def _check_billing_not_billed(self, vals, fnames):
        for activity in self.filtered("sale_line_id"):
            for fname in fnames:
                field = self._fields[fname]
                new_value = field.convert_to_cache(vals[fname], activity)
                old_value = field.convert_to_cache(activity[fname], activity)
                if new_value != old_value:
                    raise UserError(
                        self.env._(
                            "The activity “%(activity)s” is already billed on "
                            "order %(order)s: its execution condition and "
                            "quantity can no longer change.",
                            activity=activity.display_name,
                            order=activity.sale_line_id.sudo().order_id.name,
                        )
                    )

    def _action_done(self, feedback=False, attachment_ids=None):
        # Remember who closed the activity: the order line says who did it.
        self.filtered("active").sudo().done_by_user_id = self.env.user
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _get_billing_description(self):
        """The order line text of a billed activity: date, summary, who."""
        self.ensure_one()
        date = fields.Date.to_date(self.date_done or self.date_deadline)
        summary = self.summary or self.activity_type_id.name or ""
        user = self.done_by_user_id or self.user_id
        if user:
            return self.env._(
                "%(date)s - %(summary)s (done by %(user)s)",
                date=self._format_billing_date(date),
                summary=summary,
                user=user.name,
            )
        return self.env._(
            "%(date)s - %(summary)s",
            date=self._format_billing_date(date),
            summary=summary,
        )

    def _format_billing_date(self, date):
        return format_date(self.env, date) if date else ""
