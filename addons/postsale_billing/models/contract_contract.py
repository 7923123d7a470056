# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ContractContract(models.Model):
    """Billing of a customer contract (B5): "New order" at the price to the
    customer, else the list price of the new contracts' product."""

    _name = "contract.contract"
    _inherit = ["contract.contract", "postsale.billing.mixin"]

    customer_price = fields.Monetary(
        string="Price to customer",
        currency_field="currency_id",
        tracking=True,
        help='Amount of the order made by "New order". Empty: the list price '
        "of the default product of new post-sale contracts.",
    )
    sale_order_id = fields.Many2one(
        help="The order of the customer that bills this contract."
    )
    renewal_ids = fields.One2many(
        comodel_name="contract.renewal",
        inverse_name="contract_id",
        string="Renewals",
        groups="account.group_account_invoice",
    )
    renewal_count = fields.Integer(
        compute="_compute_renewal_count", groups="account.group_account_invoice"
    )

    @api.depends("renewal_ids")
    def _compute_renewal_count(self):
        groups = self.env["contract.renewal"]._read_group(
            [("contract_id", "in", self._origin.ids)], ["contract_id"], ["__count"]
        )
        counts = {contract.id: count for contract, count in groups}
        for contract in self:
            contract.renewal_count = counts.get(contract._origin.id, 0)

    def _check_postsale_customer_contract(self):
        """Only customer contracts are billed with sale orders."""
        for contract in self:
            if contract.contract_type != "sale":
                raise ValidationError(
                    self.env._(
                        "%(contract)s is a supplier contract: only customer "
                        "contracts are billed with sale orders.",
                        contract=contract.display_name,
                    )
                )

    @api.constrains("contract_type", "sale_order_id")
    def _check_sale_order_customer_contract(self):
        self.filtered("sale_order_id")._check_postsale_customer_contract()

    def action_create_sale_order(self):
        self.ensure_one()
        self._check_postsale_customer_contract()
        return super().action_create_sale_order()

    def _get_postsale_billing_case(self):
        return "contract"

    def _get_postsale_contract(self):
        return self

    def _get_postsale_order_product(self, config):
        if not config.product_id:
            raise UserError(
                self.env._(
                    "Set the default product of new post-sale contracts in the "
                    "post-sale billing configuration of %(company)s first.",
                    company=self.company_id.name,
                )
            )
        return config.product_id

    def _get_postsale_order_price(self, config):
        """The price to the customer, else the product's list price."""
        return self.customer_price

    def _get_postsale_order_line_text(self):
        return self.env._("Contract %(contract)s", contract=self.code or self.name)

    def action_view_renewals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postsale_billing.contract_renewal_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action
