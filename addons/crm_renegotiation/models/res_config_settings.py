# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    renegotiation_team_id = fields.Many2one(
        related="company_id.renegotiation_team_id", readonly=False
    )
    renegotiation_stage_id = fields.Many2one(
        related="company_id.renegotiation_stage_id", readonly=False
    )
    renegotiation_deal_type_id = fields.Many2one(
        related="company_id.renegotiation_deal_type_id", readonly=False
    )
    renegotiation_close_days = fields.Integer(
        related="company_id.renegotiation_close_days", readonly=False
    )
    renegotiation_order_template_id = fields.Many2one(
        related="company_id.renegotiation_order_template_id", readonly=False
    )
    renegotiation_template_has_discounts = fields.Boolean(
        compute="_compute_renegotiation_template_has_discounts",
        help="The renegotiation template has discount lines, which the "
        "Discounts setting of Sales shows on the quotations.",
    )
    renegotiation_sender_user_id = fields.Many2one(
        related="company_id.renegotiation_sender_user_id", readonly=False
    )
    renegotiation_booking_team_id = fields.Many2one(
        related="company_id.renegotiation_booking_team_id", readonly=False
    )
    renegotiation_sent_stage_id = fields.Many2one(
        related="company_id.renegotiation_sent_stage_id", readonly=False
    )
    renegotiation_reminder_days = fields.Integer(
        related="company_id.renegotiation_reminder_days", readonly=False
    )
    renegotiation_expire_unsigned = fields.Boolean(
        related="company_id.renegotiation_expire_unsigned", readonly=False
    )
    renegotiation_licence_threshold = fields.Integer(
        related="company_id.renegotiation_licence_threshold", readonly=False
    )
    renegotiation_reduction_threshold = fields.Float(
        related="company_id.renegotiation_reduction_threshold", readonly=False
    )
    renegotiation_invoice_team_id = fields.Many2one(
        related="company_id.renegotiation_invoice_team_id", readonly=False
    )
    renegotiation_invoice_user_id = fields.Many2one(
        related="company_id.renegotiation_invoice_user_id", readonly=False
    )
    renegotiation_success_team_id = fields.Many2one(
        related="company_id.renegotiation_success_team_id", readonly=False
    )
    renegotiation_success_user_id = fields.Many2one(
        related="company_id.renegotiation_success_user_id", readonly=False
    )
    renegotiation_increase_months = fields.Integer(
        related="company_id.renegotiation_increase_months", readonly=False
    )
    renegotiation_increase_user_id = fields.Many2one(
        related="company_id.renegotiation_increase_user_id", readonly=False
    )
    renegotiation_provisioning_user_id = fields.Many2one(
        related="company_id.renegotiation_provisioning_user_id", readonly=False
    )

    @api.depends("renegotiation_order_template_id")
    def _compute_renegotiation_template_has_discounts(self):
        for settings in self:
            settings.renegotiation_template_has_discounts = bool(
                settings.renegotiation_order_template_id.sale_order_template_line_ids.filtered(
                    "discount"
                )
            )
