# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# "1 month", "3 months": the units of OCA contract's recurrences and notice
# periods as the customer reads them (OCA's selection labels read "Month(s)"
# and are not translated in every language of the page).
DURATION_LABELS = {
    "daily": (_lt("%(count)s day"), _lt("%(count)s days")),
    "weekly": (_lt("%(count)s week"), _lt("%(count)s weeks")),
    "monthly": (_lt("%(count)s month"), _lt("%(count)s months")),
    "monthlylastday": (
        _lt("%(count)s month (to the last day)"),
        _lt("%(count)s months (to the last day)"),
    ),
    "quarterly": (_lt("%(count)s quarter"), _lt("%(count)s quarters")),
    "semesterly": (_lt("%(count)s half-year"), _lt("%(count)s half-years")),
    "yearly": (_lt("%(count)s year"), _lt("%(count)s years")),
}


class ContractLine(models.Model):
    _inherit = "contract.line"

    contract_portal_info_ids = fields.One2many(
        comodel_name="contract.line.info",
        inverse_name="contract_line_id",
        string="Module information",
        copy=True,
    )
    addon_parent_line_id = fields.Many2one(
        comodel_name="contract.line",
        string="Add-on option of",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        domain="[('contract_id', '=', contract_id), ('display_type', '=', False), "
        "('id', '!=', id)]",
        help="The module (tariff) this add-on option belongs to.",
    )
    addon_line_ids = fields.One2many(
        comodel_name="contract.line",
        inverse_name="addon_parent_line_id",
        string="Add-on options",
    )

    # ------------------------------------------------------------------
    # State and dates shown on the contract-management page
    # ------------------------------------------------------------------

    def _get_contract_portal_state(self, today=None):
        """The state of the module: upcoming, active, ending or ended.

        The module is the line and the successors planned for it (a renewal
        into a new line, a change from a date): it ends when the last of them
        ends. An auto-renewing module is active, also past its end date
        while it waits for the renewal job of contract_line_successor.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        if self.date_start and self.date_start > today:
            return "upcoming"
        end = self._get_module_end()
        if not end:
            return "active"
        if end < today:
            return "ended"
        return "ending"

    def _is_contract_portal_shown(self, today=None):
        """Whether the page shows this line: one line per module, the one
        that runs (a change planned after it is shown on it, a line replaced
        by its successor is not). The routes act on shown lines only."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        if self.display_type or self.is_canceled:
            return False
        predecessor = self.predecessor_contract_line_id
        if predecessor and not predecessor.is_canceled and self.date_start > today:
            return False  # a planned change, shown on its predecessor
        successor = self.successor_contract_line_id
        if (
            successor
            and not successor.is_canceled
            and self.date_end
            and self.date_end < today
        ):
            return False  # replaced by its successor
        return True

    def _get_contract_portal_pending_change(self, today=None):
        """The line planned after this one that does not run yet."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        successor = self.successor_contract_line_id
        if successor and not successor.is_canceled and successor.date_start > today:
            return successor
        return self.browse()

    @api.model
    def _get_contract_portal_duration_text(self, count, rule_type):
        """``count`` units of ``rule_type`` in the user's language."""
        singular, plural = DURATION_LABELS[rule_type]
        return self.env._(singular if count == 1 else plural) % {"count": count}

    def _get_contract_portal_period_text(self):
        """How often the module is invoiced ("1 month")."""
        self.ensure_one()
        return self._get_contract_portal_duration_text(
            self.recurring_interval or 1, self.recurring_rule_type
        )

    def _get_contract_portal_notice_text(self):
        """The notice period of the module ("3 months")."""
        self.ensure_one()
        return self._get_contract_portal_duration_text(
            self.termination_notice_interval or 0,
            self.termination_notice_rule_type or "monthly",
        )

    # ------------------------------------------------------------------
    # Tariffs, prices and add-on options
    # ------------------------------------------------------------------

    def _get_contract_portal_tariff_alternatives(self):
        """The tariffs this module may change to (configured on the product)."""
        self.ensure_one()
        return self.product_id.product_tmpl_id.contract_tariff_alternative_ids - (
            self.product_id
        )

    def _get_contract_portal_addon_options(self):
        """The add-on options a manager may add to this module."""
        self.ensure_one()
        return self.product_id.product_tmpl_id.contract_addon_option_ids

    def _get_contract_portal_pricelist(self):
        """The price list OCA contract prices the line with."""
        self.ensure_one()
        return self.contract_id._get_contract_portal_pricelist()

    def _get_contract_portal_tariff_prices(self, products, quantity=None):
        """The unit prices of ``products`` for the customer of this module
        (``{product id: price}``), at the module's quantity by default; the
        list prices without a price list."""
        self.ensure_one()
        return self._get_contract_portal_pricelist()._get_products_price(
            products, quantity or self.quantity or 1.0
        )

    def _get_contract_portal_prices(self):
        """Unit prices of the lines, computed in batch.

        Same result as ``price_unit`` (the pricelist rule applicable to the
        product and quantity), with one rule search per pricelist instead of
        one per automatically priced line.
        """
        prices = {}
        groups = defaultdict(lambda: self.browse())
        for line in self:
            if line.automatic_price and line.product_id:
                groups[line._get_contract_portal_pricelist()] |= line
            else:
                prices[line.id] = line.specific_price
        now = fields.Datetime.now()
        for pricelist, lines in groups.items():
            if not pricelist:
                for line in lines:
                    prices[line.id] = line.product_id.lst_price
                continue
            rules = pricelist._get_applicable_rules(lines.product_id, now)
            currency = pricelist.currency_id or self.env.company.currency_id
            for line in lines:
                product = line.product_id
                rule = next(
                    (
                        rule
                        for rule in rules
                        if rule._is_applicable_for(product, line.quantity)
                    ),
                    rules.browse(),
                )
                prices[line.id] = rule._compute_price(
                    product, line.quantity, product.uom_id, date=now, currency=currency
                )
        return prices

    def _get_contract_portal_price_items(self):
        """The price list (pricelist items) of each line's tariff."""
        pricelist_by_line = {
            line.id: line._get_contract_portal_pricelist() for line in self
        }
        pricelists = self.env["product.pricelist"].union(*pricelist_by_line.values())
        result = defaultdict(lambda: self.env["product.pricelist.item"])
        if not pricelists or not self.product_id:
            return result
        items = (
            self.env["product.pricelist.item"]
            .sudo()
            .search(
                [
                    ("pricelist_id", "in", pricelists.ids),
                    "|",
                    ("product_tmpl_id", "in", self.product_id.product_tmpl_id.ids),
                    ("product_id", "in", self.product_id.ids),
                ],
                order="min_quantity, id",
            )
        )
        for line in self:
            pricelist = pricelist_by_line[line.id]
            result[line.id] = items.filtered(
                lambda item, line=line, pricelist=pricelist: item.pricelist_id
                == pricelist
                and (
                    item.product_id == line.product_id
                    or (
                        not item.product_id
                        and item.product_tmpl_id == line.product_id.product_tmpl_id
                    )
                )
            )
        return result

    # ------------------------------------------------------------------
    # Rows of the "Modules" section
    # ------------------------------------------------------------------

    def _get_contract_portal_module_rows(self):
        """The modules of the page, built from all lines of an account.

        A tariff change is one row until it happens: the pending successor
        line is shown on its predecessor ("changes to ... on ..."), a
        replaced line disappears once its successor runs. Add-on options
        are shown under their module. No query per line: everything is read
        in batch.
        """
        today = fields.Date.context_today(self)
        lines = self.filtered(
            lambda line: not line.display_type and not line.is_canceled
        )
        line_ids = set(lines.ids)
        visible = lines.filtered(lambda line: line._is_contract_portal_shown(today))
        # Read in batch what every row shows.
        lines.contract_portal_info_ids.fetch(
            ["sequence", "name", "value", "customer_editable"]
        )
        lines.product_id.mapped("display_name")
        price_items = lines._get_contract_portal_price_items()
        prices = lines._get_contract_portal_prices()

        def make_row(line):
            successor = line._get_contract_portal_pending_change(today)
            state = line._get_contract_portal_state(today)
            changeable = line._is_contract_portal_changeable()
            price = prices.get(line.id, 0.0)
            return {
                "line": line,
                "state": state,
                "status": line._get_contract_portal_status_text(state, successor),
                "successor": successor,
                "successor_price": prices.get(successor.id, 0.0),
                "price_unit": price,
                "subtotal": line.quantity * price * (1 - (line.discount or 0.0) / 100),
                "price_items": price_items[line.id],
                "infos": (
                    line.contract_portal_info_ids | successor.contract_portal_info_ids
                ).sorted(lambda info: (info.sequence, info.id)),
                "can_cancel": changeable,
                "can_change_tariff": changeable
                and bool(line._get_contract_portal_tariff_alternatives()),
                "can_add_option": state != "ended"
                and not successor
                and bool(line._get_contract_portal_addon_options()),
                "options": [],
            }

        rows = []
        rows_by_line = {}
        options = visible.filtered(
            lambda line: line.addon_parent_line_id.id in line_ids
        )
        for line in visible - options:
            row = make_row(line)
            rows.append(row)
            rows_by_line[line.id] = row
            if row["successor"]:
                rows_by_line[row["successor"].id] = row
        for option in options:
            parent_row = rows_by_line.get(option.addon_parent_line_id.id)
            if parent_row:
                parent_row["options"].append(make_row(option))
            elif not (option.date_end and option.date_end < today):
                # Its module is no longer shown: the option goes on alone.
                rows.append(make_row(option))
        return rows

    # ------------------------------------------------------------------
    # Changes from the contract-management page
    # ------------------------------------------------------------------

    def _get_contract_portal_account(self):
        self.ensure_one()
        return self.contract_id.commercial_partner_id

    def _is_contract_portal_changeable(self):
        """Whether the module may be cancelled or change its tariff now: the
        one rule of the page, its forms and the server."""
        self.ensure_one()
        try:
            self._check_contract_portal_changeable()
        except UserError:
            return False
        return True

    def _check_contract_portal_changeable(self):
        """The module shown on the page may be cancelled or change its
        tariff: it runs, does not end yet and has no tariff change planned."""
        self.ensure_one()
        if not self._is_contract_portal_shown():
            raise UserError(self.env._("This module cannot be changed."))
        pending = self._get_contract_portal_pending_change()
        if pending and pending.product_id != self.product_id:
            raise UserError(
                self.env._(
                    "A change of %(module)s is already planned on %(date)s.",
                    module=self.name,
                    date=format_date(self.env, pending.date_start),
                )
            )
        state = self._get_contract_portal_state()
        if state == "ended":
            raise UserError(
                self.env._("%(module)s has already ended.", module=self.name)
            )
        if state == "ending":
            raise UserError(
                self.env._(
                    "%(module)s already ends on %(date)s.",
                    module=self.name,
                    date=format_date(self.env, self._get_module_end()),
                )
            )

    def _check_contract_portal_end_date(self, date_end):
        """A date chosen by a manager must keep the invoicing consistent."""
        self.ensure_one()
        if date_end < self.date_start:
            raise UserError(
                self.env._(
                    "%(module)s cannot end before it starts (%(date)s).",
                    module=self.name,
                    date=format_date(self.env, self.date_start),
                )
            )
        line = self._get_module_line_at(date_end)
        if line.last_date_invoiced and date_end < line.last_date_invoiced:
            raise UserError(
                self.env._(
                    "%(module)s is already invoiced until %(date)s: choose that "
                    "date or a later one.",
                    module=self.name,
                    date=format_date(self.env, line.last_date_invoiced),
                )
            )

    def _contract_portal_end_options(self, date_end):
        """End the add-on options of the module with it."""
        for option in self.addon_line_ids.filtered(
            lambda line: not line.is_canceled
            and (not line.date_end or line.date_end > date_end or line.is_auto_renew)
        ):
            if option.date_start > date_end:
                option.cancel()
            else:
                option._end_module(date_end)

    def _get_contract_portal_cancel_effect(self, date_end=None):
        """What cancelling the module at ``date_end`` (default: the earliest
        date the notice allows, as the cancellation applies) does to its
        invoicing: ``contract.line._get_change_effect``."""
        self.ensure_one()
        return self._get_change_effect(date_end or self._get_earliest_end_date())

    def _get_contract_portal_tariff_effects(self, products, date_start=None):
        """What changing the tariff to each of ``products`` from
        ``date_start`` (default: the earliest date allowed, as the change
        applies) does to the invoicing: ``{product id: effect}``."""
        self.ensure_one()
        date_start = date_start or self._get_earliest_change_date()
        prices = self._get_contract_portal_tariff_prices(products)
        return {
            product.id: self._get_change_effect(
                date_start,
                self._prepare_contract_portal_successor_values(product),
                price_unit=prices[product.id],
            )
            for product in products
        }

    def _contract_portal_cancel(self, date_end=None):
        """Cancel the module at the earliest date the notice allows.

        Only a contract manager may pass another ``date_end``.
        :return: the last day of the module
        """
        self.ensure_one()
        permissions = {"module_cancel"}
        if date_end:
            permissions.add("module_choose_date")
        self.sudo()._get_contract_portal_account()._check_contract_portal_permission(
            permissions
        )
        return self.sudo()._contract_portal_apply_cancel(date_end)

    def _contract_portal_apply_cancel(self, date_end):
        self._lock_module()
        self._check_contract_portal_changeable()
        date_end = date_end or self._get_earliest_end_date()
        self._check_contract_portal_end_date(date_end)
        # the options may follow any line of the module (handed over)
        module = self._get_module_chain()
        self._end_module(date_end)
        module._contract_portal_end_options(date_end)
        self.contract_id.message_post(
            body=Markup("%s")
            % self.env._(
                "%(user)s cancelled %(module)s on the contract-management page: "
                "it ends on %(date)s.",
                user=self.env.user.name,
                module=self.name,
                date=format_date(self.env, date_end),
            ),
        )
        return date_end

    def _prepare_contract_portal_successor_values(self, product):
        """Values of the successor line when the tariff changes to ``product``."""
        self.ensure_one()
        partner = self.contract_id.partner_id
        values = {
            "product_id": product.id,
            "name": product.with_context(
                lang=partner.lang, partner=partner.id
            ).get_product_multiline_description_sale(),
            "uom_id": product.uom_id.id,
        }
        if not self.automatic_price:
            price = self._get_contract_portal_tariff_prices(product)[product.id]
            values["specific_price"] = price
        return values

    def _contract_portal_change_tariff(self, product, date_start=None):
        """Change the tariff to ``product`` at the earliest date allowed.

        The line stops the day before and a successor line with the new
        tariff is planned (contract_line_successor). Only a contract manager
        may pass another ``date_start``.
        :return: the successor line
        """
        self.ensure_one()
        permissions = {"module_change_tariff"}
        if date_start:
            permissions.add("module_choose_date")
        self.sudo()._get_contract_portal_account()._check_contract_portal_permission(
            permissions
        )
        return self.sudo()._contract_portal_apply_change_tariff(product, date_start)

    def _contract_portal_apply_change_tariff(self, product, date_start):
        if not product:
            raise UserError(self.env._("Please choose the new tariff."))
        self._lock_module()
        self._check_contract_portal_changeable()
        if product not in self._get_contract_portal_tariff_alternatives():
            raise UserError(
                self.env._(
                    "%(module)s cannot change to %(tariff)s.",
                    module=self.name,
                    tariff=product.display_name,
                )
            )
        date_start = date_start or self._get_earliest_change_date()
        self._check_contract_portal_end_date(date_start - relativedelta(days=1))
        old_tariff = self.product_id.display_name
        successor = self._amend(
            date_start,
            self._prepare_contract_portal_successor_values(product),
            origin=self.env._("contract-management page"),
        )
        self.contract_id.message_post(
            body=Markup("%s")
            % self.env._(
                "%(user)s changed the tariff on the contract-management page: "
                "%(old)s → %(new)s from %(date)s.",
                user=self.env.user.name,
                old=old_tariff,
                new=product.display_name,
                date=format_date(self.env, successor.date_start),
            ),
        )
        return successor

    def _contract_portal_add_option(self, product, date_start=None):
        """Add the add-on option ``product`` to the module (managers only)."""
        self.ensure_one()
        self.sudo()._get_contract_portal_account()._check_contract_portal_permission(
            {"module_add_option"}
        )
        return self.sudo()._contract_portal_apply_add_option(product, date_start)

    def _contract_portal_apply_add_option(self, product, date_start):
        if not product:
            raise UserError(self.env._("Please choose the option to add."))
        self._lock_module()
        if product not in self._get_contract_portal_addon_options():
            raise UserError(
                self.env._(
                    "%(option)s is not an add-on option of %(module)s.",
                    option=product.display_name,
                    module=self.name,
                )
            )
        if not self._is_contract_portal_shown() or (
            self._get_contract_portal_pending_change()
        ):
            raise UserError(
                self.env._(
                    "Options cannot be added to %(module)s now.", module=self.name
                )
            )
        today = fields.Date.context_today(self)
        date_start = date_start or max(today, self.date_start)
        if date_start < self.date_start or (
            self.date_end and date_start > self.date_end
        ):
            raise UserError(
                self.env._(
                    "The option must start while %(module)s runs.", module=self.name
                )
            )
        running = self.addon_line_ids.filtered(
            lambda line: line.product_id == product
            and not line.is_canceled
            and (not line.date_end or line.date_end >= date_start)
        )
        if running:
            raise UserError(
                self.env._(
                    "%(option)s is already an option of %(module)s.",
                    option=product.display_name,
                    module=self.name,
                )
            )
        option = self.contract_id._add_amendment_lines(
            [self._prepare_contract_portal_option_values(product, date_start)]
        )
        self.contract_id.message_post(
            body=Markup("%s")
            % self.env._(
                "%(user)s added the option %(option)s to %(module)s from %(date)s.",
                user=self.env.user.name,
                option=product.display_name,
                module=self.name,
                date=format_date(self.env, date_start),
            ),
        )
        return option

    def _prepare_contract_portal_option_values(self, product, date_start):
        self.ensure_one()
        partner = self.contract_id.partner_id
        values = {
            "contract_id": self.contract_id.id,
            "addon_parent_line_id": self.id,
            "sequence": self.sequence,
            "product_id": product.id,
            "name": product.with_context(
                lang=partner.lang, partner=partner.id
            ).get_product_multiline_description_sale(),
            "uom_id": product.uom_id.id,
            "quantity": 1.0,
            "automatic_price": self.automatic_price,
            "recurring_rule_type": self.recurring_rule_type,
            "recurring_interval": self.recurring_interval,
            "recurring_invoicing_type": self.recurring_invoicing_type,
            "date_start": date_start,
            "date_end": self.date_end,
            "is_auto_renew": self.is_auto_renew,
            "auto_renew_rule_type": self.auto_renew_rule_type,
            "auto_renew_interval": self.auto_renew_interval,
            "termination_notice_interval": self.termination_notice_interval,
            "termination_notice_rule_type": self.termination_notice_rule_type,
        }
        if not self.automatic_price:
            values["specific_price"] = self._get_contract_portal_tariff_prices(
                product, quantity=values["quantity"]
            )[product.id]
        return values

    def _contract_portal_write_info(self, values):
        """Write module information from the page (not once the module ended).

        :param dict values: ``{contract.line.info id: new value}``; every item
            must belong to the module (or to its planned successor)
        """
        self.ensure_one()
        line = self.sudo()
        account = line._get_contract_portal_account()
        infos = self.env["contract.line.info"].sudo().browse(list(values)).exists()
        allowed_lines = line | line.successor_contract_line_id
        if len(infos) != len(values) or infos.contract_line_id - allowed_lines:
            raise UserError(
                self.env._("This information does not belong to the module.")
            )
        permissions = {"module_info"}
        if infos.filtered(lambda info: not info.customer_editable):
            permissions.add("module_info_restricted")
        account._check_contract_portal_permission(permissions)
        if line._get_contract_portal_state() == "ended":
            raise UserError(
                self.env._("%(module)s has already ended.", module=line.name)
            )
        changes = []
        for info in infos:
            new_value = (values[info.id] or "").strip()
            if new_value != (info.value or ""):
                changes.append((info, info.value or "", new_value))
                info.value = new_value
        if changes:
            items = Markup("").join(
                Markup("<li>%s: %s → %s</li>") % (info.name, old or "-", new or "-")
                for info, old, new in changes
            )
            line.contract_id.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._(
                        "%(user)s changed the information of %(module)s:",
                        user=self.env.user.name,
                        module=line.name,
                    ),
                    items,
                ),
            )
        return len(changes)

    # ------------------------------------------------------------------
    # contract_line_successor: module information and options follow
    # ------------------------------------------------------------------

    def _prepare_value_for_plan_successor(
        self, date_start, date_end, is_auto_renew, recurring_next_date=False
    ):
        values = super()._prepare_value_for_plan_successor(
            date_start, date_end, is_auto_renew, recurring_next_date
        )
        # Moved to the successor by plan_successor(), never copied.
        values.pop("contract_portal_info_ids", None)
        values.pop("addon_line_ids", None)
        return values

    def plan_successor(
        self,
        date_start,
        date_end,
        is_auto_renew,
        recurring_next_date=False,
        post_message=True,
    ):
        successors = super().plan_successor(
            date_start,
            date_end,
            is_auto_renew,
            recurring_next_date=recurring_next_date,
            post_message=post_message,
        )
        for line in self:
            successor = line.successor_contract_line_id
            if successor:
                line._contract_portal_hand_over(successor)
        return successors

    def _contract_portal_hand_over(self, successor):
        """Move the module information and the add-on options that go on
        running to the successor line; options the new tariff does not offer
        end with the old one."""
        self.ensure_one()
        self.contract_portal_info_ids.write({"contract_line_id": successor.id})
        # Options go on when they have no end, end later or renew themselves.
        running = self.addon_line_ids.filtered(
            lambda line: not line.is_canceled
            and (
                not line.date_end
                or line.date_end >= successor.date_start
                or line.is_auto_renew
            )
        )
        allowed = successor._get_contract_portal_addon_options()
        kept = running.filtered(
            lambda line: successor.product_id == self.product_id
            or line.product_id in allowed
        )
        kept.write({"addon_parent_line_id": successor.id})
        last_day = successor.date_start - relativedelta(days=1)
        for option in running - kept:
            if option.date_start > last_day:
                option.cancel()
            else:
                option._end_module(last_day)

    def _get_contract_portal_status_text(self, state, successor=None):
        """The sentence that tells the customer where the module stands."""
        self.ensure_one()
        if successor and successor.product_id != self.product_id:
            return self.env._(
                "Changes to %(tariff)s on %(date)s.",
                tariff=successor.product_id.display_name or successor.name,
                date=format_date(self.env, successor.date_start),
            )
        if successor and successor.quantity != self.quantity:
            return self.env._(
                "Changes to a quantity of %(quantity)s on %(date)s.",
                quantity=f"{successor.quantity:g}",
                date=format_date(self.env, successor.date_start),
            )
        if successor:
            return self.env._(
                "Continues from %(date)s.",
                date=format_date(self.env, successor.date_start),
            )
        if state == "ending":
            return self.env._(
                "Ends on %(date)s.", date=format_date(self.env, self.date_end)
            )
        if state == "ended":
            return self.env._(
                "Ended on %(date)s.", date=format_date(self.env, self.date_end)
            )
        if state == "upcoming":
            return self.env._(
                "Starts on %(date)s.", date=format_date(self.env, self.date_start)
            )
        if self.is_auto_renew and self.date_end:
            return self.env._(
                "Active since %(start)s, renews automatically after %(end)s.",
                start=format_date(self.env, self.date_start),
                end=format_date(self.env, self.date_end),
            )
        return self.env._(
            "Active since %(date)s.", date=format_date(self.env, self.date_start)
        )

    @api.model
    def _get_contract_portal_state_labels(self):
        return {
            "upcoming": self.env._("Upcoming"),
            "active": self.env._("Active"),
            "ending": self.env._("Ending"),
            "ended": self.env._("Ended"),
        }
