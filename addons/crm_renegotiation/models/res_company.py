# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare

# Routes of a downward licence adjustment (R12).
ROUTE_INVOICE_SERVICE = "invoice_service"
ROUTE_CUSTOMER_SUCCESS = "customer_success"
ADJUSTMENT_ROUTES = [
    (ROUTE_INVOICE_SERVICE, "Invoice service"),
    (ROUTE_CUSTOMER_SUCCESS, "Customer success"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_renegotiation_sender_user(self):
        return self.env.ref("base.user_root", raise_if_not_found=False)

    def _default_renegotiation_order_template(self):
        return self.env.ref(
            "crm_renegotiation.sale_order_template_renegotiation",
            raise_if_not_found=False,
        )

    def _default_renegotiation_booking_team(self):
        return self.env.ref(
            "crm_renegotiation.crm_team_customer_centre", raise_if_not_found=False
        )

    def _default_renegotiation_sent_stage(self):
        return self.env.ref(
            "crm_renegotiation.helpdesk_ticket_stage_contract_sent",
            raise_if_not_found=False,
        )

    def _default_renegotiation_deal_type(self):
        return self.env.ref(
            "crm_renegotiation.crm_deal_type_renegotiation", raise_if_not_found=False
        )

    def _default_renegotiation_invoice_team(self):
        return self.env.ref(
            "crm_renegotiation.helpdesk_ticket_team_invoice_service",
            raise_if_not_found=False,
        )

    def _default_renegotiation_success_team(self):
        return self.env.ref(
            "crm_renegotiation.helpdesk_ticket_team_customer_success",
            raise_if_not_found=False,
        )

    # R2: the deal
    renegotiation_team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Renegotiation Pipeline",
        help="Sales team (pipeline) of the renegotiation deals. Empty: the "
        "default sales team of the user who renegotiates.",
    )
    renegotiation_stage_id = fields.Many2one(
        comodel_name="crm.stage",
        string="Renegotiation Stage",
        help="Stage of a new renegotiation deal. Empty: the first stage of "
        "the pipeline.",
    )
    renegotiation_deal_type_id = fields.Many2one(
        comodel_name="crm.deal.type",
        string="Renegotiation Deal Type",
        default=_default_renegotiation_deal_type,
    )
    renegotiation_close_days = fields.Integer(
        string="Closing Offset (days)",
        default=2,
        help="Expected closing date of a renegotiation deal: today plus this "
        "number of days, but never later than the last day of the current month.",
    )
    # R3, R4, R6: the contract quotation
    renegotiation_order_template_id = fields.Many2one(
        comodel_name="sale.order.template",
        string="Renegotiation Quotation Template",
        default=_default_renegotiation_order_template,
        help="Template of the renegotiation contract: its discount lines, terms "
        "and validity (signing deadline) are used for every renegotiation.",
    )
    # R5: who gets the sale
    renegotiation_sender_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Contract Sender",
        default=_default_renegotiation_sender_user,
        help="Non-human user who sends the renegotiation contract and is set as "
        "its salesperson, so that neither the seller nor the booker is credited.",
    )
    renegotiation_booking_team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Booking Team",
        default=_default_renegotiation_booking_team,
        help="Sales team the renegotiation contract is booked on.",
    )
    # R9
    renegotiation_sent_stage_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage",
        string="Ticket Stage when Sent",
        default=_default_renegotiation_sent_stage,
        help="Stage the originating ticket moves to when the contract is sent.",
    )
    # Unsigned contracts: a reminder before the signing deadline, then expiry
    renegotiation_reminder_days = fields.Integer(
        string="Signing Reminder (days before deadline)",
        default=2,
        help="This number of days before the signing deadline of a sent "
        "renegotiation contract, its signatory gets a reminder by e-mail and "
        "SMS, once. 0: no reminder.",
    )
    renegotiation_expire_unsigned = fields.Boolean(
        string="Expire Unsigned Contracts",
        default=True,
        help="The day after its signing deadline, a renegotiation contract "
        "still unsigned is cancelled and its ticket goes back to the stage it "
        "had before the contract was sent.",
    )
    # R12: routing of downward adjustments
    renegotiation_licence_threshold = fields.Integer(
        string="Licence Threshold",
        default=10,
        help="Customers with up to and including this number of licences "
        "(before the change) are always handled by the invoice service.",
    )
    renegotiation_reduction_threshold = fields.Float(
        string="Reduction Threshold (%)",
        default=20.0,
        digits=(16, 2),
        help="Above the licence threshold, a reduction of this percentage or "
        "more goes to customer success; a smaller one to the invoice service.",
    )
    renegotiation_invoice_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Invoice Service Team",
        default=_default_renegotiation_invoice_team,
    )
    renegotiation_invoice_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Invoice Service User",
        help="User who gets the to-do of a downward adjustment routed to the "
        "invoice service. Empty: the team leader.",
    )
    renegotiation_success_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Customer Success Team",
        default=_default_renegotiation_success_team,
    )
    renegotiation_success_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Customer Success User",
        help="User who gets the to-do of a downward adjustment routed to "
        "customer success. Empty: the team leader.",
    )
    # R13
    renegotiation_increase_months = fields.Integer(
        string="Increase Window (months)",
        default=36,
        help="An increase signed less than this number of months after the "
        "original contract was signed is reported to sales.",
    )
    renegotiation_increase_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Sales Contact for Increases",
        help="User told to register the sale of an increase signed inside the "
        "window. Empty: the owner of the deal.",
    )
    # R10
    renegotiation_provisioning_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Licence Provisioning User",
        help="User who gets the to-do to change the number of accesses once "
        "the customer has signed. Empty: the owner of the deal.",
    )

    @api.constrains(
        "renegotiation_close_days",
        "renegotiation_licence_threshold",
        "renegotiation_reduction_threshold",
        "renegotiation_increase_months",
        "renegotiation_reminder_days",
    )
    def _check_renegotiation_settings(self):
        for company in self:
            if company.renegotiation_reminder_days < 0:
                raise ValidationError(
                    self.env._("The signing reminder cannot be after the deadline.")
                )
            if company.renegotiation_close_days < 0:
                raise ValidationError(
                    self.env._("The closing offset cannot be negative.")
                )
            if company.renegotiation_licence_threshold < 0:
                raise ValidationError(
                    self.env._("The licence threshold cannot be negative.")
                )
            if not 0 < company.renegotiation_reduction_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "The reduction threshold must be a percentage above 0 "
                        "and at most 100."
                    )
                )
            if company.renegotiation_increase_months <= 0:
                raise ValidationError(
                    self.env._("The increase window must be at least one month.")
                )

    def _set_renegotiation_defaults(self):
        """Fill the empty renegotiation settings that have a default."""
        for field_name in (
            "renegotiation_deal_type_id",
            "renegotiation_order_template_id",
            "renegotiation_sender_user_id",
            "renegotiation_booking_team_id",
            "renegotiation_sent_stage_id",
            "renegotiation_invoice_team_id",
            "renegotiation_success_team_id",
        ):
            default = self._fields[field_name].default(self)
            if default:
                self.filtered(lambda c, f=field_name: not c[f]).write(
                    {field_name: default.id}
                )

    def _get_renegotiation_required_settings(self):
        """The settings a renegotiation follows the routine with, in the
        order of the settings page. Empty, the wizard still works (with
        Odoo's defaults), but not as the routine wants."""
        return [
            "renegotiation_team_id",
            "renegotiation_stage_id",
            "renegotiation_deal_type_id",
            "renegotiation_order_template_id",
            "renegotiation_sender_user_id",
            "renegotiation_booking_team_id",
            "renegotiation_sent_stage_id",
            "renegotiation_invoice_team_id",
            "renegotiation_success_team_id",
        ]

    def _renegotiation_template_needs_discounts(self):
        """Whether the quotation template has discount lines while the
        Discounts setting of Sales is off: the discounts are applied, but
        the sales team does not see them on the quotation."""
        self.ensure_one()
        template = self.renegotiation_order_template_id
        if not template.sale_order_template_line_ids.filtered("discount"):
            return False
        group = self.env.ref("sale.group_discount_per_so_line")
        return group not in self.env.ref("base.group_user").all_implied_ids

    def _get_renegotiation_missing_settings(self):
        """``[(setting, where to set it)]`` for every renegotiation setting
        of this company that is still missing, in the user's language."""
        self.ensure_one()
        where = self.env._("CRM > Configuration > Settings > Renegotiation")
        missing = [
            (self._fields[name]._description_string(self.env), where)
            for name in self._get_renegotiation_required_settings()
            if not self[name]
        ]
        if self._renegotiation_template_needs_discounts():
            missing.append(
                (
                    self.env._("Discounts"),
                    self.env._("Sales > Configuration > Settings > Pricing"),
                )
            )
        return missing

    def _get_renegotiation_missing_settings_message(self):
        """One sentence naming every missing setting and where to set it,
        or ``False`` when the company is configured."""
        self.ensure_one()
        missing = self._get_renegotiation_missing_settings()
        if not missing:
            return False
        return self.env._(
            "Renegotiation settings still missing in %(company)s: %(settings)s.",
            company=self.name,
            settings="; ".join(
                self.env._("%(setting)s (%(where)s)", setting=setting, where=where)
                for setting, where in missing
            ),
        )

    # ------------------------------------------------------------------
    # The rules of the routine, one method each (used by every caller)
    # ------------------------------------------------------------------

    def _get_renegotiation_close_date(self, today):
        """Expected closing date of a renegotiation deal started on ``today``.

        Today plus the configured offset, clamped to the last day of the
        current month (R2).
        """
        self.ensure_one()
        target = today + relativedelta(days=self.renegotiation_close_days)
        last_day_of_month = today + relativedelta(day=31)
        return min(target, last_day_of_month)

    def _get_renegotiation_sender(self):
        """The non-human user who sends the renegotiation contract and gets
        the sale instead of the seller and the booker (R5)."""
        self.ensure_one()
        return self.renegotiation_sender_user_id or self.env.ref("base.user_root")

    def _get_adjustment_route(self, old_licences, new_licences):
        """Who handles a licence change (R12), on the licences before the change.

        - no route for an increase or an unchanged count;
        - up to and including the licence threshold: invoice service;
        - above it, a reduction under the reduction threshold: invoice service;
        - above it, a reduction of the threshold or more: customer success.
        """
        self.ensure_one()
        if new_licences >= old_licences:
            return False
        if old_licences <= self.renegotiation_licence_threshold:
            return ROUTE_INVOICE_SERVICE
        # reduction % < threshold  <=>  (old - new) * 100 < threshold * old
        if (
            float_compare(
                (old_licences - new_licences) * 100.0,
                self.renegotiation_reduction_threshold * old_licences,
                precision_digits=6,
            )
            < 0
        ):
            return ROUTE_INVOICE_SERVICE
        return ROUTE_CUSTOMER_SUCCESS

    def _get_adjustment_route_target(self, route):
        """The helpdesk team and the user who get the to-do of ``route``."""
        self.ensure_one()
        if route == ROUTE_INVOICE_SERVICE:
            team = self.renegotiation_invoice_team_id
            user = self.renegotiation_invoice_user_id
        elif route == ROUTE_CUSTOMER_SUCCESS:
            team = self.renegotiation_success_team_id
            user = self.renegotiation_success_user_id
        else:
            return self.env["helpdesk.ticket.team"], self.env["res.users"]
        return team, user or team.user_id

    def _is_within_increase_window(self, contract_start, sign_date):
        """Whether ``sign_date`` is strictly less than the configured number of
        months after ``contract_start`` (R13)."""
        self.ensure_one()
        if not contract_start or not sign_date:
            return False
        window_end = contract_start + relativedelta(
            months=self.renegotiation_increase_months
        )
        return sign_date < window_end

    def _get_renegotiation_reminder_domain(self, today):
        """Renegotiations whose signatory is reminded ``today``: sent, not
        signed, not reminded yet, from the configured number of days before
        the signing deadline up to the deadline itself (a day missed by the
        cron is caught up the next day)."""
        self.ensure_one()
        if self.renegotiation_reminder_days <= 0:
            return Domain.FALSE
        return self._get_renegotiation_unsigned_domain() & Domain(
            [
                ("date_reminded", "=", False),
                (
                    "order_id.validity_date",
                    "<=",
                    today + relativedelta(days=self.renegotiation_reminder_days),
                ),
                ("order_id.validity_date", ">=", today),
            ]
        )

    def _get_renegotiation_expiry_domain(self, today):
        """Renegotiations that expire ``today``: sent, not signed, and past
        their signing deadline (the customer may sign on the deadline day
        itself, as Odoo's portal allows)."""
        self.ensure_one()
        if not self.renegotiation_expire_unsigned:
            return Domain.FALSE
        return self._get_renegotiation_unsigned_domain() & Domain(
            "order_id.validity_date", "<", today
        )

    def _get_renegotiation_unsigned_domain(self):
        """Sent renegotiation contracts of this company waiting for the
        signature: not signed nor confirmed, not cancelled."""
        self.ensure_one()
        return Domain(
            [
                ("company_id", "=", self.id),
                ("state", "=", "sent"),
                ("order_id.state", "in", ("draft", "sent")),
            ]
        )
