# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ContractContract(models.Model):
    _inherit = "contract.contract"

    customer_price = fields.Monetary(
        string="Price to customer",
        currency_field="currency_id",
        tracking=True,
        help='Amount of the order made by "New order". Empty: the list price '
        "of the default product of new post-sale contracts.",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id), ('state', '!=', 'cancel')]",
        help="The order of the customer that bills this contract.",
    )
    renewal_ids = fields.One2many(
        comodel_name="contract.renewal",
        inverse_name="contract_id",
        string="Renewals",
    )
    renewal_count = fields.Integer(compute="_compute_renewal_count")

    @api.depends("renewal_ids")
    def _compute_renewal_count(self):
        groups = self.env["contract.renewal"]._read_group(
            [("contract_id", "in", self._origin.ids)], ["contract_id"], ["__count"]
        )
        counts = {contract.id: count for contract, count in groups}
        for contract in self:
            contract.renewal_count = counts.get(contract._origin.id, 0)

    @api.constrains("sale_order_id", "partner_id", "company_id")
    def _check_sale_order_id(self):
        for contract in self.filtered("sale_order_id"):
            order = contract.sale_order_id.sudo()
            if (
                order.partner_id.commercial_partner_id != contract.commercial_partner_id
                or order.company_id != contract.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "The order %(order)s is not an order of %(customer)s in "
                        "%(company)s: a contract can only be linked to an order "
                        "of its own customer.",
                        order=order.name,
                        customer=contract.commercial_partner_id.display_name,
                        company=contract.company_id.name,
                    )
                )

    def action_create_sale_order(self):
        """ "New order": an order with the customer's and the user's defaults
        and the new-contracts case defaults, linked to the contract (B5)."""
        self.ensure_one()
        self.check_access("write")
        if self.sale_order_id:
            raise UserError(
                self.env._(
                    "The contract %(contract)s is already linked to the order "
                    "%(order)s.",
                    contract=self.display_name,
                    order=self.sale_order_id.sudo().name,
                )
            )
        config = (
            self.env["postsale.billing.config"]
            ._get_company_configs(self.company_id, "contract")
            .get(self.company_id.id, self.env["postsale.billing.config"])
        )
        if not config.product_id:
            raise UserError(
                self.env._(
                    "Set the default product of new post-sale contracts in the "
                    "post-sale billing configuration of %(company)s first.",
                    company=self.company_id.name,
                )
            )
        # The user may write the contract: the order follows from it even
        # when the user does not manage sale orders.
        order = (
            self.env["sale.order"]
            .sudo()
            .create(self._prepare_postsale_order_values(config))
        )
        if self.customer_price:
            order.order_line._set_postsale_price(self.customer_price, self.currency_id)
        self.sale_order_id = order
        return self.env["postsale.billing.result"]._action_show(
            order, [{"source": self.display_name, "order": order}]
        )

    def _prepare_postsale_order_values(self, config):
        """Values of the order made by "New order" on this contract."""
        self.ensure_one()
        values = config._prepare_sale_order_values(
            self.partner_id, self.company_id, "contract"
        )
        values["origin"] = self.code or self.name
        values["order_line"] = [
            Command.create(self._prepare_postsale_order_line_values(config.product_id))
        ]
        return values

    def _prepare_postsale_order_line_values(self, product):
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        description = product.with_context(
            lang=lang
        ).get_product_multiline_description_sale()
        contract_text = self.with_context(lang=lang).env._(
            "Contract %(contract)s", contract=self.code or self.name
        )
        return {
            "product_id": product.id,
            "product_uom_qty": 1.0,
            "name": f"{description}\n{contract_text}",
        }

    def action_view_renewals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postsale_billing.contract_renewal_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action
