# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, format_date


class SaleOrderLine(models.Model):
    """An order line that changes the customer's contract when the order is
    confirmed (or signed online):

    - with ``contract_line_id``: an amendment of that contract line from the
      order's contract date, to the quantity, price and discount of the
      order line (a restated line only shows the contract and must not
      differ from it);
    - without, for a contract product: a new contract line from that date.

    Either way the contract invoices it, never the order.
    """

    _inherit = "sale.order.line"

    contract_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Contract Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The line of the customer's contract this order line changes "
        "from the order's contract date.",
    )
    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Add to Contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The customer's contract the new contract line of this order "
        "line is added to when the order is confirmed (empty: the customer's "
        "running contract, or a new one).",
    )
    contract_line_restated = fields.Boolean(
        string="Restated",
        readonly=True,
        copy=False,
        help="This line restates the contract for information: it cannot be "
        "changed here, and confirming the order leaves it as it is.",
    )
    # What the contract said when the order was applied: the document of a
    # signed order keeps showing the change it made (old → new).
    contract_applied_date = fields.Date(
        string="Applied to the Contract From",
        readonly=True,
        copy=False,
        help="The day the change of this order line took effect on the contract "
        "(set when the order is confirmed).",
    )
    contract_old_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product Before",
        readonly=True,
        copy=False,
    )
    contract_old_quantity = fields.Float(
        string="Quantity Before",
        readonly=True,
        copy=False,
        digits="Product Unit",
    )
    contract_old_price = fields.Float(
        string="Net Price Before",
        readonly=True,
        copy=False,
        digits="Product Price",
    )
    contract_created_line_ids = fields.One2many(
        comodel_name="contract.line",
        inverse_name="sale_order_line_id",
        string="Contract Lines Made",
        readonly=True,
    )
    contract_change_label = fields.Char(
        string="Contract",
        compute="_compute_contract_change_label",
        compute_sudo=True,
        help="What confirming the order does to the customer's contract with "
        "this line.",
    )

    @api.depends(
        "contract_line_id",
        "contract_id",
        "contract_line_restated",
        "contract_applied_date",
        "product_id",
        "product_uom_qty",
        "price_unit",
        "discount",
        "order_id.contract_date_start",
    )
    def _compute_contract_change_label(self):
        for line in self:
            line.contract_change_label = line._get_contract_change_label()

    def _get_contract_change_label(self):
        self.ensure_one()
        if not self._is_contract_line():
            return False
        if self.contract_line_restated:
            return self.env._("Restated from the contract: read-only")
        day = format_date(self.env, self.order_id._get_contract_date())
        contract = self.contract_line_id.contract_id
        if self.contract_line_id:
            if self.contract_applied_date:
                day = format_date(self.env, self.contract_applied_date)
            elif not self._get_contract_amendment_changes():
                return self.env._(
                    "No change to %(contract)s",
                    contract=contract.code or contract.name,
                )
            else:
                # the day the change takes effect: after what is invoiced
                day = format_date(
                    self.env,
                    self._get_contract_amendment_line()._get_amendment_start(
                        self.order_id._get_contract_date()
                    )[1],
                )
            return self.env._(
                "Changes %(contract)s from %(date)s",
                contract=contract.code or contract.name,
                date=day,
            )
        if self.contract_id:
            return self.env._(
                "New line of %(contract)s from %(date)s",
                contract=self.contract_id.code or self.contract_id.name,
                date=day,
            )
        return self.env._("New contract line from %(date)s", date=day)

    @api.depends("contract_line_restated")
    def _compute_product_updatable(self):
        res = super()._compute_product_updatable()
        self.filtered("contract_line_restated").product_updatable = False
        return res

    def _is_contract_line(self):
        """Whether this line changes or adds to the customer's contract."""
        self.ensure_one()
        return bool(
            not self.display_type
            and (self.contract_line_id or self.product_id.is_contract)
        )

    # ------------------------------------------------------------------
    # Invoiced by the contract, never by the order
    # ------------------------------------------------------------------

    @api.depends("contract_line_id", "product_id.is_contract")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        self.filtered(lambda line: line._is_contract_line()).qty_to_invoice = 0.0
        return res

    @api.depends("contract_line_id", "product_id.is_contract")
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        self.filtered(lambda line: line._is_contract_line()).invoice_status = "no"
        return res

    # ------------------------------------------------------------------
    # The amendment an order line asks for
    # ------------------------------------------------------------------

    def _prepare_contract_amendment_values(self):
        """The contract line values this order line asks for, in the terms
        of ``contract.line._amend``."""
        self.ensure_one()
        values = {
            "quantity": self.product_uom_qty,
            "specific_price": self.price_unit,
            "discount": self.discount,
        }
        if self.product_id != self.contract_line_id.product_id:
            values.update(
                {
                    "product_id": self.product_id.id,
                    "name": self.name,
                    "uom_id": self.product_uom_id.id,
                }
            )
        return values

    def _get_contract_amendment_line(self):
        """The contract line running on the order's contract date that this
        order line amends (a renewal may have replaced the one quoted)."""
        self.ensure_one()
        return self.contract_line_id._get_module_line_at(
            self.order_id._get_contract_date()
        )

    def _get_contract_amendment_changes(self):
        """What confirming the order changes on the contract line (empty:
        nothing)."""
        self.ensure_one()
        if not self.contract_line_id:
            return {}
        return self._get_contract_amendment_line()._get_amendment_changes(
            self._prepare_contract_amendment_values()
        )

    def _check_contract_reference(self):
        """The contract this order line refers to (by its contract line, or
        the contract it adds to) is one of the order's customer, company and
        currency."""
        self.ensure_one()
        order = self.order_id
        contract = self.contract_line_id.contract_id or self.contract_id
        if contract.commercial_partner_id != order.partner_id.commercial_partner_id:
            raise UserError(
                self.env._(
                    "The contract %(contract)s does not belong to %(customer)s.",
                    contract=contract.display_name,
                    customer=order.partner_id.commercial_partner_id.display_name,
                )
            )
        if contract.company_id != order.company_id:
            raise UserError(
                self.env._(
                    "The contract %(contract)s belongs to %(company)s, not to "
                    "%(order_company)s, the company of the order %(order)s.",
                    contract=contract.display_name,
                    company=contract.company_id.name,
                    order_company=order.company_id.name,
                    order=order.name,
                )
            )
        if contract.currency_id != order.currency_id:
            raise UserError(
                self.env._(
                    "The order %(order)s is in %(order_currency)s and the "
                    "contract %(contract)s in %(currency)s: quote the change in "
                    "the contract's currency.",
                    order=order.name,
                    order_currency=order.currency_id.name,
                    contract=contract.display_name,
                    currency=contract.currency_id.name,
                )
            )

    def _check_contract_basis(self):
        """The contract line the order was quoted on still holds on the
        order's date: another change signed since (a second quotation of
        the same line) makes the quotation stale. A renewal, which keeps the
        values, does not."""
        self.ensure_one()
        quoted = self.contract_line_id
        current = self._get_contract_amendment_line()
        if current == quoted or not current._get_amendment_changes(
            self._prepare_contract_amendment_values()
        ):
            # as quoted, or already as this order says (applied before)
            return
        basis = {
            "product_id": quoted.product_id.id,
            "quantity": quoted.quantity,
            "specific_price": quoted.price_unit,
            "discount": quoted.discount,
        }
        if current._get_amendment_changes(basis):
            raise UserError(
                self.env._(
                    "%(line)s changed since the order %(order)s was quoted (a "
                    "change from %(date)s was applied meanwhile): quote the "
                    "change again.",
                    line=quoted.name,
                    order=self.order_id.name,
                    date=format_date(self.env, current.date_start),
                )
            )

    def _check_contract_change(self):
        """Every rule of a contract change, checked before anything is
        applied: the contract is the customer's, runs on the contract date,
        the quantity, price and discount are valid, the currencies match and
        a restated line was not changed."""
        for line in self.filtered(lambda li: li.contract_line_id):
            line._check_contract_reference()
            line._check_contract_basis()
            changes = line._get_contract_amendment_changes()
            if line.contract_line_restated:
                if changes:
                    raise UserError(
                        self.env._(
                            "The order %(order)s restates %(line)s with other "
                            "values than the contract: a restated line cannot be "
                            "changed on an order (quote again if the contract "
                            "changed since).",
                            line=line.contract_line_id.name,
                            order=line.order_id.name,
                        )
                    )
            elif changes:
                line.contract_line_id._check_amendment(
                    line.order_id._get_contract_date(),
                    line._prepare_contract_amendment_values(),
                )
        for line in self.filtered(
            lambda li: not li.contract_line_id and li.product_id.is_contract
        ):
            if line.contract_id:
                line._check_contract_reference()
                line._check_contract_running()
            if float_compare(line.product_uom_qty, 0.0, 2) < 0 or line.price_unit < 0:
                raise UserError(
                    self.env._(
                        "The line %(line)s of the order %(order)s cannot have a "
                        "negative quantity or price.",
                        line=line.name,
                        order=line.order_id.name,
                    )
                )

    def _check_contract_running(self):
        """The contract this order line adds to still runs on the order's
        contract date."""
        self.ensure_one()
        contract = self.contract_id
        day = self.order_id._get_contract_date()
        if not contract.active or (contract.date_end and contract.date_end < day):
            raise UserError(
                self.env._(
                    "The contract %(contract)s no longer runs on %(date)s: the "
                    "order %(order)s cannot add to it.",
                    contract=contract.display_name,
                    date=format_date(self.env, day),
                    order=self.order_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Applying the order to the contract, once
    # ------------------------------------------------------------------

    def _lock_contract_changes(self):
        """Lock the order lines: two confirmations at once (a signature and
        a click) apply the order once."""
        if not self:
            return
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sale_order_line WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["contract_created_line_ids"])

    def _apply_contract_changes(self):
        """Apply the contract changes of these (confirmed) order lines:
        amendments through ``contract.line._amend``, new lines for contract
        products. Returns the contract lines that carry them."""
        lines = self.filtered(lambda line: line._is_contract_line())
        lines._lock_contract_changes()
        result = self.env["contract.line"]
        for line in lines.filtered(
            lambda li: li.contract_line_id and not li.contract_line_restated
        ):
            result |= line._apply_contract_amendment()
        new_lines = lines.filtered(
            lambda li: not li.contract_line_id
            and not li.contract_created_line_ids
            and float_compare(li.product_uom_qty, 0.0, 2) > 0
        )
        if new_lines:
            result |= new_lines._add_to_contracts()
        return result

    def _apply_contract_amendment(self):
        self.ensure_one()
        order = self.order_id
        # checked again under the lock: two orders confirmed together
        self.contract_line_id._lock_module()
        self._check_contract_basis()
        current = self._get_contract_amendment_line()
        day = order._get_contract_date()
        self.write(
            {
                "contract_applied_date": current._get_amendment_start(day)[1],
                "contract_old_product_id": current.product_id.id,
                "contract_old_quantity": current.quantity,
                "contract_old_price": current.price_unit
                * (1 - (current.discount or 0.0) / 100.0),
            }
        )
        before = self.contract_line_id._get_module_chain()
        amended = self.contract_line_id._amend(
            order._get_contract_date(),
            self._prepare_contract_amendment_values(),
            origin=order.name,
        )
        if amended not in before:
            # the successor this order line made
            amended.sale_order_line_id = self
        return amended

    def _prepare_contract_line_values(self, contract, date_start):
        """Values of the contract line created from this order line of a
        contract product: its recurrence, term, renewal and notice come from
        the product."""
        self.ensure_one()
        values = contract._prepare_product_line_values(self.product_id, date_start)
        values.update(
            {
                "sale_order_line_id": self.id,
                "name": self.name,
                "quantity": self.product_uom_qty,
                "uom_id": self.product_uom_id.id,
                "automatic_price": False,
                "specific_price": self.price_unit,
                "discount": self.discount,
            }
        )
        if self.analytic_distribution:
            values["analytic_distribution"] = self.analytic_distribution
        return values

    def _add_to_contracts(self):
        """New contract lines for these order lines of contract products,
        from their order's contract date: on the contract they name, else on
        the customer's running contract, or on a new one."""
        targeted = self.filtered("contract_id")
        result = self.env["contract.line"]
        if targeted:
            result |= self.env["contract.contract"]._add_amendment_lines(
                [
                    line._prepare_contract_line_values(
                        line.contract_id, line.order_id._get_contract_date()
                    )
                    for line in targeted
                ]
            )
        if self - targeted:
            result |= (self - targeted)._add_to_running_contracts()
        return result

    def _add_to_running_contracts(self):
        """New contract lines for these order lines on the customer's running
        contract, or on a new one."""
        orders = self.order_id
        partners = orders.partner_id.commercial_partner_id
        # Two confirmations for the same customer must not both create its
        # contract: serialize them on the customer's row.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE",
                tuple(partners.ids),
            )
        )
        Contract = self.env["contract.contract"]
        today = fields.Date.context_today(self)
        contracts = Contract.search(
            Contract._get_running_contract_domain(partners, orders.company_id, today),
            order="date_start, id",
        )
        contract_by_key = {}
        for contract in contracts:
            key = (contract.commercial_partner_id.id, contract.company_id.id)
            contract_by_key.setdefault(key, contract)

        def key_of(order):
            return (order.partner_id.commercial_partner_id.id, order.company_id.id)

        new_contract_orders = {}
        for order in orders:
            if key_of(order) not in contract_by_key:
                new_contract_orders.setdefault(key_of(order), order)
        result = self.env["contract.line"]
        if new_contract_orders:
            # A new contract gets its lines at creation: no "line added"
            # modification beside its "contract start".
            values_list = []
            for key, order in new_contract_orders.items():
                values = order._prepare_contract_values()
                values["contract_line_ids"] = [
                    fields.Command.create(
                        line._prepare_contract_line_values(
                            Contract, order._get_contract_date()
                        )
                    )
                    for line in self.filtered(
                        lambda li, k=key: key_of(li.order_id) == k
                    )
                ]
                values_list.append(values)
            new_contracts = Contract.create(values_list)
            contract_by_key.update(zip(new_contract_orders, new_contracts, strict=True))
            result |= new_contracts.contract_line_ids
        to_add = self.filtered(
            lambda li: key_of(li.order_id) not in new_contract_orders
        )
        if to_add:
            result |= Contract._add_amendment_lines(
                [
                    line._prepare_contract_line_values(
                        contract_by_key[key_of(line.order_id)],
                        line.order_id._get_contract_date(),
                    )
                    for line in to_add
                ]
            )
        return result
