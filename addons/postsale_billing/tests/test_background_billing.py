# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json
from unittest.mock import patch

import psycopg2.errors

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import PostsaleBillingCommon


class TestBackgroundBilling(PostsaleBillingCommon):
    """ "Invoice activities" above the threshold: queue jobs in chunks, each
    its own transaction, and the summary when the last one is done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config_ticket.background_threshold = 4
        cls.env["ir.config_parameter"].set_param(
            "postsale_billing.background_chunk_size", 2
        )
        cls.ticket_1 = cls._create_ticket(name="Background 1")
        cls.ticket_2 = cls._create_ticket(
            partner=cls.other_customer, name="Background 2"
        )
        cls.ticket_3 = cls._create_ticket(name="Background 3")
        cls.ticket_empty = cls._create_ticket(name="Background, nothing to bill")
        cls.ticket_no_customer = cls._create_ticket(
            partner=cls.env["res.partner"], name="Background, no customer"
        )
        for ticket in cls.ticket_1 | cls.ticket_2 | cls.ticket_3:
            cls._create_activity(ticket, summary=f"{ticket.name} work 1")
            cls._create_activity(ticket, summary=f"{ticket.name} work 2")
        cls._create_activity(cls.ticket_empty, condition=cls.condition_warranty)
        cls._create_activity(cls.ticket_no_customer)
        cls.tickets = (
            cls.ticket_1
            | cls.ticket_2
            | cls.ticket_3
            | cls.ticket_empty
            | cls.ticket_no_customer
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _last_batch(self):
        return self.env["postsale.billing.batch"].search([], limit=1)

    def _chunk_jobs(self, trap):
        return [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_create_activity_orders_for_batch"
        ]

    def test_up_to_the_threshold_it_bills_at_once(self):
        with trap_jobs() as trap:
            action = (
                self.tickets[:4]
                .with_user(self.user_salesman)
                .action_invoice_activities()
            )
            trap.assert_jobs_count(0)
        self.assertEqual(action["res_model"], "postsale.billing.result")
        self.assertEqual(
            len((self.ticket_1 | self.ticket_2 | self.ticket_3).postsale_order_ids), 3
        )

    def test_no_threshold_always_at_once(self):
        self.config_ticket.background_threshold = 0
        with trap_jobs() as trap:
            action = self.tickets.action_invoice_activities()
            trap.assert_jobs_count(0)
        self.assertEqual(action["res_model"], "postsale.billing.result")

    def test_above_the_threshold_jobs_in_chunks_then_the_summary(self):
        tickets = self.tickets.with_user(self.user_salesman)
        with trap_jobs() as trap:
            action = tickets.action_invoice_activities()
            # The click returns at once: nothing is billed yet.
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn("5 tickets", action["params"]["message"])
            self.assertFalse(self.tickets.postsale_order_ids)
            batch = self._last_batch()
            self.assertEqual(batch.state, "running")
            self.assertEqual(batch.user_id, self.user_salesman)
            self.assertEqual(batch.ticket_ids, self.tickets)
            # Three chunks of two tickets at most, in the order selected,
            # and the summary once all of them are done.
            trap.assert_jobs_count(4)
            trap.assert_jobs_count(1, only=batch._finish_and_notify)
            chunks = self._chunk_jobs(trap)
            self.assertEqual(
                sorted(job.recordset.ids for job in chunks),
                [self.tickets[0:2].ids, self.tickets[2:4].ids, self.tickets[4:].ids],
            )
            for index in (0, 2, 4):
                trap.assert_enqueued_job(
                    tickets[index : index + 2]._create_activity_orders_for_batch,
                    args=(batch,),
                )
            finish = next(job for job in trap.enqueued_jobs if job not in chunks)
            self.assertEqual(finish.depends_on, set(chunks))
            self.assertEqual(chunks[0].job_config.channel, "root.postsale_billing")

            trap.perform_enqueued_jobs()

        for ticket in self.ticket_1 | self.ticket_2 | self.ticket_3:
            self.assertEqual(len(ticket.postsale_order_ids), 1)
            self.assertEqual(len(ticket.postsale_order_ids.order_line), 2)
        self.assertFalse(
            (self.ticket_empty | self.ticket_no_customer).postsale_order_ids
        )
        # The same summary as the dialog of a synchronous run.
        self.assertEqual(batch.state, "done")
        self.assertEqual(batch.order_count, 3)
        self.assertEqual(batch.skipped_count, 2)
        self.assertEqual(
            batch.message,
            self.env["postsale.billing.result"]
            .with_user(self.user_salesman)
            ._get_message(3, 2),
        )
        reasons = {line.ticket_id: line.reason for line in batch.line_ids}
        self.assertEqual(set(reasons), set(self.tickets))
        self.assertIn("no closed activity", reasons[self.ticket_empty])
        self.assertIn("no customer", reasons[self.ticket_no_customer])
        self.assertEqual(
            batch.line_ids.filtered("order_name").order_id,
            self.tickets.postsale_order_ids,
        )
        # ... as a message in the inbox of the user who clicked ...
        message = batch.message_ids.filtered(
            lambda message: self.user_salesman.partner_id in message.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertTrue(
            message.notification_ids.filtered(
                lambda notif: notif.res_partner_id == self.user_salesman.partner_id
            ),
            "the user who clicked is notified (inbox or e-mail, as they chose)",
        )
        self.assertIn("3 order(s) created", message.body)
        self.assertIn("1 × It has no closed activity to invoice.", message.body)
        # ... and as a notification.
        self.env.cr.precommit.run()
        notifications = [
            json.loads(bus.message)
            for bus in self.env["bus.bus"].sudo().search([], order="id desc", limit=20)
        ]
        notification = next(
            n["payload"] for n in notifications if n["type"] == "simple_notification"
        )
        self.assertIn(
            "3 order(s) created, 2 ticket(s) skipped", notification["message"]
        )
        # The user who clicked opens the orders from the run.
        action = batch.with_user(self.user_salesman).action_open_orders()
        self.assertEqual(action["res_model"], "sale.order")

    def test_a_chunk_run_twice_bills_once(self):
        """A chunk requeued after it was done (or run again by a retry after
        its commit) leaves its tickets alone: never a second order."""
        with trap_jobs():
            self.tickets.action_invoice_activities()
        batch = self._last_batch()
        chunk = self.ticket_1 | self.ticket_2
        chunk._create_activity_orders_for_batch(batch)
        orders = chunk.postsale_order_ids
        self.assertEqual(len(orders), 2)
        result = chunk._create_activity_orders_for_batch(batch)
        self.assertEqual(result, "Nothing left to bill.")
        self.assertEqual(chunk.postsale_order_ids, orders)
        self.assertEqual(len(batch.line_ids), 2)

    def test_a_ticket_billed_meanwhile_is_skipped(self):
        """Between the click and its job, someone bills a ticket by hand:
        the job skips it, the activity keeps its one order line."""
        with trap_jobs() as trap:
            self.tickets.action_invoice_activities()
            self.ticket_1.action_create_order()
            order = self.ticket_1.postsale_order_ids
            trap.perform_enqueued_jobs()
        batch = self._last_batch()
        self.assertEqual(self.ticket_1.postsale_order_ids, order)
        line = batch.line_ids.filtered(lambda line: line.ticket_id == self.ticket_1)
        self.assertIn("already billed", line.reason)
        self.assertEqual(batch.order_count, 2)
        activities = self.ticket_1.with_context(active_test=False).postsale_activity_ids
        self.assertEqual(len(activities.billing_line_ids), 2)

    def test_a_chunk_meeting_a_concurrent_billing_is_retried(self):
        """A serialization failure (another transaction billed the same
        activities) makes the job retry later; nothing of the failed try is
        kept, and the retry bills each activity once."""
        with trap_jobs() as trap:
            self.tickets.action_invoice_activities()
        batch = self._last_batch()
        job = next(
            job for job in self._chunk_jobs(trap) if self.ticket_1 in job.recordset
        )
        Ticket = type(self.Ticket)
        original = Ticket._lock_billable_activities
        calls = []

        def conflicting_lock(tickets):
            calls.append(tickets.ids)
            if len(calls) == 1:
                raise psycopg2.errors.SerializationFailure(
                    "could not serialize access due to concurrent update"
                )
            return original(tickets)

        with patch.object(Ticket, "_lock_billable_activities", conflicting_lock):
            with self.assertRaises(RetryableJobError) as caught:
                job.perform()
            self.assertEqual(caught.exception.seconds, (2, 20))
            self.assertEqual(job.retry, 1)
            self.assertFalse(batch.line_ids)
            self.assertFalse(job.recordset.postsale_order_ids)
            # The retry: one order per ticket.
            job.perform()
        self.assertEqual(len(self.ticket_1.postsale_order_ids), 1)
        self.assertEqual(len(self.ticket_2.postsale_order_ids), 1)
        self.assertEqual(len(batch.line_ids), 2)

    def test_a_chunk_conflicting_every_time_fails_after_its_retries(self):
        with trap_jobs() as trap:
            self.tickets.action_invoice_activities()
        job = self._chunk_jobs(trap)[0]
        job.max_retries = 2

        def always_conflicting(tickets):
            raise psycopg2.errors.SerializationFailure("concurrent update")

        with patch.object(
            type(self.Ticket), "_lock_billable_activities", always_conflicting
        ):
            with self.assertRaises(RetryableJobError):
                job.perform()
            with self.assertRaises(FailedJobError):
                job.perform()
        self.assertFalse(job.recordset.postsale_order_ids)

    def test_a_failing_ticket_does_not_stop_its_chunk(self):
        """An order that cannot be created (a product of another company)
        skips its ticket with the reason; the others of the chunk are billed."""
        company_b = self.env["res.company"].create({"name": "Background B"})
        product_b = self._create_service("Service B", 70.0, company_id=company_b.id)
        condition_b = self.env["postsale.activity.condition"].create(
            {
                "name": "Billable in B",
                "to_invoice": True,
                "product_id": product_b.id,
                "company_id": company_b.id,
            }
        )
        self.env.user.company_ids |= company_b
        wrong = self._create_ticket(name="Wrong product")
        self._create_activity(wrong, condition=condition_b)
        tickets = (self.tickets | wrong).with_context(
            allowed_company_ids=self.company.ids
        )
        with trap_jobs() as trap:
            tickets.action_invoice_activities()
            trap.perform_enqueued_jobs()
        batch = self._last_batch()
        self.assertEqual(batch.state, "done")
        self.assertFalse(wrong.postsale_order_ids)
        self.assertTrue(self.ticket_1.postsale_order_ids)
        line = batch.line_ids.filtered(lambda line: line.ticket_id == wrong)
        self.assertTrue(line.reason)
        self.assertFalse(line.order_name)
        self.assertEqual(batch.order_count, 3)

    def test_tickets_of_a_chunk_that_never_ran_are_reported(self):
        """A chunk set to done by hand without running: the summary lists
        its tickets as not billed instead of forgetting them."""
        with trap_jobs():
            self.tickets.action_invoice_activities()
        batch = self._last_batch()
        (self.ticket_1 | self.ticket_2)._create_activity_orders_for_batch(batch)
        batch._finish_and_notify()
        self.assertEqual(len(batch.line_ids), 5)
        self.assertEqual(batch.order_count, 2)
        line = batch.line_ids.filtered(lambda line: line.ticket_id == self.ticket_3)
        self.assertIn("did not bill it", line.reason)
        self.assertFalse(self.ticket_3.postsale_order_ids)

    def test_users_see_their_own_runs(self):
        with trap_jobs():
            self.tickets.with_user(self.user_salesman).action_invoice_activities()
        batch = self._last_batch()
        Batch = self.env["postsale.billing.batch"]
        self.assertEqual(Batch.with_user(self.user_salesman).search([]), batch)
        self.assertFalse(Batch.with_user(self.user_helpdesk).search([]))
        # The billing configuration right sees every run of its companies.
        self.assertIn(batch, Batch.with_user(self.user_config).search([]))
