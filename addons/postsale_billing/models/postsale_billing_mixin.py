# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class PostsaleBillingMixin(models.AbstractModel):
    """A record billed by one sale order of its customer (B5, B7).

    The record is linked to an existing order of its customer and company,
    or "New order" makes one with the billing defaults of its case. The
    inheriting model has ``partner_id``, ``commercial_partner_id``,
    ``company_id`` and ``currency_id``, and says which case it is billed
    as, with which product, at which price and with which text.
    """

    _name = "postsale.billing.mixin"
    _description = "Billed by a post-sale order"

    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id),"
        " ('company_id', '=', company_id), ('state', '!=', 'cancel')]",
    )

    @api.constrains("sale_order_id", "commercial_partner_id", "company_id")
    def _check_sale_order_id(self):
        for record in self.filtered("sale_order_id"):
            order = record.sale_order_id.sudo()
            if (
                order.partner_id.commercial_partner_id != record.commercial_partner_id
                or order.company_id != record.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "The order %(order)s is not an order of %(customer)s in "
                        "%(company)s: “%(record)s” can only be linked to an "
                        "order of its customer.",
                        order=order.name,
                        customer=record.commercial_partner_id.display_name,
                        company=record.company_id.name,
                        record=record.display_name,
                    )
                )
            if order.state == "cancel":
                raise ValidationError(
                    self.env._(
                        "The order %(order)s is cancelled: it cannot bill "
                        "“%(record)s”.",
                        order=order.name,
                        record=record.display_name,
                    )
                )

    def action_create_sale_order(self):
        """ "New order": an order with the customer's and the user's defaults
        and the defaults of the record's case, linked to the record."""
        self.ensure_one()
        self.check_access("write")
        self._lock_postsale_billing_record()
        if self.sale_order_id:
            raise UserError(
                self.env._(
                    "“%(record)s” is already linked to the order %(order)s.",
                    record=self.display_name,
                    order=self.sale_order_id.sudo().name,
                )
            )
        case = self._get_postsale_billing_case()
        config = (
            self.env["postsale.billing.config"]
            ._get_company_configs(self.company_id, case)
            .get(self.company_id.id, self.env["postsale.billing.config"])
        )
        product = self._get_postsale_order_product(config)
        # The user may write the record: the order follows from it even
        # when the user does not manage sale orders.
        order = (
            self.env["sale.order"]
            .sudo()
            .create(self._prepare_postsale_order_values(config, product))
        )
        price = self._get_postsale_order_price(config)
        if price:
            order.order_line._set_postsale_price(price, self.currency_id)
        self.sale_order_id = order
        return self.env["postsale.billing.result"]._action_show(
            order, [{"source": self.display_name, "order": order}]
        )

    def _lock_postsale_billing_record(self):
        """Two clicks at once make one order, and the second makes none.

        The second click waits here for the first one's row lock; once the
        first commits, PostgreSQL refuses the second transaction (concurrent
        update), which the server retries: the retry finds the record linked
        to the order. Without the lock, the second click made an order too,
        thrown away only when its own link to the record failed.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["sale_order_id"])

    def _get_postsale_billing_case(self):
        """The billing case whose defaults "New order" applies."""
        raise NotImplementedError()

    def _get_postsale_contract(self):
        """The contract the order bills (its code is the order's origin)."""
        raise NotImplementedError()

    def _get_postsale_order_product(self, config):
        """The product of the order line; raise a ``UserError`` when there
        is none."""
        raise NotImplementedError()

    def _get_postsale_order_price(self, config):
        """The amount of the order line in the record's currency, or
        ``False`` for the product's price in the customer's pricelist."""
        raise NotImplementedError()

    def _get_postsale_order_line_text(self):
        """What the order line bills, in the language of ``self.env``."""
        raise NotImplementedError()

    def _prepare_postsale_order_values(self, config, product):
        """Values of the order made by "New order"."""
        self.ensure_one()
        contract = self._get_postsale_contract()
        values = config._prepare_sale_order_values(
            self.partner_id, self.company_id, self._get_postsale_billing_case()
        )
        values["origin"] = contract.code or contract.name
        values["order_line"] = [
            Command.create(self._prepare_postsale_order_line_values(product))
        ]
        return values

    def _prepare_postsale_order_line_values(self, product):
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        description = product.with_context(
            lang=lang
        ).get_product_multiline_description_sale()
        text = self.with_context(lang=lang)._get_postsale_order_line_text()
        return {
            "product_id": product.id,
            "product_uom_qty": 1.0,
            "name": f"{description}\n{text}",
        }
