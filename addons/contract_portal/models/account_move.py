# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AccountMove(models.Model):
    """The account settings of the customer hold for every invoice and
    credit note of the account, whichever flow creates it (a contract run, a
    sale order, by hand): taken when the document is created, so that a
    change of the settings affects future documents only."""

    _inherit = "account.move"

    # Copied, so that credit notes (Odoo reverses a move by copying it) keep
    # the customer's references of their invoice.
    contract_customer_number = fields.Char(
        string="Customer number",
        compute="_compute_contract_references",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer's number, from their contract account; printed on "
        "the invoice.",
    )
    contract_purchase_order_number = fields.Char(
        string="Purchase order number",
        compute="_compute_contract_references",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer's purchase order number, from their contract "
        "account; printed on the invoice.",
    )

    @api.depends("partner_id", "move_type")
    def _compute_contract_references(self):
        for move in self:
            account = move.partner_id.commercial_partner_id
            if not move.is_sale_document(include_receipts=True) or not account:
                move.contract_customer_number = False
                move.contract_purchase_order_number = False
                continue
            move.contract_customer_number = account.contract_customer_number
            move.contract_purchase_order_number = account.contract_purchase_order_number

    @api.model
    def _get_contract_billing_partner(self, partner):
        """The partner a customer document of ``partner`` is addressed to:
        the billing address of the customer's account, when one is set."""
        return partner.commercial_partner_id.contract_billing_address_id or partner

    @api.model_create_multi
    def create(self, vals_list):
        sale_types = self.get_sale_types(include_receipts=True)
        for vals in vals_list:
            move_type = vals.get("move_type") or self.env.context.get(
                "default_move_type"
            )
            if move_type in sale_types and vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = self._get_contract_billing_partner(partner).id
        return super().create(vals_list)
