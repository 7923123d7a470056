# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    contract_customer_number = fields.Char(
        string="Customer number",
        copy=False,
        help="The customer's number, from their contract account; printed on "
        "the invoice.",
    )
    contract_purchase_order_number = fields.Char(
        string="Purchase order number",
        copy=False,
        help="The customer's purchase order number, from their contract "
        "account; printed on the invoice.",
    )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # Credit notes keep the customer's references of the invoice.
        if not default_values_list:
            default_values_list = [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            default_values.setdefault(
                "contract_customer_number", move.contract_customer_number
            )
            default_values.setdefault(
                "contract_purchase_order_number", move.contract_purchase_order_number
            )
        return super()._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )
