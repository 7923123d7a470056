# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date


class ContractRenewal(models.Model):
    """One renewal of a contract line, to bill with an order (B2, B7).

    Recorded when contract_line_successor renews a line (a planned
    successor or an extended end date), or created by hand. Its price
    defaults to the last renewal price: the price of the previous renewal of
    the same product on the contract, else what the renewed line costs over
    the renewed period (its subtotal times the invoicing periods).
    """

    _name = "contract.renewal"
    _description = "Contract renewal"
    _inherit = [
        "mail.thread",
        "postsale.billing.mixin",
        "postsale.protected.fields.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=[("contract_type", "=", "sale")],
    )
    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Renewed line",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('contract_id', '=', contract_id), ('display_type', '=', False)]",
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True
    )
    product_id = fields.Many2one(
        related="contract_line_id.product_id", store=True, index="btree_not_null"
    )
    date_start = fields.Date(string="Renewed from", required=True)
    date_end = fields.Date(string="Renewed until")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    price = fields.Monetary(
        string="Renewal price",
        compute="_compute_price",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Price of this renewal. It defaults to the last renewal price: "
        "the price of the previous renewal of the same product, else what the "
        "renewed line costs over the renewed period.",
    )
    sale_order_id = fields.Many2one(
        help="The order of the customer that bills this renewal."
    )
    state = fields.Selection(
        selection=[("to_order", "To order"), ("ordered", "Ordered")],
        compute="_compute_state",
        store=True,
    )

    @api.depends("contract_id", "contract_line_id", "date_start")
    def _compute_display_name(self):
        for renewal in self:
            renewal.display_name = self.env._(
                "%(contract)s, renewed from %(date)s",
                contract=renewal.contract_id.display_name or "",
                date=format_date(self.env, renewal.date_start)
                if renewal.date_start
                else "",
            )

    @api.model
    def _get_postsale_protected_fields(self):
        # The state follows the order the renewal is linked to.
        return super()._get_postsale_protected_fields() | {"state"}

    @api.depends("sale_order_id")
    def _compute_state(self):
        for renewal in self:
            renewal.state = "ordered" if renewal.sale_order_id else "to_order"

    @api.depends("contract_line_id", "date_start", "date_end")
    def _compute_price(self):
        last_prices = self._get_last_renewal_prices()
        for renewal in self:
            line = renewal.contract_line_id
            renewal.price = last_prices.get(renewal) or (
                line.currency_id.round(
                    line.price_subtotal * renewal._get_renewed_periods()
                )
                if line
                else 0.0
            )

    def _get_last_renewal_prices(self):
        """``{renewal: price}``: the price each renewal's contract was last
        renewed at for the same product, before it (one query)."""
        renewals = self.filtered("contract_line_id")
        if not renewals:
            return {}
        previous = self.search_fetch(
            [
                ("contract_id", "in", renewals.contract_id.ids),
                ("product_id", "in", renewals.contract_line_id.product_id.ids),
            ],
            ["contract_id", "product_id", "date_start", "price"],
            order="date_start desc, id desc",
        ).grouped(lambda renewal: (renewal.contract_id.id, renewal.product_id.id))
        prices = {}
        for renewal in renewals:
            key = (renewal.contract_id.id, renewal.contract_line_id.product_id.id)
            last = next(
                (
                    candidate
                    for candidate in previous.get(key, ())
                    if candidate != renewal._origin
                    and (
                        not renewal.date_start
                        or candidate.date_start < renewal.date_start
                    )
                ),
                None,
            )
            if last:
                prices[renewal] = last.price
        return prices

    def _get_renewed_periods(self):
        """How many invoicing periods of the renewed line start within the
        renewal (1 when it has no end), counted with the contract's own
        periods."""
        self.ensure_one()
        line = self.contract_line_id
        if not (self.date_start and self.date_end and line.recurring_rule_type):
            return 1
        periods = 1
        while (
            self.date_start
            + line.get_relative_delta(
                line.recurring_rule_type, (line.recurring_interval or 1) * periods
            )
            <= self.date_end
        ):
            periods += 1
        return periods

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for renewal in self:
            if renewal.date_end and renewal.date_end < renewal.date_start:
                raise ValidationError(
                    self.env._("A renewal cannot end before it starts.")
                )

    @api.constrains("contract_id", "contract_line_id")
    def _check_contract_line(self):
        for renewal in self:
            renewal.contract_id._check_postsale_customer_contract()
            line = renewal.contract_line_id
            if line and (line.contract_id != renewal.contract_id or line.display_type):
                raise ValidationError(
                    self.env._(
                        "The renewed line must be a product line of the "
                        "contract %(contract)s, not a section or a note.",
                        contract=renewal.contract_id.display_name,
                    )
                )

    def _get_postsale_billing_case(self):
        return "renewal"

    def _get_postsale_contract(self):
        return self.contract_id

    def _get_postsale_order_product(self, config):
        product = config.product_id or self.contract_line_id.product_id
        if not product:
            raise UserError(
                self.env._(
                    "Set the default product of contract renewals in the "
                    "post-sale billing configuration of %(company)s first.",
                    company=self.company_id.name,
                )
            )
        return product

    def _get_postsale_order_price(self, config):
        """The renewal price by the company's policy (B2): the last renewal
        price, or the product's list price."""
        if config.renewal_price_policy == "list_price":
            return False
        return self.price

    def _get_postsale_order_line_text(self):
        return self.env._(
            "Renewal of %(contract)s: %(line)s, from %(start)s to %(end)s",
            contract=self.contract_id.code or self.contract_id.name,
            line=self.contract_line_id.name or "",
            start=format_date(self.env, self.date_start),
            end=format_date(self.env, self.date_end) if self.date_end else "",
        )
