# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_date

from .res_partner import value_changes

# Contract fields a contract manager changes, with their permission in the
# rule of res.partner._get_contract_portal_permissions().
CONTRACT_FIELD_PERMISSIONS = {
    "partner_id": "contract_partner_id",
    "payment_term_id": "contract_payment_term_id",
    "manual_period_date_start": "contract_period",
}


class ContractContract(models.Model):
    _inherit = "contract.contract"

    partner_id = fields.Many2one(tracking=True)
    payment_term_id = fields.Many2one(tracking=True)
    manual_period_date_start = fields.Date(
        string="Contract period start (set by a manager)",
        tracking=True,
        copy=False,
        help="Leave empty to start the contract period at the start date of "
        "the oldest module.",
    )
    period_date_start = fields.Date(
        string="Contract period start",
        compute="_compute_period_date_start",
        help="The start date of the oldest module, unless a contract manager "
        "set another date.",
    )
    contract_billing_address_id = fields.Many2one(
        related="commercial_partner_id.contract_billing_address_id",
        string="Billing address of the customer",
        help="Invoices are addressed to the billing address of the customer's "
        "account when one is set.",
    )
    is_test_account = fields.Boolean(
        related="commercial_partner_id.contract_test_account",
        string="Test account",
    )
    is_contract_manager = fields.Boolean(
        compute="_compute_is_contract_manager",
        help="Technical field: whether the current user is a contract manager.",
    )

    @api.depends(
        "manual_period_date_start",
        "contract_line_ids.date_start",
        "contract_line_ids.is_canceled",
        "contract_line_ids.display_type",
    )
    def _compute_period_date_start(self):
        for contract in self:
            dates = contract.contract_line_ids.filtered(
                lambda line: not line.display_type
                and not line.is_canceled
                and line.date_start
            ).mapped("date_start")
            contract.period_date_start = contract.manual_period_date_start or (
                min(dates) if dates else False
            )

    @api.depends_context("uid")
    @api.depends("commercial_partner_id", "company_id")
    def _compute_is_contract_manager(self):
        is_manager = self.env.user.has_group("contract_portal.group_contract_manager")
        for contract in self:
            account = contract.commercial_partner_id
            contract.is_contract_manager = (
                account._is_contract_portal_manager()
                if account and is_manager
                else is_manager
            )

    # ------------------------------------------------------------------
    # Who may change the contract fields
    # ------------------------------------------------------------------

    def _get_contract_portal_changed_permissions(self, vals):
        """The permissions needed to write ``vals`` on the contract ``self``."""
        self.ensure_one()
        return {
            permission
            for field_name, permission in CONTRACT_FIELD_PERMISSIONS.items()
            if field_name in vals and value_changes(self, field_name, vals[field_name])
        }

    def write(self, vals):
        if not self.env.su and set(vals) & set(CONTRACT_FIELD_PERMISSIONS):
            for contract in self.filtered(lambda c: c.contract_type == "sale"):
                permissions = contract._get_contract_portal_changed_permissions(vals)
                if permissions:
                    contract.commercial_partner_id._check_contract_portal_permission(
                        permissions
                    )
        return super().write(vals)

    def _contract_portal_write(self, vals):
        """Write contract fields from the contract-management page.

        Only contract managers may change the contract parties, the payment
        terms and the contract period; the new contract party must be a
        contact of the same customer.
        """
        self.ensure_one()
        unknown = set(vals) - set(CONTRACT_FIELD_PERMISSIONS)
        if unknown:
            raise UserError(
                self.env._(
                    "These fields cannot be changed here: %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        account = self.commercial_partner_id
        account._check_contract_portal_permission(
            self._get_contract_portal_changed_permissions(vals)
        )
        if "partner_id" in vals:
            party = self.env["res.partner"].sudo().browse(vals["partner_id"]).exists()
            if not party or party.commercial_partner_id != account:
                raise UserError(
                    self.env._(
                        "The contract party must be a contact of %(account)s.",
                        account=account.display_name,
                    )
                )
        if vals.get("payment_term_id"):
            term = (
                self.env["account.payment.term"]
                .sudo()
                .browse(vals["payment_term_id"])
                .exists()
            )
            if not term or term.company_id not in (
                self.company_id,
                self.env["res.company"],
            ):
                raise UserError(self.env._("Please choose valid payment terms."))
        return self.sudo().write(vals)

    def _get_contract_portal_payment_term(self):
        """The payment terms that apply to the invoices of the contract."""
        self.ensure_one()
        return (
            self.payment_term_id
            or self.partner_id.commercial_partner_id.with_company(
                self.company_id
            ).property_payment_term_id
        )

    # ------------------------------------------------------------------
    # Invoicing: the account settings take effect
    # ------------------------------------------------------------------

    def _prepare_invoice(self, date_invoice, journal=None):
        # The billing address, the customer and purchase-order numbers reach
        # every invoice of the account (account.move); the VAT treatment its
        # fiscal position (account.fiscal.position), also over the contract's
        # own fiscal position.
        vals = super()._prepare_invoice(date_invoice, journal=journal)
        fiscal_position = self.company_id._get_contract_vat_fiscal_position(
            self.commercial_partner_id.contract_vat_treatment
        )
        if fiscal_position:
            vals["fiscal_position_id"] = fiscal_position.id
        return vals

    def _prepare_recurring_invoices_values(self, date_ref=False):
        # Test accounts are never invoiced, not later either: their periods
        # due are settled without an invoice.
        test_accounts = self.filtered(
            lambda contract: contract.commercial_partner_id.contract_test_account
        )
        test_accounts._settle_test_account_periods(date_ref)
        return super(
            ContractContract, self - test_accounts
        )._prepare_recurring_invoices_values(date_ref=date_ref)

    def _settle_test_account_periods(self, date_ref=False):
        """Mark the periods due of these contracts as done, without an
        invoice (a test account), and say so on the contract."""
        today = fields.Date.context_today(self)
        for contract in self:
            contract_date_ref = date_ref or contract.recurring_next_date
            # only the periods due: never ahead of time
            if not contract_date_ref or contract_date_ref > today:
                continue
            lines = contract._get_lines_to_invoice(contract_date_ref).filtered(
                lambda line: not line.display_type
            )
            if not lines:
                continue
            periods = [
                self.env._(
                    "%(line)s from %(start)s to %(end)s",
                    line=line.name,
                    start=format_date(self.env, line.next_period_date_start),
                    end=format_date(self.env, line.next_period_date_end),
                )
                for line in lines
            ]
            lines._update_last_date_invoiced()
            contract.message_post(
                body=self.env._(
                    "Not invoiced, %(customer)s is a test account: %(periods)s.",
                    customer=contract.commercial_partner_id.display_name,
                    periods="; ".join(periods),
                )
            )

    def recurring_create_invoice(self):
        self.ensure_one()
        if self.commercial_partner_id.contract_test_account:
            raise UserError(
                self.env._(
                    "%(customer)s is a test account: its contracts are not invoiced.",
                    customer=self.commercial_partner_id.display_name,
                )
            )
        return super().recurring_create_invoice()

    # ------------------------------------------------------------------
    # Modules the customer can order
    # ------------------------------------------------------------------

    def _get_contract_portal_pricelist(self):
        """The price list OCA contract prices the contract's lines with."""
        self.ensure_one()
        return (
            self.pricelist_id
            or self.partner_id.with_company(self.company_id).property_product_pricelist
        )

    def _is_contract_portal_running(self, today=None):
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        return self.active and (not self.date_end or self.date_end >= today)

    def _get_contract_portal_orderable_domain(self):
        """The contract products the customer may order for this contract:
        orderable in the portal, of the contract's company or shared."""
        self.ensure_one()
        return Domain(
            [
                ("contract_portal_orderable", "=", True),
                ("is_contract", "=", True),
                ("sale_ok", "=", True),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )

    def _get_contract_portal_orderable_products(self):
        """The modules the customer can order for this running contract:
        those it does not have already (a module that has not ended)."""
        self.ensure_one()
        if not self._is_contract_portal_running():
            return self.env["product.product"]
        today = fields.Date.context_today(self)
        owned = self.contract_line_ids.filtered(
            lambda line: not line.display_type
            and not line.is_canceled
            and (not line.date_end or line.date_end >= today or line.is_auto_renew)
        ).product_id
        products = self.env["product.product"].search(
            self._get_contract_portal_orderable_domain(), order="name, id"
        )
        return products - owned

    def _get_contract_portal_order_prices(self, products):
        """The unit prices of ``products`` for the customer of this
        contract (``{product id: price}``): its price list, as the quotation
        and the contract line use them."""
        self.ensure_one()
        return self._get_contract_portal_pricelist()._get_products_price(products, 1.0)

    def _get_contract_portal_order_rows(self):
        """The rows of "Modules you can order": the product, its price and
        how often it is invoiced, and the quotation awaiting the customer's
        signature, if any."""
        self.ensure_one()
        products = self._get_contract_portal_orderable_products()
        if not products:
            return []
        prices = self._get_contract_portal_order_prices(products)
        Line = self.env["contract.line"]
        open_lines = self._get_contract_portal_open_order_lines(products)
        rows = []
        for product in products:
            template = product.product_tmpl_id
            rows.append(
                {
                    "product": product,
                    "price": prices[product.id],
                    "period": Line._get_contract_portal_duration_text(
                        template.contract_recurring_interval or 1,
                        template.contract_recurring_rule_type,
                    ),
                    "order": open_lines.filtered(
                        lambda line, p=product: line.product_id == p
                    )[:1].order_id,
                }
            )
        return rows

    def _get_contract_portal_open_order_lines(self, products):
        """Lines of quotations that order ``products`` for this contract
        and the customer may still sign (an expired one is not offered
        again: ordering makes a new one)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.env["sale.order.line"].search(
            Domain(
                [
                    ("contract_id", "=", self.id),
                    ("product_id", "in", products.ids),
                    ("order_id.state", "in", ("draft", "sent")),
                ]
            )
            & (
                Domain("order_id.validity_date", "=", False)
                | Domain("order_id.validity_date", ">=", today)
            ),
            order="id",
        )

    def _contract_portal_order_module(self, product):
        """Order the module ``product`` for this contract from the page.

        A module the customer's price list makes free is added to the
        contract at once; any other gives a quotation to sign in the portal,
        the same one for a second click. Signing (or confirming) it adds the
        line to the contract.
        :return: the quotation (``sale.order``) or the new contract line
        """
        self.ensure_one()
        self.sudo().commercial_partner_id._check_contract_portal_permission(
            {"module_order"}
        )
        return self.sudo()._contract_portal_apply_order_module(product.sudo())

    def _contract_portal_apply_order_module(self, product):
        if not product:
            raise UserError(self.env._("Please choose the module to order."))
        self._lock_contract_portal_order()
        if product not in self._get_contract_portal_orderable_products():
            raise UserError(
                self.env._(
                    "%(module)s cannot be ordered for the contract %(contract)s.",
                    module=product.display_name,
                    contract=self.display_name,
                )
            )
        open_line = self._get_contract_portal_open_order_lines(product)[:1]
        if open_line:
            return open_line.order_id
        price = self._get_contract_portal_order_prices(product)[product.id]
        if self.currency_id.is_zero(price):
            return self._contract_portal_add_free_module(product)
        order = self.env["sale.order"].create(
            self._prepare_contract_portal_order_values(product, price)
        )
        self.message_post(
            body=Markup("%s")
            % self.env._(
                "%(user)s ordered %(module)s on the contract-management page: "
                "quotation %(order)s to sign.",
                user=self.env.user.name,
                module=product.display_name,
                order=order.name,
            ),
        )
        return order

    def _lock_contract_portal_order(self):
        """Two clicks at once order once. The second one does not wait for
        the first (it would then see the contract as it was before, not the
        quotation just made): PostgreSQL refuses it at once, and the server
        retries the request, which finds the quotation or the line the
        first click made."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM contract_contract WHERE id = %s "
                "FOR NO KEY UPDATE NOWAIT",
                self.id,
            )
        )

    def _get_contract_portal_order_partner(self):
        """The customer the quotation is made out to: the ordering contact
        of the account, else the contract's party (a manager orders)."""
        self.ensure_one()
        partner = self.env.user.partner_id
        if partner.commercial_partner_id == self.commercial_partner_id:
            return partner
        return self.partner_id

    def _prepare_contract_portal_order_values(self, product, price):
        """Values of the quotation of ``product`` for this contract: signed
        in the portal, its line adds the module to this contract."""
        self.ensure_one()
        values = {
            "partner_id": self._get_contract_portal_order_partner().id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "origin": self.code or self.name,
            "require_signature": True,
            "require_payment": False,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1.0,
                        "price_unit": price,
                        "contract_id": self.id,
                    }
                )
            ],
        }
        pricelist = self._get_contract_portal_pricelist()
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return values

    def _contract_portal_add_free_module(self, product):
        """Add the free module ``product`` to the contract from today, the
        way every new line reaches a contract."""
        self.ensure_one()
        partner = self.partner_id
        values = self._prepare_product_line_values(
            product, fields.Date.context_today(self)
        )
        values.update(
            {
                "name": product.with_context(
                    lang=partner.lang, partner=partner.id
                ).get_product_multiline_description_sale(),
                "quantity": 1.0,
                "automatic_price": False,
                "specific_price": 0.0,
            }
        )
        line = self._add_amendment_lines([values])
        self.message_post(
            body=Markup("%s")
            % self.env._(
                "%(user)s added the free module %(module)s on the "
                "contract-management page.",
                user=self.env.user.name,
                module=product.display_name,
            ),
        )
        return line

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------

    def action_open_contract_portal(self):
        """Open the customer's contract-management page as a manager."""
        self.ensure_one()
        return self.commercial_partner_id.action_open_contract_portal()
