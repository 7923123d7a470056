# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import float_compare


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
    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Contract line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The contract line this order line created or updated when the "
        "order was confirmed.",
    )

    # The database, not only the interface, refuses to bill an activity twice.
    _postsale_activity_unique = models.UniqueIndex(
        "(postsale_activity_id) WHERE postsale_activity_id IS NOT NULL",
        "This activity is already billed by another order line.",
    )

    @api.model
    def _get_postsale_protected_fields(self):
        # Which activity a line bills, which contract line it made: a line
        # that claimed an activity would mark it billed.
        return super()._get_postsale_protected_fields() | {
            "postsale_activity_id",
            "contract_line_id",
        }

    def _get_contract_line_dates(self, date_start):
        """Start and end of the contract line of a contract product: its
        term is a number of invoicing periods (none: until stopped)."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        if not template.contract_duration:
            return date_start, False
        return date_start, self.env["contract.line"]._get_first_date_end(
            date_start,
            template.contract_recurring_rule_type,
            template.contract_recurring_interval * template.contract_duration,
        )

    def _prepare_contract_line_values(self, contract, date_start):
        """Values of the contract line created from this order line."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        date_start, date_end = self._get_contract_line_dates(date_start)
        values = {
            "contract_id": contract.id,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.product_uom_qty,
            "uom_id": self.product_uom_id.id,
            "automatic_price": False,
            "specific_price": self.price_unit,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "date_start": date_start,
            "date_end": date_end,
            "recurring_rule_type": template.contract_recurring_rule_type,
            "recurring_interval": template.contract_recurring_interval,
            "recurring_invoicing_type": template.contract_recurring_invoicing_type,
            "is_auto_renew": template.contract_is_auto_renew,
            "auto_renew_interval": template.contract_auto_renew_interval,
            "auto_renew_rule_type": template.contract_auto_renew_rule_type,
        }
        if self.analytic_distribution:
            values["analytic_distribution"] = self.analytic_distribution
        return values

    def _find_contract_line_to_update(self, contract, date_start):
        """A running line of ``contract`` selling the same thing at the same
        price: the order adds its quantity there instead of a new line."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line in contract.contract_line_ids:
            if (
                line.product_id == self.product_id
                and not line.display_type
                and not line.is_canceled
                and (not line.date_end or line.date_end >= date_start)
                and line.uom_id == self.product_uom_id
                and float_compare(
                    line.price_unit, self.price_unit, precision_digits=digits
                )
                == 0
                and line.discount == self.discount
                and line.recurring_rule_type == template.contract_recurring_rule_type
                and line.recurring_interval == template.contract_recurring_interval
            ):
                return line
        return self.env["contract.line"]

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
