# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import Counter

from markupsafe import Markup

from odoo import SUPERUSER_ID, fields, models
from odoo.exceptions import AccessError

# Tickets billed by one job of a background "Invoice activities": a few
# seconds of work, so that a job stays far below the workers' time limits.
DEFAULT_CHUNK_SIZE = 100


class PostsaleBillingBatch(models.Model):
    """A background "Invoice activities" on many tickets.

    The click creates it and enqueues one queue job per chunk of tickets
    (each in its own transaction) and one last job, run when every chunk is
    done, that sums the outcome up for the user who clicked: the same
    summary as the dialog of a synchronous run, as a notification and as a
    message on this record. Each ticket gets one line: its order, or why it
    was skipped.
    """

    _name = "postsale.billing.batch"
    _description = "Background billing of ticket activities"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Started by",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="postsale_billing_batch_ticket_rel",
        column1="batch_id",
        column2="ticket_id",
        string="Tickets",
        readonly=True,
    )
    ticket_count = fields.Integer(string="Tickets selected", readonly=True)
    state = fields.Selection(
        selection=[("running", "Running"), ("done", "Done")],
        string="Status",
        default="running",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_done = fields.Datetime(string="Done on", readonly=True)
    message = fields.Text(string="Summary", readonly=True)
    order_count = fields.Integer(string="Orders made", readonly=True)
    skipped_count = fields.Integer(string="Tickets skipped", readonly=True)
    line_ids = fields.One2many(
        comodel_name="postsale.billing.batch.line",
        inverse_name="batch_id",
        string="Details",
        readonly=True,
    )
    can_open_orders = fields.Boolean(
        string="Can open the orders", compute="_compute_can_open_orders"
    )

    def _compute_can_open_orders(self):
        allowed = self.env.user.has_group("sales_team.group_sale_salesman")
        for batch in self:
            batch.can_open_orders = allowed and bool(batch.order_count)

    def _get_chunk_size(self):
        """Tickets per job (system parameter
        ``postsale_billing.background_chunk_size``)."""
        size = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("postsale_billing.background_chunk_size")
        )
        try:
            return max(int(size), 1) if size else DEFAULT_CHUNK_SIZE
        except ValueError:
            return DEFAULT_CHUNK_SIZE

    def _enqueue_jobs(self, tickets):
        """One job per chunk of ``tickets``, all of them followed by the job
        that sums the outcome up. The channel and the retry pattern are
        those of the job functions (data/queue_job_data.xml)."""
        self.ensure_one()
        chunks = (
            tickets.delayable(
                description=self.env._("Invoice activities: %(batch)s", batch=self.name)
            )
            ._create_activity_orders_for_batch(self)
            .split(self._get_chunk_size())
        )
        chunks.on_done(
            self.delayable(
                description=self.env._(
                    "Invoice activities: summary of %(batch)s", batch=self.name
                )
            )._finish_and_notify()
        )
        chunks.delay()

    def _record_outcome(self, rows):
        """Keep what one chunk did, one line per ticket.

        :param rows: the rows of ``helpdesk.ticket._get_billing_result_rows``
        """
        self.ensure_one()
        # The lines are the job's own bookkeeping, not the user's to edit.
        self.env["postsale.billing.batch.line"].sudo().create(
            [
                {
                    "batch_id": self.id,
                    "ticket_id": row["ticket"].id,
                    "source": row["source"],
                    "order_id": row["order"].id if row.get("order") else False,
                    "order_name": row["order"].name if row.get("order") else "",
                    "reason": row.get("reason") or "",
                }
                for row in rows
            ]
        )

    def _finish_and_notify(self):
        """The last job: sum the outcome up, tell the user who clicked."""
        self.ensure_one()
        batch = self.sudo()
        if batch.state == "done":
            return self.message
        # Only a chunk that an administrator set to done without running it
        # leaves tickets without an outcome: say so rather than forget them.
        done_ids = set(batch.line_ids.ticket_id.ids)
        missing = batch.ticket_ids.filtered(lambda ticket: ticket.id not in done_ids)
        if missing:
            reason = self.env._(
                "Its background job did not bill it (see the job queue): "
                "invoice its activities again."
            )
            batch._record_outcome(
                [
                    {"ticket": ticket, "source": ticket.display_name, "reason": reason}
                    for ticket in missing
                ],
            )
        order_count = len(batch.line_ids.filtered("order_name"))
        skipped_count = len(batch.line_ids) - order_count
        message = self.env["postsale.billing.result"]._get_message(
            order_count, skipped_count
        )
        batch.write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "order_count": order_count,
                "skipped_count": skipped_count,
                "message": message,
            }
        )
        batch._post_summary()
        batch.user_id._bus_send(
            "simple_notification",
            {
                "type": "warning" if skipped_count else "success",
                "title": self.env._("Invoice activities done"),
                "message": self.env._(
                    "%(orders)s order(s) created, %(skipped)s ticket(s) skipped: "
                    "the summary is in your inbox (%(batch)s).",
                    orders=order_count,
                    skipped=skipped_count,
                    batch=batch.name,
                ),
                "sticky": True,
            },
        )
        return message

    def _post_summary(self):
        """The summary as a message to the user who clicked: the counts, and
        why tickets were skipped (each reason once, with how many); the
        lines of this record list every ticket."""
        self.ensure_one()
        reasons = Counter(line.reason for line in self.line_ids if line.reason)
        body = Markup("<p>%s</p>") % self.message
        if reasons:
            items = Markup().join(
                Markup("<li>%s × %s</li>") % (count, reason)
                for reason, count in reasons.most_common()
            )
            body += Markup("<ul>%s</ul>") % items
        # Posted by the system (OdooBot), not by the user who clicked: the
        # job runs as that user, and Odoo does not notify the user who posts.
        self.with_user(SUPERUSER_ID).message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def action_open_orders(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("You are not allowed to manage sale orders."))
        orders = self.line_ids.order_id
        return orders._get_records_action(name=self.env._("Post-sale orders"))
