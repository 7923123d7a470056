# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Copied, so that credit notes (Odoo reverses a move by copying it) keep
    # the customer's references of their invoice.
    contract_customer_number = fields.Char(
        string="Customer number",
        help="The customer's number, from their contract account; printed on "
        "the invoice.",
    )
    contract_purchase_order_number = fields.Char(
        string="Purchase order number",
        help="The customer's purchase order number, from their contract "
        "account; printed on the invoice.",
    )
