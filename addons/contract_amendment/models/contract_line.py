# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount, format_date

# A safety net for the loops over periods and renewed terms (a daily line
# over 30 years).
MAX_PERIODS = 12000

# What an amendment may change on a contract line.
AMENDABLE_FIELDS = (
    "product_id",
    "name",
    "uom_id",
    "quantity",
    "automatic_price",
    "specific_price",
    "discount",
)


class ContractLine(models.Model):
    """The one way a customer's contract changes.

    A module of the customer (a licence, a tariff) is a chain of contract
    lines: a line and the successors contract_line_successor plans for it
    (renewals into a new line, changes from a date). Every change goes
    through three methods, whoever asks for it (a signed order, the portal,
    a renegotiation, the back office):

    - :meth:`_amend`: new values from a date. The line running on that date
      stops the day before and a successor line carries the new values; a
      line that has neither started nor been invoiced is changed in place.
      A period already invoiced is never changed: the amendment starts after
      it.
    - :meth:`_end_module`: the module ends on a date (the job's renewals
      included).
    - ``contract.contract._add_amendment_lines``: new lines.

    Amendments are absolute (the new quantity, not a difference), so that
    applying one again changes nothing, and an order line creates at most
    one contract line (a unique index).
    """

    _inherit = "contract.line"

    sale_order_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The order line whose confirmation created this contract line.",
    )

    # The database, not only the code, refuses to apply an order line twice.
    _sale_order_line_unique = models.UniqueIndex(
        "(sale_order_line_id) WHERE sale_order_line_id IS NOT NULL",
        "An order line changes the contract once.",
    )

    # ------------------------------------------------------------------
    # contract_line_successor: what a successor keeps
    # ------------------------------------------------------------------

    def _prepare_value_for_plan_successor(
        self, date_start, date_end, is_auto_renew, recurring_next_date=False
    ):
        values = super()._prepare_value_for_plan_successor(
            date_start, date_end, is_auto_renew, recurring_next_date
        )
        # The successor copies every field it reads: the order line made the
        # predecessor only (a renewal is not a second sale).
        values.pop("sale_order_line_id", None)
        # the values of an amendment, for the successor of this line only
        amendments = self.env.context.get("contract_amendment_values") or {}
        amendment = amendments.get(self.id) or {}
        values.update(amendment)
        if "specific_price" in amendment:
            # the copied price_unit (an inverse) must not set it back
            values["price_unit"] = amendment["specific_price"]
        return values

    # ------------------------------------------------------------------
    # The module: a line and its successors
    # ------------------------------------------------------------------

    def _get_module_chain(self):
        """This line and its successors, in order."""
        self.ensure_one()
        chain = line = self
        for _step in range(MAX_PERIODS):
            line = line.successor_contract_line_id
            if not line or line in chain:
                break
            chain |= line
        return chain

    def _get_module_line_at(self, day):
        """The line of this line's chain that runs on ``day``: the first one
        not ended before it (the last line of the chain after its end)."""
        self.ensure_one()
        chain = self._get_module_chain().filtered(lambda line: not line.is_canceled)
        for line in chain:
            if not line.date_end or line.date_end >= day:
                return line
        return chain[-1:] or self

    def _get_module_end(self):
        """The last day of the module: empty when it is open-ended or renews
        itself."""
        self.ensure_one()
        last = self._get_module_chain().filtered(lambda line: not line.is_canceled)[-1:]
        return False if last.is_auto_renew else last.date_end

    def _renew_module_until(self, day):
        """The line of the module that runs on ``day``, after renewing an
        auto-renewing module up to it with the renewal job's own
        ``renew()`` (as the job would have by then)."""
        self.ensure_one()
        line = self._get_module_line_at(day)
        for _term in range(MAX_PERIODS):
            if not (line.is_auto_renew and line.date_end and line.date_end < day):
                break
            line = line.renew()._get_module_line_at(day)
        return line

    def _lock_module(self):
        """Lock the lines of the module: two changes at once apply one after
        the other, each on what the other left."""
        chain = self.browse()
        for line in self:
            chain |= line._get_module_chain()
        chain.lock_for_update()
        chain.invalidate_recordset()
        return chain

    # ------------------------------------------------------------------
    # Dates: the notice period, as the renewal job applies it
    # ------------------------------------------------------------------

    def _get_notice_delta(self):
        self.ensure_one()
        return self.get_relative_delta(
            self.termination_notice_rule_type or "monthly",
            self.termination_notice_interval or 0,
        )

    def _is_notice_on_time(self, request_date, date_end):
        """Whether notice given on ``request_date`` is on time for the end
        ``date_end``: it comes before the termination notice date of that
        end, computed as contract_line_successor computes it (``date_end -
        notice``), the day its renewal job renews the line."""
        self.ensure_one()
        return date_end - self._get_notice_delta() > request_date

    def _get_period_ends(self, request_date):
        """The ends of this line's invoicing periods on or after
        ``request_date`` (never before what is invoiced), up to its end."""
        self.ensure_one()
        if self.last_date_invoiced and self.last_date_invoiced >= request_date:
            period_end = self.last_date_invoiced
        else:
            period_start = (
                self.last_date_invoiced + relativedelta(days=1)
                if self.last_date_invoiced
                else self.date_start
            )
            for _period in range(MAX_PERIODS):
                period_end = self.get_next_period_date_end(
                    period_start,
                    self.recurring_rule_type,
                    self.recurring_interval or 1,
                    max_date_end=False,
                )
                if period_end >= request_date:
                    break
                period_start = period_end + relativedelta(days=1)
        for _period in range(MAX_PERIODS):
            if self.date_end and period_end >= self.date_end:
                yield self.date_end
                return
            yield period_end
            period_end = self.get_next_period_date_end(
                period_end + relativedelta(days=1),
                self.recurring_rule_type,
                self.recurring_interval or 1,
                max_date_end=False,
            )

    def _get_end_candidates(self, request_date):
        """``(line, day)`` for every day the module of this line can end on
        from ``request_date`` on, in order, through the lines planned after
        it: the ends of the terms of an auto-renewing line, else the ends of
        the invoicing periods. The last one of a module that does not renew
        is its end."""
        self.ensure_one()
        line = self
        for _line in range(MAX_PERIODS):
            if line.is_auto_renew and line.date_end:
                date_end = line.date_end
                for _term in range(MAX_PERIODS):
                    yield line, date_end
                    date_end = line._get_first_date_end(
                        date_end + relativedelta(days=1),
                        line.auto_renew_rule_type,
                        line.auto_renew_interval or 1,
                    )
                return
            for date_end in line._get_period_ends(request_date):
                yield line, date_end
            successor = line.successor_contract_line_id
            if not successor or successor.is_canceled or not line.date_end:
                return
            line = successor

    def _get_earliest_end_date(self, request_date=None):
        """The earliest last day of the module when the customer asks on
        ``request_date`` (default today) to cancel it or change its tariff.

        The one notice rule of the suite, the one contract_line_successor's
        renewal job applies: the job renews an auto-renewing line on its
        termination notice date (``date_end - notice``), so a request is on
        time for an end only when it comes strictly before that date. The
        earliest end is the first end of a term (an auto-renewing line) or
        of an invoicing period (any other line) for which the request is on
        time, through the lines planned after it; a module that does not
        renew ends on its end at the latest. A tariff change takes effect
        the day after.
        """
        self.ensure_one()
        request_date = request_date or fields.Date.context_today(self)
        line = self._get_module_line_at(request_date)
        date_end = request_date
        for candidate, date_end in line._get_end_candidates(request_date):
            if candidate._is_notice_on_time(request_date, date_end):
                return date_end
        return date_end

    def _get_earliest_change_date(self, request_date=None):
        """The first day of a change (a new tariff) asked for on
        ``request_date``."""
        self.ensure_one()
        return self._get_earliest_end_date(request_date) + relativedelta(days=1)

    def _get_amendment_date(self, day):
        """The first day an amendment asked from ``day`` can take effect:
        ``day``, or the day after the period already invoiced."""
        self.ensure_one()
        if self.last_date_invoiced and self.last_date_invoiced >= day:
            return self.last_date_invoiced + relativedelta(days=1)
        return day

    def _get_amendment_start(self, day):
        """``(line, first day)``: the line of the module running on ``day``
        (this line) that an amendment asked from ``day`` changes, and the
        first day the change takes effect, after any period already
        invoiced (with the next line of the module when this one is
        invoiced to its end). Reads only: ``_amend`` and the preview of a
        change (``_get_change_effect``) both take their dates from it."""
        self.ensure_one()
        line = self
        day = line._get_amendment_date(day)
        if line.date_end and day > line.date_end:
            line = line._get_module_line_at(day)
            day = line._get_amendment_date(day)
        return line, day

    def _get_next_invoice_line(self):
        """The line of the module invoiced next (empty: none is left)."""
        self.ensure_one()
        return self._get_module_chain().filtered(
            lambda line: not line.is_canceled and line.next_period_date_start
        )[:1]

    def _get_change_effect(self, day, values=None, price_unit=None):
        """What a change of this module asked from ``day`` does to its
        invoicing, shown before the customer confirms it: an amendment to
        ``values`` (the terms of :meth:`_amend`, whose dates it takes), or,
        without ``values``, the end of the module on ``day``
        (:meth:`_end_module`). Reads only.

        :param price_unit: the unit price of the new terms (default: the
            specific price in ``values``, else the current price)
        :return: dict with ``date_effective`` (the first day of the new
            terms; the day after the end), ``last_date_invoiced`` (the last
            day invoiced so far, or ``False``), ``last_day_current`` (the
            last day at the current terms), ``price_subtotal`` (the amount
            per period from ``date_effective``; 0 after an end), and the
            next invoice of the module once the change is made:
            ``next_invoice_date``, ``next_period_start``,
            ``next_period_end`` (``False`` when there is none) and
            ``next_invoice_amount``.
        """
        self.ensure_one()
        line = self._get_module_line_at(day)
        if values is None:
            date_effective = day + relativedelta(days=1)
            price_subtotal = 0.0
        else:
            line, date_effective = line._get_amendment_start(day)
            quantity = values.get("quantity", line.quantity)
            discount = values.get("discount", line.discount) or 0.0
            if price_unit is None:
                price_unit = values.get("specific_price", line.price_unit)
            price_subtotal = quantity * price_unit * (1 - discount / 100.0)
        last_day_current = date_effective - relativedelta(days=1)
        invoiced_days = [
            date
            for date in self._get_module_chain().mapped("last_date_invoiced")
            if date
        ]
        effect = {
            "date_effective": date_effective,
            "last_date_invoiced": max(invoiced_days, default=False),
            "last_day_current": last_day_current,
            "price_subtotal": price_subtotal,
            "next_invoice_date": False,
            "next_period_start": False,
            "next_period_end": False,
            "next_invoice_amount": 0.0,
        }
        invoiced = self._get_next_invoice_line()
        if invoiced:
            period_start = invoiced.next_period_date_start
        elif values is None:
            return effect
        else:
            # invoiced to its end (its renewal is not made yet): the new
            # terms are invoiced from the change, as the line recurs
            invoiced = line
            period_start = date_effective
        if period_start < date_effective:
            # the current terms, until the day before the change
            amount = invoiced.price_subtotal
            date_end = (
                min(invoiced.date_end, last_day_current)
                if invoiced.date_end
                else last_day_current
            )
        elif values is None:
            return effect  # ended before its next period
        else:
            # the new terms, on a line that runs as this one did (renewed
            # past its end when it renews itself)
            amount = price_subtotal
            date_end = (
                line.date_end
                if line.date_end and line.date_end >= period_start
                else False
            )
        effect.update(
            next_period_start=period_start,
            next_period_end=invoiced.get_next_period_date_end(
                period_start,
                invoiced.recurring_rule_type,
                invoiced.recurring_interval,
                max_date_end=date_end,
            ),
            next_invoice_date=invoiced.get_next_invoice_date(
                period_start,
                invoiced.recurring_invoicing_type,
                invoiced.recurring_invoicing_offset,
                invoiced.recurring_rule_type,
                invoiced.recurring_interval,
                max_date_end=date_end,
            ),
            next_invoice_amount=amount,
        )
        return effect

    # ------------------------------------------------------------------
    # The rules of an amendment, checked by every path before it writes
    # ------------------------------------------------------------------

    def _check_module_running(self, day):
        """Raise unless the module runs on ``day`` and may still change."""
        self.ensure_one()
        contract = self.contract_id
        if not contract.active:
            raise UserError(
                self.env._(
                    "The contract %(contract)s is archived: it can no longer change.",
                    contract=contract.display_name,
                )
            )
        if self.display_type or not self.product_id:
            raise UserError(
                self.env._("Only a contract line with a product can change.")
            )
        if self.is_canceled:
            raise UserError(
                self.env._(
                    "The contract line %(line)s was cancelled: it can no "
                    "longer change.",
                    line=self.name,
                )
            )
        first = self._get_module_chain()[:1]
        if day < first.date_start:
            raise UserError(
                self.env._(
                    "%(line)s starts on %(date)s: a change cannot start before.",
                    line=self.name,
                    date=format_date(self.env, first.date_start),
                )
            )
        end = self._get_module_end()
        if end and day > end:
            raise UserError(
                self.env._(
                    "%(line)s ends on %(date)s: a change cannot start after.",
                    line=self.name,
                    date=format_date(self.env, end),
                )
            )

    def _check_amendment_values(self, values):
        """Raise a clear error for values no contract line may have."""
        quantity = values.get("quantity")
        if quantity is not None and float_compare(quantity, 0.0, 2) <= 0:
            raise UserError(
                self.env._(
                    "The quantity of %(line)s must be at least 1: to end it, "
                    "cancel it.",
                    line=self.name or "",
                )
            )
        price = values.get("specific_price")
        if price is not None and price < 0:
            raise UserError(
                self.env._(
                    "The price of %(line)s cannot be negative.", line=self.name or ""
                )
            )
        discount = values.get("discount")
        if discount is not None and not 0.0 <= discount <= 100.0:
            raise UserError(
                self.env._(
                    "The discount of %(line)s must be between 0 and 100 %%.",
                    line=self.name or "",
                )
            )

    def _check_amendment(self, day, values, partner=None):
        """Every rule an amendment of this module from ``day`` must follow,
        for every path: the module runs on that day, the values are valid
        and, with ``partner``, the contract is that customer's."""
        self.ensure_one()
        if partner is not None and (
            self.contract_id.commercial_partner_id != partner.commercial_partner_id
        ):
            raise UserError(
                self.env._(
                    "The contract %(contract)s does not belong to %(customer)s.",
                    contract=self.contract_id.display_name,
                    customer=partner.commercial_partner_id.display_name,
                )
            )
        self._check_module_running(day)
        self._check_amendment_values(values)
        line = self._get_module_line_at(day)
        today = fields.Date.context_today(self)
        if line._get_amendment_date(day) <= line.date_start and (
            line.date_start <= today or line.last_date_invoiced
        ):
            raise UserError(
                self.env._(
                    "%(line)s started on %(date)s: a change can start the day "
                    "after at the earliest.",
                    line=line.name,
                    date=format_date(self.env, line.date_start),
                )
            )

    # ------------------------------------------------------------------
    # The changes
    # ------------------------------------------------------------------

    def _prepare_amendment_values(self, values):
        """The values written on the line that carries an amendment: the
        price as agreed, whatever the price list says later."""
        values = dict(values)
        if "specific_price" in values:
            # price_unit is OCA contract's inverse of the specific price
            values.update(automatic_price=False, price_unit=values["specific_price"])
        return values

    def _get_amendment_changes(self, values):
        """The part of ``values`` that differs from this line (a specific
        price is compared with the price the line invoices today)."""
        self.ensure_one()
        changes = {}
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for name, value in values.items():
            field = self._fields[name]
            if field.type == "many2one":
                differs = (value or False) != self[name].id
            elif name == "specific_price":
                differs = (
                    float_compare(value, self.price_unit, precision_digits=digits) != 0
                )
            elif field.type == "float":
                differs = (
                    float_compare(value or 0.0, self[name], precision_digits=6) != 0
                )
            else:
                differs = value != self[name]
            if differs:
                changes[name] = value
        return changes

    def _format_amendment_value(self, name, value):
        """``value`` of the field ``name`` as the customer reads it."""
        self.ensure_one()
        field = self._fields[name]
        if field.type == "many2one":
            return self.env[field.comodel_name].browse(value).display_name
        if name in ("specific_price", "price_unit"):
            return format_amount(self.env, value, self.contract_id.currency_id)
        if name == "discount":
            return f"{value:g} %"
        if field.type == "float":
            return f"{value:g}"
        return value

    def _get_amendment_description(self, changes, day, origin=None):
        """What an amendment changes, in words, for the contract's history."""
        self.ensure_one()
        items = []
        for name, value in changes.items():
            if name in ("automatic_price", "name"):
                continue
            if name == "specific_price":
                label = self._fields["price_unit"]._description_string(self.env)
                old = self._format_amendment_value(name, self.price_unit)
            else:
                label = self._fields[name]._description_string(self.env)
                old = self._format_amendment_value(
                    name,
                    self[name].id
                    if self._fields[name].type == "many2one"
                    else self[name],
                )
            items.append(
                self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=label,
                    old=old,
                    new=self._format_amendment_value(name, value),
                )
            )
        if origin:
            return self.env._(
                "%(line)s changes from %(date)s (%(origin)s). %(changes)s",
                line=self.name,
                date=format_date(self.env, day),
                origin=origin,
                changes="; ".join(items),
            )
        return self.env._(
            "%(line)s changes from %(date)s. %(changes)s",
            line=self.name,
            date=format_date(self.env, day),
            changes="; ".join(items),
        )

    def _amend(self, day, values, origin=None):
        """Change the module of this line from ``day`` on to ``values``
        (fields of ``AMENDABLE_FIELDS``; ``origin`` names who asked, for the
        history). Returns the line that carries the values on ``day``; the
        lines planned after it (renewals, a planned change) get the new
        quantity, and the new price where they keep the product. Applying
        the same amendment again changes nothing.
        """
        self.ensure_one()
        unknown = set(values) - set(AMENDABLE_FIELDS)
        if unknown:
            raise UserError(
                self.env._(
                    "These fields of a contract line cannot be amended: %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        self._lock_module()
        self._check_amendment(day, values)
        line = self._renew_module_until(day)
        start_line, day = line._get_amendment_start(day)
        if start_line != line:
            # invoiced until the end of this line: the change starts with the
            # next line of the module
            start_line._check_module_running(day)
            line = start_line
        changes = line._get_amendment_changes(values)
        if not changes:
            return line
        if "specific_price" in values:
            changes["specific_price"] = values["specific_price"]
        description = line._get_amendment_description(changes, day, origin)
        write_values = line._prepare_amendment_values(changes)
        later = line._get_module_chain() - line
        if day <= line.date_start:
            # neither started nor invoiced: nothing of it to keep
            line.write(write_values)
            amended = line
        else:
            amended = line._split_module(day, write_values)
        later._follow_amendment(amended, write_values)
        amended.contract_id._record_amendment(day, description)
        return amended

    def _split_module(self, day, values):
        """Stop this line the day before ``day`` and plan the successor that
        carries ``values`` until this line's end (contract_line_successor);
        the line that followed it follows the successor."""
        self.ensure_one()
        next_line = self.successor_contract_line_id
        date_end = self.date_end
        is_auto_renew = self.is_auto_renew and not next_line
        if next_line:
            self.successor_contract_line_id = False
        self.stop(day - relativedelta(days=1), post_message=False)
        successor = self.with_context(
            contract_amendment_values={self.id: values}
        ).plan_successor(day, date_end, is_auto_renew, post_message=False)
        if next_line:
            successor.successor_contract_line_id = next_line
            next_line.predecessor_contract_line_id = successor
        return successor.with_env(self.env)

    def _follow_amendment(self, amended, values):
        """The lines planned after an amendment take its quantity, and its
        price where they sell the same product; one already invoiced takes
        them after its invoiced period."""
        for line in self.filtered(lambda line: not line.is_canceled):
            follow = {
                name: value
                for name, value in values.items()
                if name == "quantity"
                or (
                    line.product_id == amended.product_id
                    and name in ("automatic_price", "specific_price", "discount")
                )
            }
            if not follow or not line._get_amendment_changes(follow):
                continue
            if not line.last_date_invoiced:
                line.write(follow)
            elif not line.date_end or line.last_date_invoiced < line.date_end:
                line._split_module(
                    line.last_date_invoiced + relativedelta(days=1), follow
                )

    def _end_module(self, date_end):
        """End the module of this line on ``date_end``.

        The renewal job's own ``renew()`` first renews an auto-renewing
        module up to ``date_end`` when it must run past its current term;
        the line running on ``date_end`` stops then, and the lines planned
        after it are cancelled. Returns the line that ends the module.
        """
        self.ensure_one()
        self._lock_module()
        self._check_module_running(date_end)
        line = self._renew_module_until(date_end)
        if line.last_date_invoiced and date_end < line.last_date_invoiced:
            raise UserError(
                self.env._(
                    "%(line)s is already invoiced until %(date)s: it can end on "
                    "that date or later.",
                    line=line.name,
                    date=format_date(self.env, line.last_date_invoiced),
                )
            )
        later = line._get_module_chain() - line
        if later:
            line.successor_contract_line_id = False
            later.filtered(lambda other: not other.is_canceled).write(
                {"is_canceled": True, "is_auto_renew": False}
            )
        if line.date_end != date_end or line.is_auto_renew:
            line.stop(date_end, post_message=False)
        return line

    @api.model
    def _get_contract_line_dates_from_product(self, product, date_start):
        """Start and end of a contract line of the contract product
        ``product`` from ``date_start``: its term is a number of invoicing
        periods (none: until stopped)."""
        template = product.product_tmpl_id
        if not template.contract_duration:
            return date_start, False
        return date_start, self._get_first_date_end(
            date_start,
            template.contract_recurring_rule_type,
            template.contract_recurring_interval * template.contract_duration,
        )
