# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_amount, format_date

from .res_company import ADJUSTMENT_ROUTES

_logger = logging.getLogger(__name__)


class CrmRenegotiation(models.Model):
    """One renegotiation of one contract line of a customer's agreement.

    Created by the renegotiation wizard together with its deal and its
    contract quotation; applied once to the contract when the customer signs.
    The applied renegotiations are the customer's adjustment history (C1).
    """

    _name = "crm.renegotiation"
    _description = "Renegotiation"
    _order = "date_applied desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        help="The customer company whose agreement is renegotiated.",
    )
    signatory_id = fields.Many2one(
        comodel_name="res.partner",
        string="Signatory",
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Renegotiated by",
        default=lambda self: self.env.user,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        index="btree_not_null",
        ondelete="set null",
    )
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Deal",
        index="btree_not_null",
        ondelete="set null",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Contract Quotation",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Contract Line",
        required=True,
        ondelete="cascade",
    )
    successor_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="New Contract Line",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        required=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    old_licences = fields.Integer(string="Licences Before")
    new_licences = fields.Integer(string="Licences After")
    licence_delta = fields.Integer(
        string="Licence Change",
        compute="_compute_change",
        store=True,
    )
    change_percent = fields.Float(
        string="Change (%)",
        compute="_compute_change",
        store=True,
        digits=(16, 2),
        help="Change of the number of licences, in percent of the licences "
        "before the change.",
    )
    direction = fields.Selection(
        selection=[
            ("increase", "Increase"),
            ("decrease", "Downward adjustment"),
            ("unchanged", "Unchanged"),
        ],
        compute="_compute_change",
        store=True,
    )
    old_price = fields.Monetary(string="Price Before")
    new_price = fields.Monetary(string="Price After")
    old_monthly_amount = fields.Monetary(string="Monthly Amount Before")
    new_monthly_amount = fields.Monetary(string="Monthly Amount After")
    delivery_start_date = fields.Date(
        required=True,
        help="Date from which the new number of licences and price apply.",
    )
    start_when_sent = fields.Boolean(
        readonly=True,
        help="The delivery start date was left at its default, the day the "
        "contract is sent: it follows the day it is actually sent.",
    )
    date_effective = fields.Date(
        string="Effective Date",
        readonly=True,
        copy=False,
        help="Date the new contract line starts. The delivery start date, "
        "unless the current line was already invoiced beyond it.",
    )
    date_sent = fields.Datetime(readonly=True, copy=False)
    ticket_stage_before_sent_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage",
        string="Ticket Stage before Sending",
        readonly=True,
        copy=False,
        help="Stage the ticket goes back to if the contract expires unsigned.",
    )
    date_reminded = fields.Datetime(
        string="Signing Reminder Sent on", readonly=True, copy=False
    )
    date_expired = fields.Date(
        string="Expired Unsigned on",
        readonly=True,
        copy=False,
        help="The signing deadline passed without a signature: the contract "
        "quotation was cancelled.",
    )
    date_applied = fields.Datetime(
        string="Signed and Applied on", readonly=True, copy=False
    )
    route = fields.Selection(
        selection=ADJUSTMENT_ROUTES,
        help="Who handles the downward adjustment.",
    )
    increase_in_window = fields.Boolean(
        string="Increase to Register",
        readonly=True,
        copy=False,
        help="Increase signed inside the window after the original contract: "
        "sales was told to register the sale.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Quotation"),
            ("sent", "Sent"),
            ("applied", "Signed and applied"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )

    _order_uniq = models.Constraint(
        "UNIQUE(order_id)",
        "A contract quotation belongs to one renegotiation only.",
    )
    _successor_uniq = models.Constraint(
        "UNIQUE(successor_line_id)",
        "A new contract line belongs to one renegotiation only.",
    )

    @api.depends("old_licences", "new_licences")
    def _compute_change(self):
        for reneg in self:
            delta = reneg.new_licences - reneg.old_licences
            reneg.licence_delta = delta
            reneg.change_percent = (
                delta * 100.0 / reneg.old_licences if reneg.old_licences else 0.0
            )
            reneg.direction = (
                "increase" if delta > 0 else "decrease" if delta < 0 else "unchanged"
            )

    @api.depends("partner_id", "product_id", "old_licences", "new_licences")
    def _compute_display_name(self):
        for reneg in self:
            reneg.display_name = self.env._(
                "%(customer)s: %(product)s %(old)s → %(new)s",
                customer=reneg.partner_id.name or "",
                product=reneg.product_id.display_name or "",
                old=reneg.old_licences,
                new=reneg.new_licences,
            )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    @api.model
    def _get_renegotiation_protected_fields(self):
        """Fields only the renegotiation's own methods write (as superuser,
        once they have checked the user's access): its state, what sending
        and signing recorded, and the terms and records the signature is
        applied with. The terms are changed on the contract quotation."""
        return frozenset(
            {
                "state",
                "date_sent",
                "ticket_stage_before_sent_id",
                "date_reminded",
                "date_expired",
                "date_applied",
                "date_effective",
                "start_when_sent",
                "successor_line_id",
                "increase_in_window",
                "company_id",
                "partner_id",
                "order_id",
                "contract_id",
                "contract_line_id",
                "product_id",
                "currency_id",
                "old_licences",
                "new_licences",
                "old_price",
                "new_price",
                "old_monthly_amount",
                "new_monthly_amount",
            }
        )

    def _check_renegotiation_write(self, vals):
        """A user (sales manager) may correct an open renegotiation's
        signatory, ticket, deal, route or delivery start; never its state or
        applied values, and nothing once it is applied or cancelled: it is
        the customer's history."""
        protected = set(vals) & self._get_renegotiation_protected_fields()
        if protected:
            raise AccessError(
                self.env._(
                    "%(fields)s of a renegotiation are set when it is sent, "
                    "signed or cancelled, never by hand.",
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in protected
                        )
                    ),
                )
            )
        closed = self.filtered(lambda reneg: reneg.state in ("applied", "cancel"))
        if closed:
            raise AccessError(
                self.env._(
                    "The renegotiation %(renegotiation)s is signed or cancelled: "
                    "it is part of the customer's history and cannot change.",
                    renegotiation=closed[0].display_name,
                )
            )

    def write(self, vals):
        if not self.env.su:
            self._check_renegotiation_write(vals)
        return super().write(vals)

    @api.model
    def _check_renegotiation_access(self):
        """Renegotiating (wizard, send, confirm) is for salespeople."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_salesman"):
            return
        raise AccessError(
            self.env._("Only salespeople can renegotiate a customer's agreement.")
        )

    # ------------------------------------------------------------------
    # Values and rules shared with the wizard
    # ------------------------------------------------------------------

    @api.model
    def _get_order_pricelist(self, contract):
        """A pricelist in the contract's currency for the quotation (empty
        when there is none: the quotation is then in the company currency)."""
        currency = contract.currency_id
        partner_pricelist = contract.partner_id.with_company(
            contract.company_id
        ).property_product_pricelist
        for pricelist in (contract.pricelist_id, partner_pricelist):
            if pricelist and pricelist.currency_id == currency:
                return pricelist
        return self.env["product.pricelist"].search(
            [
                ("currency_id", "=", currency.id),
                ("company_id", "in", [False, contract.company_id.id]),
            ],
            limit=1,
        )

    @api.model
    def _check_renegotiation_records_access(self, values):
        """The user renegotiates only what they may see, in their allowed
        companies: the customer and its contacts, the contract line, and the
        ticket, which the renegotiation renames."""
        company = values.get("company")
        if company and not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot renegotiate in %(company)s.", company=company.name
                )
            )
        for key in ("partner", "contact", "signatory", "contract_line"):
            if values.get(key):
                values[key].check_access("read")
        if values.get("ticket"):
            values["ticket"].check_access("write")

    @api.model
    def _check_renegotiation_values(self, values):
        """Raise a clear error for any bad input, before anything is written.

        ``values``: company, ticket, partner, contact, signatory,
        contract_line, new_licences, new_price, delivery_start_date.
        """
        if not values.get("partner"):
            raise UserError(self.env._("Select the customer company."))
        if not values.get("contract_line"):
            raise UserError(
                self.env._("Select the running contract line to renegotiate.")
            )
        self._check_renegotiation_line(values)
        self._check_renegotiation_people(values)
        self._check_renegotiation_terms(values)
        ticket = values.get("ticket")
        if ticket:
            if ticket.closed or not ticket.active:
                raise UserError(
                    self.env._(
                        "The ticket %(ticket)s is closed or archived: reopen it "
                        "to renegotiate from it.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.check_access("write")

    @api.model
    def _check_renegotiation_line(self, values):
        """The line is one of the customer's contract and may be
        renegotiated; the rules every change of a contract follows are
        contract_amendment's (``_check_renegotiation_terms``)."""
        line = values["contract_line"]
        contract = line.contract_id
        if contract.contract_type != "sale":
            raise UserError(self.env._("Only customer contracts can be renegotiated."))
        currency = contract.currency_id
        if (
            currency != contract.company_id.currency_id
            and not self._get_order_pricelist(contract)
        ):
            raise UserError(
                self.env._(
                    "No pricelist in %(currency)s, the currency of the contract: "
                    "create one to quote the renegotiation.",
                    currency=currency.name,
                )
            )

    @api.model
    def _check_renegotiation_people(self, values):
        commercial = values["partner"].commercial_partner_id
        signatory = values.get("signatory")
        if values.get("contact") and (
            values["contact"].commercial_partner_id != commercial
        ):
            raise UserError(
                self.env._(
                    "The contact %(contact)s is not a contact of %(customer)s.",
                    contact=values["contact"].display_name,
                    customer=commercial.display_name,
                )
            )
        if not signatory:
            raise UserError(
                self.env._(
                    "Select the signatory: a contact of %(customer)s with "
                    "signing authority.",
                    customer=commercial.display_name,
                )
            )
        if signatory.commercial_partner_id != commercial or not (
            signatory.signing_authority
        ):
            raise UserError(
                self.env._(
                    "%(signatory)s cannot sign for %(customer)s: choose a "
                    "contact of the customer with signing authority.",
                    signatory=signatory.display_name,
                    customer=commercial.display_name,
                )
            )

    @api.model
    def _check_renegotiation_terms(self, values):
        """The new terms: something to renegotiate, and every rule of a
        change of the contract (licences, price, the start date inside the
        running line, the customer's contract), the ones checked again when
        the quotation is confirmed or signed."""
        line = values["contract_line"]
        new_licences = values.get("new_licences") or 0
        new_price = values.get("new_price") or 0.0
        start = values.get("delivery_start_date")
        if not start:
            raise UserError(self.env._("Set the delivery start date."))
        currency = line.contract_id.currency_id
        unchanged = int(line.quantity) == new_licences and not (
            currency.compare_amounts(line.price_unit, new_price)
        )
        upsell_lines = values.get("upsell_lines") or []
        if unchanged and not upsell_lines:
            raise UserError(
                self.env._(
                    "Nothing to renegotiate: the number of licences and the "
                    "price are the ones of the current contract, and no "
                    "product is added."
                )
            )
        if not unchanged:
            line._check_amendment(
                start,
                {"quantity": new_licences, "specific_price": new_price},
                partner=values["partner"],
            )
        self._check_upsell_lines(line.contract_id, upsell_lines, start)

    @api.model
    def _check_upsell_lines(self, contract, upsell_lines, day):
        """E2: the products a renegotiation adds are contract products sold
        in the contract's company, in a positive quantity, which the
        contract does not run yet (a running one is renegotiated instead)."""
        running = contract.contract_line_ids.filtered(
            lambda li: not li.display_type
            and not li.is_canceled
            and (not li.date_end or li.date_end >= day)
        ).product_id
        seen = self.env["product.product"]
        for upsell in upsell_lines:
            product = upsell.get("product")
            if not product:
                raise UserError(self.env._("Select the product to add."))
            if not product.is_contract or not product.sale_ok:
                raise UserError(
                    self.env._(
                        "%(product)s is not a contract product: only contract "
                        "products can be added to a contract.",
                        product=product.display_name,
                    )
                )
            if product.company_id and product.company_id != contract.company_id:
                raise UserError(
                    self.env._(
                        "%(product)s is not sold by %(company)s.",
                        product=product.display_name,
                        company=contract.company_id.name,
                    )
                )
            if (upsell.get("quantity") or 0.0) <= 0:
                raise UserError(
                    self.env._(
                        "The quantity of %(product)s to add must be positive.",
                        product=product.display_name,
                    )
                )
            if product in running or product in seen:
                raise UserError(
                    self.env._(
                        "%(contract)s already runs %(product)s: renegotiate that "
                        "line instead of adding the product again.",
                        contract=contract.display_name,
                        product=product.display_name,
                    )
                )
            seen |= product

    # ------------------------------------------------------------------
    # R1-R6: start a renegotiation (one transaction)
    # ------------------------------------------------------------------

    @api.model
    def _start_renegotiation(self, values):
        """Enrich the ticket, create the deal, the renegotiation and its
        contract quotation. Returns the renegotiation."""
        self._check_renegotiation_access()
        self._check_renegotiation_records_access(values)
        self._check_renegotiation_values(values)
        company = values.get("company") or self.env.company
        ticket = values.get("ticket") or self.env["helpdesk.ticket"]
        if ticket:
            ticket.write(self._prepare_ticket_values(values))
        lead = self.env["crm.lead"].create(self._prepare_lead_values(values))
        renegotiation = (
            self.sudo()
            .create(self._prepare_renegotiation_values(values, lead))
            .sudo(False)
        )
        order = self.env["sale.order"].create(
            renegotiation._prepare_order_values(upsell_lines=values.get("upsell_lines"))
        )
        renegotiation.sudo().order_id = order
        if order.currency_id == lead.company_currency:
            lead.expected_revenue = order.amount_untaxed
        renegotiation._post_start_messages()
        return renegotiation.with_company(company)

    @api.model
    def _prepare_ticket_values(self, values):
        partner = values["partner"].commercial_partner_id
        contact = values.get("contact") or partner
        return {
            "name": self.env._("Renegotiation - %(company)s", company=partner.name),
            "partner_id": contact.id,
            "partner_name": contact.name,
            "partner_email": contact.email,
        }

    @api.model
    def _prepare_lead_values(self, values):
        company = values.get("company") or self.env.company
        partner = values["partner"].commercial_partner_id
        line = values["contract_line"]
        today = fields.Date.context_today(self)
        lead_values = {
            "type": "opportunity",
            "name": self.env._("%(company)s - RENEGOTIATION", company=partner.name),
            "partner_id": values["signatory"].id,
            "company_id": company.id,
            "user_id": self.env.user.id,
            "meeting_booker_id": self.env.user.id,
            "date_deadline": company._get_renegotiation_close_date(today),
            "deal_type_id": company.renegotiation_deal_type_id.id,
            "licence_count": values["new_licences"],
            "delivery_start_date": values["delivery_start_date"],
            "signatory_id": values["signatory"].id,
            "helpdesk_ticket_id": values.get("ticket", self.env["helpdesk.ticket"]).id,
            "renegotiated_contract_id": line.contract_id.id,
        }
        if company.renegotiation_team_id:
            lead_values["team_id"] = company.renegotiation_team_id.id
        if company.renegotiation_stage_id:
            lead_values["stage_id"] = company.renegotiation_stage_id.id
        return lead_values

    @api.model
    def _prepare_renegotiation_values(self, values, lead):
        company = values.get("company") or self.env.company
        line = values["contract_line"]
        old_licences = int(line.quantity)
        new_licences = values["new_licences"]
        return {
            "company_id": company.id,
            "partner_id": values["partner"].commercial_partner_id.id,
            "signatory_id": values["signatory"].id,
            "user_id": self.env.user.id,
            "ticket_id": values.get("ticket", self.env["helpdesk.ticket"]).id,
            "lead_id": lead.id,
            "contract_id": line.contract_id.id,
            "contract_line_id": line.id,
            "product_id": line.product_id.id,
            "currency_id": line.contract_id.currency_id.id,
            "old_licences": old_licences,
            "new_licences": new_licences,
            "old_price": line.price_unit,
            "new_price": values["new_price"],
            "old_monthly_amount": line.monthly_recurring,
            "new_monthly_amount": line._get_renegotiated_monthly_amount(
                new_licences, values["new_price"]
            ),
            "delivery_start_date": values["delivery_start_date"],
            "start_when_sent": values["delivery_start_date"]
            == fields.Date.context_today(self),
            "route": company._get_adjustment_route(old_licences, new_licences),
        }

    def _prepare_order_values(self, upsell_lines=None):
        """The contract quotation: the running lines of the contract (the
        renegotiated one with the new licences and price), the products
        added (``upsell_lines``: dicts of ``product`` and ``quantity``,
        priced by the quotation's pricelist), then the template's own lines
        (e.g. discount lines)."""
        self.ensure_one()
        company = self.company_id
        template = company.renegotiation_order_template_id
        contract = self.contract_id
        lines_values = []
        sequence = 10
        contract_products = self.env["product.product"]
        for line in contract._get_renegotiable_lines():
            lines_values.append(self._prepare_order_line_values(line, sequence))
            contract_products |= line.product_id
            sequence += 1
        for upsell in upsell_lines or []:
            lines_values.append(
                {
                    "sequence": sequence,
                    "product_id": upsell["product"].id,
                    "product_uom_qty": upsell["quantity"],
                    # a new line of the renegotiated contract
                    "contract_id": contract.id,
                }
            )
            contract_products |= upsell["product"]
            sequence += 1
        for template_line in template.with_context(
            lang=self.signatory_id.lang
        ).sale_order_template_line_ids:
            if template_line.product_id in contract_products:
                continue
            template_values = template_line._prepare_order_line_values()
            template_values["sequence"] = sequence + template_line.sequence
            lines_values.append(template_values)
        return {
            "partner_id": self.signatory_id.id,
            "company_id": company.id,
            "opportunity_id": self.lead_id.id,
            "sale_order_template_id": template.id,
            "user_id": company._get_renegotiation_sender().id,
            "team_id": company.renegotiation_booking_team_id.id,
            "pricelist_id": self._get_order_pricelist(contract).id,
            "origin": self.ticket_id.number or contract.code or contract.name,
            "client_order_ref": contract.code,
            "contract_date_start": self.delivery_start_date,
            "order_line": [Command.create(values) for values in lines_values],
            "quotation_document_ids": [
                Command.set(template._get_quotation_documents(company).ids)
            ],
        }

    def _prepare_order_line_values(self, contract_line, sequence):
        self.ensure_one()
        values = {
            "sequence": sequence,
            "product_id": contract_line.product_id.id,
            "name": contract_line.name,
            "product_uom_qty": contract_line.quantity,
            "price_unit": contract_line.price_unit,
            "discount": contract_line.discount,
            # confirming the order amends the renegotiated line; the other
            # running lines are restated for the customer, read-only
            "contract_line_id": contract_line.id,
            "contract_line_restated": contract_line != self.contract_line_id,
        }
        if contract_line.uom_id:
            values["product_uom_id"] = contract_line.uom_id.id
        if contract_line == self.contract_line_id:
            values.update(
                product_uom_qty=self.new_licences,
                price_unit=self.new_price,
            )
        return values

    def _post_start_messages(self):
        self.ensure_one()
        body = Markup(
            self.env._(
                "Renegotiation started: deal %(deal)s, contract quotation %(order)s."
            )
        ) % {
            "deal": self.lead_id._get_html_link(),
            "order": self.order_id._get_html_link(),
        }
        if self.ticket_id:
            self.ticket_id.message_post(body=body)
        self.lead_id.message_post(body=body)
        # Until the company is configured, every deal says what is missing.
        missing = self.company_id.sudo()._get_renegotiation_missing_settings_message()
        if missing:
            self.lead_id.message_post(body=missing, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # R5, R8, R9: send the contract for signature
    # ------------------------------------------------------------------

    def _check_can_send(self):
        self.ensure_one()
        order = self.order_id
        if self.state not in ("draft", "sent") or order.state not in (
            "draft",
            "sent",
        ):
            raise UserError(
                self.env._(
                    "The renegotiation contract %(order)s can no longer be sent.",
                    order=order.name,
                )
            )
        signatory = order.partner_id
        if not signatory.email and not signatory.phone:
            message = self.env._(
                "The contract cannot be sent: the signatory %(signatory)s "
                "needs an e-mail address and a mobile number.",
                signatory=signatory.display_name,
            )
        elif not signatory.email:
            message = self.env._(
                "The contract cannot be sent: the signatory %(signatory)s "
                "needs an e-mail address.",
                signatory=signatory.display_name,
            )
        elif not signatory.phone:
            message = self.env._(
                "The contract cannot be sent: the signatory %(signatory)s "
                "needs a mobile number.",
                signatory=signatory.display_name,
            )
        else:
            return
        raise UserError(message)

    def _send_quotation(self):
        """Send the contract quotation by e-mail and SMS, with the link to
        sign it in the portal, as the configured sender, booked on the
        booking team; move the ticket to the "Contract sent" stage."""
        self.ensure_one()
        self._check_renegotiation_access()
        self._check_can_send()
        order = self.order_id
        order.check_access("write")
        company = self.company_id
        sender = company._get_renegotiation_sender()
        order.write(
            {
                "user_id": sender.id,
                "team_id": company.renegotiation_booking_team_id.id or order.team_id.id,
            }
        )
        self._move_start_to_send_date()
        order._portal_ensure_token()
        # access checked above: the customer-facing messages are sent by the
        # configured non-human sender, not by the user
        order_as_sender = order.with_user(sender).sudo()
        mail_template = order._find_mail_template()
        self._post_quotation_email(
            order_as_sender.with_context(mark_so_as_sent=True), mail_template
        )
        order_as_sender._message_sms_with_template(
            template=self.env.ref("crm_renegotiation.sms_template_renegotiation_sign"),
            partner_ids=order.partner_id.ids,
            put_in_queue=True,
        )
        self.sudo().write({"state": "sent", "date_sent": fields.Datetime.now()})
        ticket = self.ticket_id.sudo()
        if ticket:
            ticket_values = {}
            if company.renegotiation_sent_stage_id:
                ticket_values["stage_id"] = company.renegotiation_sent_stage_id.id
                if not self.ticket_stage_before_sent_id:
                    self.sudo().ticket_stage_before_sent_id = ticket.stage_id
            ticket.write(ticket_values)
            ticket.message_post(
                body=Markup(
                    self.env._(
                        "Contract %(order)s sent to %(signatory)s for signature."
                    )
                )
                % {
                    "order": order._get_html_link(),
                    "signatory": order.partner_id.display_name,
                }
            )
        return True

    @api.model
    def _can_render_pdf(self):
        """Whether this server renders PDF documents (wkhtmltopdf)."""
        return self.env["ir.actions.report"].get_wkhtmltopdf_state() != "install"

    def _post_quotation_email(self, order, mail_template):
        """E-mail the quotation with the template: with its PDF when the
        server can render it, else with the signing link only (the sender
        is told why), never a failed send."""
        self.ensure_one()
        layout = "mail.mail_notification_layout_with_responsible_signature"
        if self._can_render_pdf():
            order.message_post_with_source(
                mail_template,
                email_layout_xmlid=layout,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            return
        template = mail_template.with_context(lang=order.partner_id.lang)
        order.message_post(
            subject=template._render_field("subject", order.ids)[order.id],
            body=template._render_field("body_html", order.ids)[order.id],
            partner_ids=order.partner_id.ids,
            email_layout_xmlid=layout,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        order.message_post(
            body=self.env._(
                "The contract was sent without its PDF: this server cannot "
                "render PDF documents (wkhtmltopdf is not installed). The "
                "customer reads and signs it online."
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _move_start_to_send_date(self):
        """R2: by default the delivery starts the day the contract is sent."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if not self.start_when_sent or self.delivery_start_date == today:
            return
        self.sudo().delivery_start_date = today
        self.lead_id.sudo().delivery_start_date = today
        self.order_id.sudo().contract_date_start = today

    # ------------------------------------------------------------------
    # R10-R13: apply the signed renegotiation, exactly once
    # ------------------------------------------------------------------

    def _apply_renegotiation(self):
        """What follows the signature of the renegotiations of ``self``,
        whose quotations are confirmed (the confirmation changed the
        contract).

        Safe to call twice or concurrently: the rows are locked and only
        renegotiations not applied yet are applied.
        """
        if not self:
            return self
        self._check_renegotiation_access()
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_renegotiation WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["state"])
        to_apply = self.filtered(
            lambda reneg: reneg.state in ("draft", "sent")
            and reneg.order_id.state == "sale"
        )
        # the signature (portal) or the confirmation (staff with write access
        # on the order, checked by the caller) authorises what follows it,
        # which salespeople cannot write themselves
        for renegotiation in to_apply.sudo():
            renegotiation.with_context(
                lang=renegotiation.user_id.lang or self.env.lang
            )._apply_one()
        return to_apply

    def _get_upsell_order_lines(self):
        """The quotation lines that add products to the contract (E2)."""
        self.ensure_one()
        return self.order_id.order_line.filtered(
            lambda ol: not ol.display_type
            and not ol.contract_line_id
            and ol.product_id.is_contract
        )

    def _get_order_line(self):
        """The quotation line that changes the renegotiated contract line
        (the other lines of the contract are restated, read-only)."""
        self.ensure_one()
        return self.order_id.order_line.filtered(
            lambda ol: ol.contract_line_id == self.contract_line_id
            and not ol.contract_line_restated
        )[:1]

    def _check_signed_order(self):
        """Every rule of the wizard, checked again on the quotation as it is
        when confirmed or signed (it may have been edited): a clear error,
        and nothing is applied."""
        for renegotiation in self.filtered(lambda r: r.state in ("draft", "sent")):
            order = renegotiation.order_id
            order_line = renegotiation._get_order_line()
            if not order_line:
                raise UserError(
                    self.env._(
                        "The quotation %(order)s no longer has the line of "
                        "%(product)s that the renegotiation changes: cancel it "
                        "and renegotiate again.",
                        order=order.name,
                        product=renegotiation.product_id.display_name,
                    )
                )
            licences = order_line.product_uom_qty
            if licences != int(licences):
                raise UserError(
                    self.env._(
                        "The number of licences of %(product)s on %(order)s must "
                        "be a whole number.",
                        product=renegotiation.product_id.display_name,
                        order=order.name,
                    )
                )
            self._check_renegotiation_terms(
                {
                    "partner": order.partner_id,
                    "contract_line": order_line._get_contract_amendment_line(),
                    "new_licences": int(licences),
                    "new_price": order_line.price_unit,
                    "delivery_start_date": order._get_contract_date(),
                    "upsell_lines": [
                        {"product": ol.product_id, "quantity": ol.product_uom_qty}
                        for ol in renegotiation._get_upsell_order_lines()
                    ],
                }
            )

    def _apply_one(self):
        """Record what the signed quotation changed on the contract (its
        confirmation applied it, through contract_amendment) and do what
        follows a signature: history, summary, routing, to-dos, won deal."""
        self.ensure_one()
        company = self.company_id
        order = self.order_id
        order_line = self._get_order_line()
        new_licences = int(order_line.product_uom_qty)
        new_price = order_line.price_unit
        carrier = order_line.contract_created_line_ids[:1]
        if carrier:
            effective = carrier.date_start
        else:
            effective = order._get_contract_date()
            carrier = self.contract_line_id._get_module_line_at(effective)
        sign_date = fields.Date.context_today(self)
        route = company._get_adjustment_route(self.old_licences, new_licences)
        in_window = new_licences > self.old_licences and (
            company._is_within_increase_window(
                self.contract_id.date or self.contract_line_id.date_start, sign_date
            )
        )
        self.write(
            {
                "state": "applied",
                "date_applied": fields.Datetime.now(),
                "date_effective": effective,
                "successor_line_id": (
                    carrier.id if carrier != self.contract_line_id else False
                ),
                "new_licences": new_licences,
                "new_price": new_price,
                "new_monthly_amount": carrier.monthly_recurring,
                "route": route,
                "increase_in_window": in_window,
            }
        )
        summary = self._get_summary_html()
        ticket = self.ticket_id
        if not ticket and route:
            ticket = self._create_route_ticket(summary)
        for record in (ticket, self.lead_id):
            if record:
                record.message_post(body=summary, subtype_xmlid="mail.mt_note")
        if route:
            self._route_adjustment(ticket, summary)
        if new_licences != self.old_licences or self._get_upsell_order_lines():
            self._schedule_provisioning(ticket, summary)
        if in_window:
            self._notify_increase(summary)
        if self.lead_id:
            self.lead_id.licence_count = new_licences
            self.lead_id.action_set_won()

    def _get_summary_lines(self):
        self.ensure_one()
        currency = self.currency_id
        return [
            (self.env._("Product"), self.product_id.display_name),
            (
                self.env._("Licences"),
                self.env._(
                    "%(old)s → %(new)s", old=self.old_licences, new=self.new_licences
                ),
            ),
            (
                self.env._("Price per licence"),
                self.env._(
                    "%(old)s → %(new)s",
                    old=format_amount(self.env, self.old_price, currency),
                    new=format_amount(self.env, self.new_price, currency),
                ),
            ),
            (
                self.env._("Monthly amount"),
                self.env._(
                    "%(old)s → %(new)s",
                    old=format_amount(self.env, self.old_monthly_amount, currency),
                    new=format_amount(self.env, self.new_monthly_amount, currency),
                ),
            ),
            (
                self.env._("Start date"),
                format_date(self.env, self.date_effective or self.delivery_start_date),
            ),
            *(
                (
                    self.env._("Added"),
                    self.env._(
                        "%(product)s: %(quantity)s × %(price)s",
                        product=line.product_id.display_name,
                        quantity=f"{line.product_uom_qty:g}",
                        price=format_amount(self.env, line.price_unit, currency),
                    ),
                )
                for line in self._get_upsell_order_lines()
            ),
            (self.env._("Contract"), self.contract_id._get_renegotiation_reference()),
            (self.env._("Order"), self.order_id.name or ""),
        ]

    def _get_summary_text(self):
        self.ensure_one()
        details = "; ".join(
            f"{label}: {value}" for label, value in self._get_summary_lines()
        )
        return self.env._("Renegotiation signed. %(details)s", details=details)

    def _get_summary_html(self):
        self.ensure_one()
        items = Markup("").join(
            Markup("<li><strong>%s</strong>: %s</li>") % (label, value)
            for label, value in self._get_summary_lines()
        )
        route = self._get_route_label()
        route_line = (
            Markup("<p>%s</p>")
            % self.env._("Downward adjustment handled by: %(route)s", route=route)
            if route
            else Markup("")
        )
        return Markup("<p><strong>%s</strong></p><ul>%s</ul>%s") % (
            self.env._(
                "Renegotiation signed: changes for order and invoice (old → new)"
            ),
            items,
            route_line,
        )

    def _get_route_label(self):
        self.ensure_one()
        return dict(self._fields["route"]._description_selection(self.env)).get(
            self.route
        )

    def _create_route_ticket(self, summary):
        """A ticket for a downward adjustment started without one (E2)."""
        self.ensure_one()
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": self.env._(
                    "Renegotiation - %(company)s", company=self.partner_id.name
                ),
                "description": summary,
                "partner_id": self.signatory_id.id or self.partner_id.id,
                "company_id": self.company_id.id,
            }
        )
        self.ticket_id = ticket
        if self.lead_id and not self.lead_id.helpdesk_ticket_id:
            self.lead_id.helpdesk_ticket_id = ticket
        return ticket

    def _route_adjustment(self, ticket, summary):
        """R12: assign the ticket to the routed team with a to-do."""
        self.ensure_one()
        team, user = self.company_id._get_adjustment_route_target(self.route)
        if team:
            ticket.write(
                {
                    "team_id": team.id,
                    "user_id": user.id if user in team.user_ids else False,
                }
            )
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Downward adjustment for %(customer)s (%(route)s)",
                customer=self.partner_id.name,
                route=self._get_route_label(),
            ),
            note=summary,
            user_id=(user or self.user_id).id,
        )

    def _schedule_provisioning(self, ticket, summary):
        """R10: the provisioning user changes the number of accesses."""
        self.ensure_one()
        user = self.company_id.renegotiation_provisioning_user_id or self.user_id
        record = ticket or self.contract_id
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.date_effective,
            summary=self.env._(
                "Change the accesses of %(customer)s to %(licences)s licences",
                customer=self.partner_id.name,
                licences=self.new_licences,
            ),
            note=summary,
            user_id=user.id,
        )

    def _notify_increase(self, summary):
        """R13: tell sales to register the sale of an increase."""
        self.ensure_one()
        user = self.company_id.renegotiation_increase_user_id or self.user_id
        record = self.lead_id or self.contract_id
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Register the sale: %(customer)s increased to %(licences)s licences",
                customer=self.partner_id.name,
                licences=self.new_licences,
            ),
            note=summary,
            user_id=user.id,
        )

    # ------------------------------------------------------------------
    # Unsigned contracts: a reminder before the deadline, then expiry
    # ------------------------------------------------------------------

    @api.model
    def _cron_process_unsigned(self, batch_size=100):
        """Daily: expire the sent contracts past their signing deadline,
        then remind the signatories of the ones close to it, following each
        company's settings. Batch by batch, each batch committed as the
        cron's progress (a run out of time is taken up again at once);
        idempotent: what was done is recorded on the renegotiation and
        leaves the domains, so a rerun does nothing more."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].sudo().search([]):
            steps = (
                ("_expire_unsigned", company._get_renegotiation_expiry_domain(today)),
                ("_send_reminder", company._get_renegotiation_reminder_domain(today)),
            )
            for method, domain in steps:
                if not self._process_unsigned_batches(method, domain, batch_size):
                    # out of time: run again at once for the steps left
                    self.env["ir.cron"]._commit_progress(remaining=1)
                    return

    @api.model
    def _process_unsigned_batches(self, method, domain, batch_size):
        """Call ``method`` on the renegotiations of ``domain``, one batch
        at a time; False when the cron ran out of time."""
        tried = []
        while True:
            batch_domain = Domain(domain) & Domain("id", "not in", tried)
            renegotiations = self.sudo().search(batch_domain, limit=batch_size)
            if not renegotiations:
                return True
            tried += renegotiations.ids
            renegotiations._call_in_batch(method)
            remaining = self.sudo().search_count(
                Domain(domain) & Domain("id", "not in", tried)
            )
            if not self.env["ir.cron"]._commit_progress(
                len(renegotiations), remaining=remaining
            ):
                return False

    def _call_in_batch(self, method):
        """``method`` on the batch; when it fails, record by record under a
        savepoint, the error logged and noted on the contract quotation: one
        bad record does not stop the others, and it is tried again next
        day."""
        try:
            with self.env.cr.savepoint():
                for renegotiation in self:
                    getattr(renegotiation._with_user_lang(), method)()
            return
        except Exception:  # retried one by one below
            _logger.warning(
                "%s failed on renegotiations %s; retrying one by one",
                method,
                self.ids,
                exc_info=True,
            )
        for renegotiation in self:
            try:
                with self.env.cr.savepoint():
                    getattr(renegotiation._with_user_lang(), method)()
            except Exception as error:  # recorded on the quotation, retried tomorrow
                _logger.exception("%s failed on %s", method, renegotiation)
                renegotiation.order_id.message_post(
                    body=self.env._(
                        "The signing reminder or expiry of this contract "
                        "failed and is tried again tomorrow: %(error)s",
                        error=str(error),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _with_user_lang(self):
        self.ensure_one()
        return self.with_context(lang=self.user_id.lang or self.env.lang)

    def _send_reminder(self):
        """Remind the signatory, by e-mail and SMS, to sign before the
        deadline; as the configured sender, once."""
        self.ensure_one()
        order = self.order_id
        sender = self.company_id._get_renegotiation_sender()
        order_as_sender = order.with_user(sender).sudo()
        order_as_sender.message_post_with_source(
            self.env.ref("crm_renegotiation.mail_template_renegotiation_reminder"),
            email_layout_xmlid="mail.mail_notification_light",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        order_as_sender._message_sms_with_template(
            template=self.env.ref(
                "crm_renegotiation.sms_template_renegotiation_reminder"
            ),
            partner_ids=order.partner_id.ids,
            put_in_queue=True,
        )
        self.sudo().date_reminded = fields.Datetime.now()

    def _expire_unsigned(self):
        """The deadline passed without a signature: cancel the contract
        quotation, put the ticket back in its stage before sending (unless
        someone moved it since) and say so on the ticket and the deal."""
        self.ensure_one()
        order = self.order_id
        deadline = format_date(self.env, order.validity_date)
        # cancelled as expired first: cancelling the quotation then finds
        # nothing more to cancel
        self.sudo().write(
            {"state": "cancel", "date_expired": fields.Date.context_today(self)}
        )
        order.sudo()._action_cancel()
        order.message_post(
            body=self.env._(
                "Expired: not signed by its deadline, %(deadline)s.",
                deadline=deadline,
            ),
            subtype_xmlid="mail.mt_note",
        )
        ticket = self.ticket_id.sudo()
        previous_stage = self.ticket_stage_before_sent_id
        sent_stage = self.company_id.renegotiation_sent_stage_id
        moved_back = bool(
            ticket and previous_stage and sent_stage and ticket.stage_id == sent_stage
        )
        if moved_back:
            ticket.stage_id = previous_stage
        body = self.env._(
            "The renegotiation contract %(order)s expired unsigned: its signing "
            "deadline, %(deadline)s, has passed.",
            order=order.name,
            deadline=deadline,
        )
        if moved_back:
            body = self.env._(
                "%(expired)s The ticket is back in the stage %(stage)s.",
                expired=body,
                stage=previous_stage.name,
            )
        for record in (ticket, self.lead_id.sudo()):
            if record:
                record.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Cancel (quotation declined or cancelled)
    # ------------------------------------------------------------------

    def _cancel_renegotiation(self):
        to_cancel = self.filtered(lambda reneg: reneg.state in ("draft", "sent"))
        to_cancel.sudo().write({"state": "cancel"})
        for renegotiation in to_cancel.sudo():
            if renegotiation.ticket_id:
                renegotiation.ticket_id.message_post(
                    body=self.env._(
                        "The renegotiation contract %(order)s was cancelled.",
                        order=renegotiation.order_id.name,
                    )
                )
        return to_cancel

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_open_order(self):
        self.ensure_one()
        return self.order_id._get_records_action()
