# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import SQL, float_compare


class SaleOrder(models.Model):
    _inherit = "sale.order"

    contract_date_start = fields.Date(
        string="Contract Changes From",
        copy=False,
        help="Date from which the contract lines of this order start, or its "
        "changes of the customer's contract apply. Empty: the day the order "
        "is confirmed.",
    )
    one_time_contract_ids = fields.One2many(
        comodel_name="contract.contract",
        inverse_name="one_time_order_id",
        string="One-time Contracts",
        readonly=True,
    )
    has_contract_changes = fields.Boolean(
        compute="_compute_has_contract_changes",
        help="Technical field: confirming this order changes the customer's contract.",
    )

    @api.depends("order_line.contract_line_id", "order_line.product_id")
    def _compute_has_contract_changes(self):
        for order in self:
            order.has_contract_changes = any(
                line._is_contract_line() for line in order.order_line
            )

    def _get_contract_date(self):
        """The day the order's contract changes take effect."""
        self.ensure_one()
        return self.contract_date_start or fields.Date.context_today(self)

    def _prepare_contract_values(self):
        """Values of the contract created for the customer of this order."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        return {
            "name": partner.name,
            "partner_id": partner.id,
            "invoice_partner_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "contract_type": "sale",
            "line_recurrence": True,
            "pricelist_id": self.pricelist_id.id,
            "payment_term_id": self.payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "user_id": self.user_id.id,
        }

    def _check_contract_changes(self):
        """Raise a clear error, before anything is written, for any change
        of the contract these orders cannot make."""
        self.order_line._check_contract_change()

    # ------------------------------------------------------------------
    # One-time contracts: what a sale bought, recorded as a contract
    # ------------------------------------------------------------------

    def _get_one_time_contract_lines(self):
        """The order lines a one-time contract records: every item sold
        that is not a contract product (goods, one-off services)."""
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: not line.display_type
            and not line.is_downpayment
            and not line._is_contract_line()
            and line.product_id
            and float_compare(line.product_uom_qty, 0.0, 2) > 0
        )

    def _prepare_one_time_contract_values(self):
        """Values of the one-time contract of this order: one line per item,
        from the order's date, ended and settled that day (the order
        invoices it; the contract has nothing left to invoice)."""
        self.ensure_one()
        day = self._get_contract_date()
        values = self._prepare_contract_values()
        values.update(
            {
                "name": self.env._(
                    "%(customer)s – %(order)s",
                    customer=self.partner_id.commercial_partner_id.name,
                    order=self.name,
                ),
                "is_one_time": True,
                "one_time_order_id": self.id,
                "date_start": day,
                # settled: nothing left for the contract to invoice
                "last_date_invoiced": day,
                "contract_line_ids": [
                    fields.Command.create(
                        {
                            "sale_order_line_id": line.id,
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.product_uom_qty,
                            "uom_id": line.product_uom_id.id,
                            "automatic_price": False,
                            "specific_price": line.price_unit,
                            "discount": line.discount,
                            "date_start": day,
                            "date_end": day,
                            "last_date_invoiced": day,
                            "recurring_rule_type": "monthly",
                            "recurring_interval": 1,
                        }
                    )
                    for line in self._get_one_time_contract_lines()
                ],
            }
        )
        return values

    def _add_one_time_contracts(self):
        """A one-time contract for each confirmed order with items sold and
        none yet: once, also when two users win the same deal at once."""
        orders = self.filtered(lambda order: order.state == "sale")
        if not orders:
            return self.env["contract.contract"]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sale_order WHERE id IN %s "
                "ORDER BY id FOR NO KEY UPDATE",
                tuple(orders.ids),
            )
        )
        orders.invalidate_recordset(["one_time_contract_ids"])
        values_list = [
            order._prepare_one_time_contract_values()
            for order in orders
            if not order.one_time_contract_ids and order._get_one_time_contract_lines()
        ]
        return self.env["contract.contract"].create(values_list)

    def action_confirm(self):
        # Before the order changes state: a refused change writes nothing.
        # The user may confirm the order; the rules read the contract on
        # the system's behalf.
        self.sudo()._check_contract_changes()
        return super().action_confirm()

    def _action_confirm(self):
        """Confirming (or signing online) applies the order to the contract:
        the one place sold and renegotiated lines reach it."""
        res = super()._action_confirm()
        # The user confirmed the order: the contract follows from it, also
        # for users who do not manage contracts (checked by the confirmation).
        self.sudo().order_line._apply_contract_changes()
        return res

    # ------------------------------------------------------------------
    # The contract document: what the customer signs
    # ------------------------------------------------------------------

    def _get_contract_change_rows(self):
        """One row per order line that changes or restates the contract:
        what the customer signs is what confirming applies.

        :return: list of dicts: ``line`` (the order line), ``kind``
            (``change``, ``unchanged``, ``new``), ``old_quantity``,
            ``quantity``, ``old_price``, ``price``, ``old_product`` and
            ``date`` (the day it takes effect)
        """
        self.ensure_one()
        rows = []
        day = self._get_contract_date()
        for line in self.order_line.filtered(lambda li: li._is_contract_line()):
            row = {
                "line": line,
                "quantity": line.product_uom_qty,
                "price": line.price_unit * (1 - (line.discount or 0.0) / 100.0),
                "date": day,
            }
            if line.contract_line_id and line.contract_applied_date:
                # applied: the change as it was signed
                changed = (
                    line.contract_old_product_id != line.product_id
                    or float_compare(
                        line.contract_old_quantity, line.product_uom_qty, 2
                    )
                    or line.currency_id.compare_amounts(
                        line.contract_old_price, row["price"]
                    )
                )
                row.update(
                    kind="change" if changed else "unchanged",
                    old_product=line.contract_old_product_id,
                    old_quantity=line.contract_old_quantity,
                    old_price=line.contract_old_price,
                    date=line.contract_applied_date,
                )
            elif line.contract_line_id:
                current = line.sudo()._get_contract_amendment_line()
                changes = line.sudo()._get_contract_amendment_changes()
                row.update(
                    kind="change" if changes else "unchanged",
                    old_product=current.product_id,
                    old_quantity=current.quantity,
                    old_price=current.price_unit
                    * (1 - (current.discount or 0.0) / 100.0),
                    date=current._get_amendment_start(day)[1],
                )
            else:
                row.update(
                    kind="new",
                    old_product=line.product_id.browse(),
                    old_quantity=0.0,
                    old_price=0.0,
                )
            rows.append(row)
        return rows
