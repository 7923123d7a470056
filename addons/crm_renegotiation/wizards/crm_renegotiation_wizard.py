# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import format_date

from ..models.res_company import (
    ADJUSTMENT_ROUTES,
    ROUTE_CUSTOMER_SUCCESS,
    ROUTE_INVOICE_SERVICE,
)


class CrmRenegotiationWizard(models.TransientModel):
    """Collect the renegotiation in one screen, show its impact, confirm.

    Thin: every rule lives on ``res.company`` and every write in
    ``crm.renegotiation._start_renegotiation``.
    """

    _name = "crm.renegotiation.wizard"
    _description = "Renegotiate an Agreement"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('is_company', '=', True)]",
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The contact who asked for the renegotiation (linked to the ticket).",
    )
    signatory_id = fields.Many2one(
        comodel_name="res.partner",
        string="Signatory",
        compute="_compute_signatory_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('commercial_partner_id', '=', partner_id), "
        "('signing_authority', '=', True)]",
        help="Contact with signing authority who receives the contract by "
        "e-mail and SMS.",
    )
    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('commercial_partner_id', '=', partner_id), "
        "('contract_type', '=', 'sale'), ('is_one_time', '=', False), "
        "('company_id', '=', company_id)]",
    )
    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Licence Line",
        compute="_compute_contract_line_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', renegotiable_line_ids)]",
        help="The running contract line whose licences and price change.",
    )
    renegotiable_line_ids = fields.Many2many(
        comodel_name="contract.line",
        compute="_compute_renegotiable_line_ids",
        help="Technical field: the running lines of the contract.",
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    current_licences = fields.Integer(compute="_compute_current")
    current_price = fields.Monetary(
        string="Current Price per Licence", compute="_compute_current"
    )
    current_monthly_amount = fields.Monetary(compute="_compute_current")
    new_licences = fields.Integer(
        string="New Number of Licences",
        compute="_compute_new_values",
        store=True,
        readonly=False,
        precompute=True,
    )
    new_price = fields.Monetary(
        string="New Price per Licence",
        compute="_compute_new_values",
        store=True,
        readonly=False,
        precompute=True,
    )
    delivery_start_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Date from which the new licences and price apply (by default "
        "the day the contract is sent).",
    )
    upsell_line_ids = fields.One2many(
        comodel_name="crm.renegotiation.wizard.line",
        inverse_name="wizard_id",
        string="Products to Add",
        help="Products the customer does not have yet, added to the contract "
        "by the same quotation (an upsell).",
    )
    effective_date = fields.Date(
        string="Takes Effect",
        compute="_compute_effective_date",
        help="The day the new terms apply: the delivery start date, or the "
        "day after the period the contract has already invoiced.",
    )
    licence_delta = fields.Integer(string="Licence Change", compute="_compute_impact")
    new_monthly_amount = fields.Monetary(compute="_compute_impact")
    monthly_amount_delta = fields.Monetary(
        string="Monthly Amount Change", compute="_compute_impact"
    )
    route = fields.Selection(
        selection=ADJUSTMENT_ROUTES,
        string="Handled by",
        compute="_compute_impact",
    )
    impact_description = fields.Char(string="Rule", compute="_compute_impact")
    close_date = fields.Date(string="Expected Closing", compute="_compute_deal_dates")
    settings_warning = fields.Char(
        compute="_compute_settings_warning",
        help="The renegotiation settings of the company that are still missing.",
    )
    signing_deadline = fields.Date(compute="_compute_deal_dates")

    @api.depends("ticket_id")
    def _compute_partner_id(self):
        """The ticket's customer, or the customer of the contract the wizard
        was opened from (E2)."""
        for wizard in self:
            if wizard.ticket_id.commercial_partner_id:
                wizard.partner_id = wizard.ticket_id.commercial_partner_id
            elif not wizard.partner_id:
                wizard.partner_id = wizard.contract_id.commercial_partner_id

    @api.depends("ticket_id", "partner_id")
    def _compute_contact_id(self):
        for wizard in self:
            contact = wizard.ticket_id.partner_id
            if contact.commercial_partner_id != wizard.partner_id or contact.is_company:
                contact = wizard.contact_id.filtered(
                    lambda c, w=wizard: c.commercial_partner_id == w.partner_id
                )
            wizard.contact_id = contact

    @api.depends("partner_id", "contact_id")
    def _compute_signatory_id(self):
        for wizard in self:
            if wizard.contact_id.signing_authority:
                wizard.signatory_id = wizard.contact_id
            elif (
                wizard.signatory_id.signing_authority
                and wizard.signatory_id.commercial_partner_id == wizard.partner_id
            ):
                continue
            else:
                wizard.signatory_id = (
                    wizard.partner_id._get_signatories()[:1]
                    if wizard.partner_id
                    else False
                )

    @api.depends("partner_id", "company_id")
    def _compute_contract_id(self):
        for wizard in self:
            if (
                wizard.contract_id
                and wizard.contract_id.commercial_partner_id == wizard.partner_id
            ):
                continue
            contracts = (
                self.env["contract.contract"].search(
                    [
                        ("commercial_partner_id", "=", wizard.partner_id.id),
                        ("contract_type", "=", "sale"),
                        ("is_one_time", "=", False),
                        ("company_id", "=", wizard.company_id.id),
                    ],
                    order="date desc, id desc",
                )
                if wizard.partner_id
                else self.env["contract.contract"]
            )
            wizard.contract_id = next(
                (c for c in contracts if c._get_renegotiable_lines()), False
            )

    @api.depends("contract_id")
    def _compute_renegotiable_line_ids(self):
        for wizard in self:
            wizard.renegotiable_line_ids = (
                wizard.contract_id._get_renegotiable_lines()
                if wizard.contract_id
                else self.env["contract.line"]
            )

    @api.depends("contract_id")
    def _compute_contract_line_id(self):
        for wizard in self:
            lines = (
                wizard.contract_id._get_renegotiable_lines()
                if wizard.contract_id
                else self.env["contract.line"]
            )
            if wizard.contract_line_id not in lines:
                wizard.contract_line_id = lines[:1]

    @api.depends("contract_line_id")
    def _compute_current(self):
        for wizard in self:
            line = wizard.contract_line_id
            wizard.current_licences = int(line.quantity)
            wizard.current_price = line.price_unit
            wizard.current_monthly_amount = line.monthly_recurring

    @api.depends("contract_line_id")
    def _compute_new_values(self):
        for wizard in self:
            wizard.new_licences = int(wizard.contract_line_id.quantity)
            wizard.new_price = wizard.contract_line_id.price_unit

    @api.depends("contract_line_id", "delivery_start_date", "new_licences", "new_price")
    def _compute_effective_date(self):
        for wizard in self:
            day = wizard.delivery_start_date
            line = wizard.contract_line_id
            changed = line and (
                wizard.new_licences != int(line.quantity)
                or wizard.currency_id.compare_amounts(wizard.new_price, line.price_unit)
            )
            # products added start on the delivery start date; a change of
            # the licence line after what is already invoiced
            wizard.effective_date = (
                line._get_module_line_at(day)._get_amendment_start(day)[1]
                if changed and day
                else day
            )

    def _get_upsell_price(self, product, quantity):
        """The price of ``product`` for the customer: the quotation's
        pricelist, the customer's discounts included."""
        self.ensure_one()
        pricelist = self.env["crm.renegotiation"]._get_order_pricelist(self.contract_id)
        if not pricelist:
            return product.lst_price
        return pricelist._get_product_price(
            product, quantity or 1.0, currency=self.currency_id
        )

    def _get_upsell_monthly_amount(self, line):
        """Monthly recurring amount of a product to add, invoiced as its
        product says, computed by the contract on an unsaved line."""
        self.ensure_one()
        template = line.product_id.product_tmpl_id
        draft = self.env["contract.line"].new(
            {
                "contract_id": self.contract_id.id,
                "product_id": line.product_id.id,
                "name": line.product_id.name,
                "quantity": line.quantity,
                "automatic_price": False,
                "specific_price": line.price_unit,
                "recurring_rule_type": template.contract_recurring_rule_type,
                "recurring_interval": template.contract_recurring_interval,
                "date_start": self.delivery_start_date,
            }
        )
        return draft.monthly_recurring

    @api.depends(
        "contract_line_id",
        "new_licences",
        "new_price",
        "company_id",
        "upsell_line_ids.price_unit",
        "upsell_line_ids.quantity",
    )
    def _compute_impact(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            company = wizard.company_id
            old = wizard.current_licences
            new = wizard.new_licences
            wizard.licence_delta = new - old
            wizard.new_monthly_amount = (
                wizard.contract_line_id._get_renegotiated_monthly_amount(
                    new, wizard.new_price
                )
                if wizard.contract_line_id
                else 0.0
            )
            wizard.new_monthly_amount += sum(
                wizard._get_upsell_monthly_amount(line)
                for line in wizard.upsell_line_ids
                if line.product_id and wizard.contract_id
            )
            wizard.monthly_amount_delta = (
                wizard.new_monthly_amount - wizard.current_monthly_amount
            )
            wizard.route = company._get_adjustment_route(old, new)
            wizard.impact_description = wizard._get_impact_description(today)

    def _get_impact_description(self, today):
        self.ensure_one()
        company = self.company_id
        old = self.current_licences
        new = self.new_licences
        if not self.contract_line_id:
            return False
        if new == old:
            if self.upsell_line_ids and not self.currency_id.compare_amounts(
                self.new_price, self.current_price
            ):
                return self.env._(
                    "Upsell: the products to add join the contract; the "
                    "licences stay as they are."
                )
            if not self.currency_id.compare_amounts(self.new_price, self.current_price):
                return self.env._(
                    "No change yet: set the new number of licences or price, "
                    "or add products."
                )
            return self.env._("Price change only: no routing, no registration.")
        if new > old:
            contract = self.contract_id
            start = contract.date or self.contract_line_id.date_start
            if company._is_within_increase_window(start, today):
                return self.env._(
                    "Increase signed less than %(months)s months after the "
                    "contract (%(date)s): sales is told to register the sale.",
                    months=company.renegotiation_increase_months,
                    date=format_date(self.env, start),
                )
            return self.env._(
                "Increase signed %(months)s months or more after the contract "
                "(%(date)s): nothing to register.",
                months=company.renegotiation_increase_months,
                date=format_date(self.env, start),
            )
        if self.route == ROUTE_INVOICE_SERVICE and (
            old <= company.renegotiation_licence_threshold
        ):
            return self.env._(
                "Downward adjustment from %(old)s licences (%(threshold)s or "
                "fewer): invoice service.",
                old=old,
                threshold=company.renegotiation_licence_threshold,
            )
        if self.route == ROUTE_INVOICE_SERVICE:
            return self.env._(
                "Downward adjustment under %(percent)s %%: invoice service.",
                percent=f"{company.renegotiation_reduction_threshold:g}",
            )
        if self.route == ROUTE_CUSTOMER_SUCCESS:
            return self.env._(
                "Downward adjustment of %(percent)s %% or more from more than "
                "%(threshold)s licences: customer success.",
                percent=f"{company.renegotiation_reduction_threshold:g}",
                threshold=company.renegotiation_licence_threshold,
            )
        return False

    @api.depends("company_id")
    def _compute_settings_warning(self):
        for wizard in self:
            wizard.settings_warning = (
                wizard.company_id.sudo()._get_renegotiation_missing_settings_message()
            )

    @api.depends("company_id")
    def _compute_deal_dates(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            company = wizard.company_id
            wizard.close_date = company._get_renegotiation_close_date(today)
            days = company.renegotiation_order_template_id.number_of_days
            wizard.signing_deadline = (
                fields.Date.add(today, days=days) if days > 0 else False
            )

    @api.model
    def _get_wizard_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renegotiate"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context, **context),
        }

    def _prepare_renegotiation_values(self):
        self.ensure_one()
        return {
            "company": self.company_id,
            "ticket": self.ticket_id,
            "partner": self.partner_id,
            "contact": self.contact_id,
            "signatory": self.signatory_id,
            "contract_line": self.contract_line_id,
            "new_licences": self.new_licences,
            "new_price": self.new_price,
            "delivery_start_date": self.delivery_start_date,
            "upsell_lines": [
                {"product": line.product_id, "quantity": line.quantity}
                for line in self.upsell_line_ids
            ],
        }

    def action_confirm(self):
        self.ensure_one()
        renegotiation = self.env["crm.renegotiation"]._start_renegotiation(
            self._prepare_renegotiation_values()
        )
        return renegotiation.order_id._get_records_action(
            name=self.env._("Renegotiation Contract")
        )
