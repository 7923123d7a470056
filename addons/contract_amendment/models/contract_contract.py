# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.fields import Domain
from odoo.tools import format_amount, format_date


class ContractContract(models.Model):
    _inherit = "contract.contract"

    is_one_time = fields.Boolean(
        string="One-time Contract",
        readonly=True,
        copy=False,
        index=True,
        help="A purchase recorded as a contract (goods, one-off services): "
        "its sale order invoices it, the contract never does, and no later "
        "order adds lines to it.",
    )
    one_time_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sold by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The order whose purchased items this one-time contract records.",
    )

    def _record_amendment(self, day, description):
        """Record a change of the contract in its modification log: OCA
        contract sends it to the customer and posts it in the chatter."""
        self.ensure_one()
        self.write(
            {
                "modification_ids": [
                    Command.create({"date": day, "description": description})
                ]
            }
        )

    def _add_amendment_lines(self, values_list):
        """Add lines to the contracts: the one way new lines come to a
        running contract (``values_list`` holds their ``contract_id``)."""
        lines = self.env["contract.line"].create(values_list)
        for contract in lines.contract_id:
            for line in lines.filtered(lambda li, c=contract: li.contract_id == c):
                contract._record_amendment(
                    line.date_start,
                    self.env._(
                        "%(line)s added from %(date)s: %(quantity)s × %(price)s.",
                        line=line.name,
                        date=format_date(self.env, line.date_start),
                        quantity=line.quantity,
                        price=format_amount(
                            self.env, line.price_unit, contract.currency_id
                        ),
                    ),
                )
        return lines

    def _prepare_product_line_values(self, product, date_start):
        """Values of a new line of the contract product ``product`` from
        ``date_start`` on this contract (or on a contract being created when
        ``self`` is empty): its term, recurrence, renewal and notice come
        from the product."""
        date_start, date_end = self.env[
            "contract.line"
        ]._get_contract_line_dates_from_product(product, date_start)
        values = {
            "product_id": product.id,
            "uom_id": product.uom_id.id,
            "date_start": date_start,
            "date_end": date_end,
            **product.product_tmpl_id._get_contract_line_terms(),
        }
        if self:
            values["contract_id"] = self.ensure_one().id
        return values

    @api.model
    def _get_running_contract_domain(self, partners, companies, day):
        """Customer contracts of ``partners`` (commercial partners) in
        ``companies`` still running on ``day``."""
        return Domain(
            [
                ("contract_type", "=", "sale"),
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "in", companies.ids),
                ("is_one_time", "=", False),
            ]
        ) & (Domain("date_end", "=", False) | Domain("date_end", ">=", day))
