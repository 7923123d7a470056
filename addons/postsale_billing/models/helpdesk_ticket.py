# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from odoo.addons.queue_job.exception import RetryableJobError

from .postsale_billing_config import DEFAULT_BACKGROUND_THRESHOLD

# Seconds before a chunk that met a concurrent billing runs again, drawn at
# random in this range so that two colliding chunks do not collide again.
CHUNK_RETRY_SECONDS = (2, 20)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    postsale_activity_ids = fields.One2many(
        comodel_name="mail.activity",
        inverse_name="res_id",
        string="Closed activities",
        domain=[("active", "=", False)],
        context={"active_test": False},
        bypass_search_access=True,
        groups="base.group_user",
    )
    postsale_billable_count = fields.Integer(
        string="Activities to bill",
        compute="_compute_postsale_billing_counts",
        groups="base.group_user",
    )
    postsale_billed_count = fields.Integer(
        string="Billed activities",
        compute="_compute_postsale_billing_counts",
        groups="base.group_user",
    )
    postsale_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="postsale_ticket_id",
        string="Orders",
        groups="sales_team.group_sale_salesman",
    )
    postsale_order_count = fields.Integer(
        string="Order count",
        compute="_compute_postsale_order_count",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("postsale_activity_ids.billing_state")
    def _compute_postsale_billing_counts(self):
        counts = defaultdict(int)
        ticket_ids = [tid for tid in self._origin.ids if tid]
        if ticket_ids:
            groups = (
                self.env["mail.activity"]
                .with_context(active_test=False)
                ._read_group(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", ticket_ids),
                        ("billing_state", "in", ("billable", "billed")),
                    ],
                    ["res_id", "billing_state"],
                    ["__count"],
                )
            )
            for res_id, state, count in groups:
                counts[res_id, state] = count
        for ticket in self:
            ticket.postsale_billable_count = counts[ticket._origin.id, "billable"]
            ticket.postsale_billed_count = counts[ticket._origin.id, "billed"]

    @api.depends("postsale_order_ids")
    def _compute_postsale_order_count(self):
        groups = self.env["sale.order"]._read_group(
            [("postsale_ticket_id", "in", self._origin.ids)],
            ["postsale_ticket_id"],
            ["__count"],
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.postsale_order_count = counts.get(ticket._origin.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_order(self):
        """ "Create order" on a ticket: one order for its billable activities."""
        self.ensure_one()
        self.check_access("write")
        orders, skipped = self._create_activity_orders()
        if not orders:
            raise UserError(
                self.env._(
                    "No order was created for ticket %(ticket)s: %(reason)s",
                    ticket=self.display_name,
                    reason=skipped[0][1] if skipped else "",
                )
            )
        return self.env["postsale.billing.result"]._action_show(
            orders, self._get_billing_result_rows(orders, skipped)
        )

    def action_invoice_activities(self):
        """ "Invoice activities" on the ticket list: one order per ticket.

        Above the company's threshold the tickets are billed in the
        background, by queue jobs, and the user is told when it is done.
        """
        if not self:
            raise UserError(self.env._("Select the tickets whose activities to bill."))
        threshold = self._get_activity_billing_background_threshold()
        if threshold and len(self) > threshold:
            return self._invoice_activities_in_background()
        orders, skipped = self._create_activity_orders()
        return self.env["postsale.billing.result"]._action_show(
            orders, self._get_billing_result_rows(orders, skipped)
        )

    def _get_activity_billing_background_threshold(self):
        """Above this many tickets "Invoice activities" runs in the
        background (0: never): the setting of the current company's ticket
        activities configuration."""
        config = (
            self.env["postsale.billing.config"]
            ._get_company_configs(self.env.company, "ticket_activity")
            .get(self.env.company.id)
        )
        return (
            config.background_threshold
            if config is not None
            else DEFAULT_BACKGROUND_THRESHOLD
        )

    def _invoice_activities_in_background(self):
        """Enqueue the billing of these tickets and tell the user at once."""
        batch = (
            self.env["postsale.billing.batch"]
            .sudo()
            .with_context(mail_create_nolog=True)
            .create(self._prepare_billing_batch_values())
            .with_env(self.env)
        )
        batch._enqueue_jobs(self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Invoice activities in the background"),
                "message": self.env._(
                    "%(count)s tickets are being billed in the background. You "
                    "will get the summary (orders made, tickets skipped and "
                    "why) as a notification and in your inbox when it is done.",
                    count=len(self),
                ),
                "sticky": False,
            },
        }

    def _prepare_billing_batch_values(self):
        return {
            "name": self.env._(
                "%(count)s tickets, %(date)s",
                count=len(self),
                date=format_datetime(
                    self.env, fields.Datetime.now(), dt_format="short"
                ),
            ),
            "user_id": self.env.user.id,
            "company_id": self.env.company.id,
            "ticket_ids": [Command.set(self.ids)],
            "ticket_count": len(self),
        }

    def _create_activity_orders_for_batch(self, batch):
        """One job of a background "Invoice activities": bill these tickets
        and keep the outcome of each on ``batch``.

        The job is its own transaction: the orders and the outcome are
        committed together or not at all. Run again (a retry, or a chunk
        requeued by hand), it leaves the tickets it already did alone; the
        activities' lock and the unique order line per activity keep any
        other path from billing them a second time.
        """
        done = (
            self.env["postsale.billing.batch.line"]
            .sudo()
            .search([("batch_id", "=", batch.id), ("ticket_id", "in", self.ids)])
            .ticket_id
        )
        tickets = self - done
        if not tickets:
            return self.env._("Nothing left to bill.")
        try:
            orders, skipped = tickets._create_activity_orders()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            # Another user or job billed some of these tickets since this
            # transaction started: run again later, from a fresh snapshot,
            # where they are billed and get skipped.
            raise RetryableJobError(
                self.env._(
                    "Some of these tickets are being billed at the same time "
                    "by someone else: retried later."
                ),
                seconds=CHUNK_RETRY_SECONDS,
            ) from error
        batch._record_outcome(tickets._get_billing_result_rows(orders, skipped))
        return self.env._(
            "%(orders)s order(s) created, %(skipped)s ticket(s) skipped.",
            orders=len(orders),
            skipped=len(skipped),
        )

    def action_view_postsale_orders(self):
        self.ensure_one()
        return self.postsale_order_ids._get_records_action(
            name=self.env._("Orders of ticket %(ticket)s", ticket=self.number)
        )

    def _get_billing_result_rows(self, orders, skipped):
        # The orders were just made for this user, who may not manage orders.
        rows = [
            {
                "ticket": order.postsale_ticket_id,
                "source": order.postsale_ticket_id.display_name,
                "order": order,
            }
            for order in orders.sudo()
        ]
        readable = self.browse(ticket.id for ticket, _reason in skipped)
        readable = readable._filtered_access("read")
        rows += [
            {
                "ticket": ticket,
                "source": ticket.display_name
                if ticket in readable
                else self.env._("Ticket #%(id)s", id=ticket.id),
                "reason": reason,
            }
            for ticket, reason in skipped
        ]
        return rows

    # ------------------------------------------------------------------
    # Billing of closed activities (B3, B8, B9)
    # ------------------------------------------------------------------

    def _create_activity_orders(self):
        """Bill the closed billable activities of the tickets in ``self``.

        One order per ticket with something to bill, all created by a single
        ``sale.order.create()``; one line per billable activity, which keeps
        the line that billed it. The activities are locked first, so two
        users billing the same ticket at the same time cannot both bill it
        (the second one waits, then fails on the concurrent update and is
        retried by the server, or finds nothing left to bill); the unique
        index on the order line's activity is the last guard.

        :return: ``(orders, skipped)`` where ``skipped`` is a list of
            ``(ticket, reason)`` for the tickets without an order.
        """
        skipped = []
        companies = self.env.companies
        tickets = self.filtered(lambda ticket: ticket.sudo().company_id in companies)
        for ticket in self - tickets:
            skipped.append(
                (
                    ticket,
                    self.env._(
                        "The ticket belongs to %(company)s, which is not among "
                        "your selected companies.",
                        company=ticket.sudo().company_id.name,
                    ),
                )
            )
        writable = tickets._filtered_access("write")
        for ticket in tickets - writable:
            skipped.append(
                (ticket, self.env._("You are not allowed to modify this ticket."))
            )
        # The access to the tickets is checked: the rest runs as superuser,
        # so that users who do not manage sale orders can still bill them.
        tickets = writable.sudo()
        billable = tickets._lock_billable_activities()
        configs = self.env["postsale.billing.config"]._get_company_configs(
            tickets.company_id, "ticket_activity"
        )
        empty_tickets = tickets.filtered(lambda t: t.id not in billable)
        billed_counts = empty_tickets._get_billed_activity_counts()
        to_bill = []
        for ticket in tickets:
            activities = billable.get(ticket.id)
            config = configs.get(
                ticket.company_id.id, self.env["postsale.billing.config"]
            )
            reason = ticket._get_activity_billing_skip_reason(
                activities, config, billed_counts.get(ticket.id, 0)
            )
            if reason:
                skipped.append((ticket, reason))
            else:
                to_bill.append((ticket, activities, config))
        orders = self.env["sale.order"]
        if to_bill:
            vals_list = [
                ticket._prepare_activity_order_values(activities, config)
                for ticket, activities, config in to_bill
            ]
            orders, failed = self._create_activity_orders_in_batch(
                [ticket for ticket, _activities, _config in to_bill], vals_list
            )
            skipped += failed
        return orders.with_env(self.env), skipped

    @api.model
    def _create_activity_orders_in_batch(self, tickets, vals_list):
        """One ``create()`` for all the orders; if it fails, order by order
        under a savepoint, so that one ticket with bad data (a product of
        another company, say) does not block the others.

        :return: ``(orders, [(ticket, reason)])``
        """
        SaleOrder = self.env["sale.order"].sudo()
        try:
            with self.env.cr.savepoint():
                return SaleOrder.create(vals_list), []
        except UserError:
            orders, failed = SaleOrder, []
            for ticket, vals in zip(tickets, vals_list, strict=True):
                try:
                    with self.env.cr.savepoint():
                        orders |= SaleOrder.create(vals)
                except UserError as error:
                    failed.append((ticket, str(error.args[0])))
            return orders, failed

    def _lock_billable_activities(self):
        """Lock the unbilled closed activities of the tickets and return the
        billable ones, ``{ticket_id: activities}`` (one query to lock, one to
        read)."""
        if not self:
            return {}
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        Activity.flush_model(["res_model", "res_id", "active", "sale_line_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM mail_activity
                 WHERE res_model = %s AND res_id IN %s
                   AND active IS NOT TRUE AND sale_line_id IS NULL
                 ORDER BY id
                   FOR UPDATE
                """,
                self._name,
                tuple(self.ids),
            )
        )
        locked_ids = [row[0] for row in self.env.cr.fetchall()]
        if not locked_ids:
            return {}
        activities = Activity.search_fetch(
            [("id", "in", locked_ids), ("billing_state", "=", "billable")],
            [
                "res_id",
                "billing_condition_id",
                "billing_quantity",
                "date_done",
                "date_deadline",
                "summary",
                "activity_type_id",
                "user_id",
                "done_by_user_id",
            ],
            order="date_done, id",
        )
        return activities.grouped("res_id")

    def _get_billed_activity_counts(self):
        if not self:
            return {}
        groups = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("billing_state", "=", "billed"),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        return dict(groups)

    def _get_activity_billing_skip_reason(self, activities, config, billed_count):
        """Why this ticket gets no order (a translated text), or ``False``."""
        self.ensure_one()
        if not self.partner_id:
            return self.env._("The ticket has no customer.")
        if not activities:
            if billed_count:
                return self.env._(
                    "Its closed activities to invoice are already billed."
                )
            return self.env._("It has no closed activity to invoice.")
        if not config.product_id and any(
            not activity.billing_condition_id.product_id for activity in activities
        ):
            return self.env._(
                "No product to bill: set one on the execution condition or as "
                "default product of the ticket activities billing "
                "configuration of %(company)s.",
                company=self.company_id.name,
            )
        return False

    def _prepare_activity_order_values(self, activities, config):
        """Values of the order billing ``activities`` of this ticket.

        :param config: the company's ticket activities configuration (may be
            empty)
        """
        self.ensure_one()
        values = config._prepare_sale_order_values(
            self.partner_id, self.company_id, "ticket_activity"
        )
        values.update(
            {
                "postsale_ticket_id": self.id,
                "origin": self.number,
                "order_line": [
                    Command.create(
                        self._prepare_activity_order_line_values(activity, config)
                    )
                    for activity in activities
                ],
            }
        )
        return values

    def _prepare_activity_order_line_values(self, activity, config):
        """Values of the order line billing one closed activity."""
        self.ensure_one()
        product = activity.billing_condition_id.product_id or config.product_id
        lang = self.partner_id.lang or self.env.lang
        description = activity.with_context(lang=lang)._get_billing_description()
        product_description = product.with_context(
            lang=lang
        ).get_product_multiline_description_sale()
        values = {
            "product_id": product.id,
            "product_uom_qty": activity.billing_quantity,
            "name": f"{product_description}\n{description}",
            "postsale_activity_id": activity.id,
        }
        if product.type == "service":
            # The work is done: what is delivered is what is billed.
            values["qty_delivered"] = activity.billing_quantity
        return values
