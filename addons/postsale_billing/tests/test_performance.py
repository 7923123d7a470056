# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import closing

from .common import PostsaleBillingCommon

ACTIVITIES_PER_TICKET = 2
# What each more ticket may cost, all of it Odoo's own order creation: the
# order's number (sequence lookup + nextval), its warehouse and quotation
# documents, and the analytic distribution model of each line.
MAX_QUERIES_PER_TICKET = 4 + 3 * ACTIVITIES_PER_TICKET


class TestBillingPerformance(PostsaleBillingCommon):
    """Billing 20 tickets costs a small constant per ticket more than
    billing 10, and the billing adds no query per ticket to the plain
    ``sale.order.create()`` of the same orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customers = cls.env["res.partner"].create(
            [{"name": f"Perf customer {index}"} for index in range(24)]
        )
        cls.tickets = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Perf ticket {index}",
                    "description": "<p>Perf</p>",
                    "partner_id": customer.id,
                }
                for index, customer in enumerate(customers)
            ]
        )
        activities = cls.env["mail.activity"].create(
            [
                {
                    "res_model_id": cls.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": ticket.id,
                    "activity_type_id": cls.activity_type.id,
                    "summary": f"Work {index}",
                    "user_id": cls.env.user.id,
                    "billing_condition_id": (
                        cls.condition_billable
                        if index % 2
                        else cls.condition_billable_default
                    ).id,
                }
                for ticket in cls.tickets
                for index in range(ACTIVITIES_PER_TICKET)
            ]
        )
        activities.action_archive()

    def _measure(self, function):
        """Queries of ``function()`` on cold caches, rolled back after."""
        self.env.flush_all()
        with closing(self.env.cr.savepoint()):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            function()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        return count

    def _bill(self, tickets):
        orders, skipped = tickets._create_activity_orders()
        self.assertEqual(len(orders), len(tickets))
        self.assertFalse(skipped)
        self.assertEqual(len(orders.order_line), ACTIVITIES_PER_TICKET * len(tickets))

    def _floor(self, tickets):
        """The same orders, values computed beforehand, in one create()."""
        tickets = tickets.sudo()
        billable = tickets._lock_billable_activities()
        configs = self.env["postsale.billing.config"]._get_company_configs(
            tickets.company_id, "ticket_activity"
        )
        vals_list = [
            ticket._prepare_activity_order_values(
                billable[ticket.id], configs[ticket.company_id.id]
            )
            for ticket in tickets
        ]
        return lambda: self.env["sale.order"].sudo().create(vals_list)

    def test_queries_grow_by_a_small_constant_per_ticket(self):
        # A first run warms the caches every run shares (fields, sequences).
        self._measure(lambda: self._bill(self.tickets[20:]))
        tickets_10, tickets_20 = self.tickets[:10], self.tickets[:20]
        billing_10 = self._measure(lambda: self._bill(tickets_10))
        billing_20 = self._measure(lambda: self._bill(tickets_20))
        floor_10 = self._measure(self._floor(tickets_10))
        floor_20 = self._measure(self._floor(tickets_20))
        message = (
            f"billing 10 tickets: {billing_10} queries, 20: {billing_20}; "
            f"create() alone 10: {floor_10}, 20: {floor_20}"
        )
        self.assertLessEqual(
            (billing_20 - billing_10) / 10, MAX_QUERIES_PER_TICKET, message
        )
        # What the billing adds to create() does not grow with the tickets.
        self.assertLessEqual(billing_20 - floor_20, billing_10 - floor_10 + 2, message)
