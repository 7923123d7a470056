# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    contract_date_start = fields.Date(
        string="Contract Changes From",
        copy=False,
        help="Date from which the contract lines of this order start, or its "
        "changes of the customer's contract apply. Empty: the day the order "
        "is confirmed.",
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
            if line.contract_line_id:
                current = line.sudo()._get_contract_amendment_line()
                changes = line.sudo()._get_contract_amendment_changes()
                row.update(
                    kind="change" if changes else "unchanged",
                    old_product=current.product_id,
                    old_quantity=current.quantity,
                    old_price=current.price_unit
                    * (1 - (current.discount or 0.0) / 100.0),
                    date=current._get_amendment_date(day),
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
