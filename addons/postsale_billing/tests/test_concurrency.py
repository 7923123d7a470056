# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import time
from functools import partial

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.contract_amendment.tests.common import run_concurrently
from odoo.addons.queue_job.exception import RetryableJobError

# What the losing transaction may meet (the server retries the request on
# these concurrency errors, and the retry finds nothing left to bill).
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.UniqueViolation,
)


class TestConcurrentBilling(TransactionCase):
    """Two users bill the same ticket at the same time, in two real
    transactions on committed data: one order, never two."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        self.uid = self.env.ref("base.user_admin").id
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].create(
                {"name": "Concurrent service", "type": "service", "list_price": 10}
            )
            condition = env["postsale.activity.condition"].create(
                {
                    "name": "Concurrent billable",
                    "to_invoice": True,
                    "product_id": product.id,
                }
            )
            partner = env["res.partner"].create({"name": "Concurrent customer"})
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrent ticket",
                    "description": "<p>Race</p>",
                    "partner_id": partner.id,
                }
            )
            activities = env["mail.activity"].create(
                [
                    {
                        "res_model_id": env["ir.model"]._get_id("helpdesk.ticket"),
                        "res_id": ticket.id,
                        "summary": f"Concurrent work {index}",
                        "user_id": self.uid,
                        "billing_condition_id": condition.id,
                    }
                    for index in range(2)
                ]
            )
            activities.action_archive()
            self.ids = {
                "product": product.id,
                "condition": condition.id,
                "partner": partner.id,
                "ticket": ticket.id,
                "activities": activities.ids,
            }
            # Committed data: the two billing transactions must both see it.
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search(
                [("postsale_ticket_id", "=", self.ids["ticket"])]
            )
            orders.unlink()
            env["postsale.billing.batch"].search(
                [("ticket_ids", "in", self.ids["ticket"])]
            ).unlink()
            env["mail.activity"].browse(self.ids["activities"]).unlink()
            env["helpdesk.ticket"].browse(self.ids["ticket"]).unlink()
            env["postsale.activity.condition"].browse(self.ids["condition"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _bill(self, barrier, results, index):
        try:
            with db_connect(self.dbname).cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                env = api.Environment(cr, self.uid, {})
                ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
                # Both transactions take their snapshot before either bills.
                ticket.read(["number"])
                barrier.wait(timeout=20)
                try:
                    orders, skipped = ticket._create_activity_orders()
                    # Hold the transaction open so the other one has to wait.
                    time.sleep(0.5)
                    cr.commit()  # pylint: disable=invalid-commit
                    results[index] = ("done", orders.ids, [r for _t, r in skipped])
                except CONCURRENCY_ERRORS as error:
                    cr.rollback()
                    results[index] = ("error", type(error).__name__, None)
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = ("crash", repr(error), None)

    @mute_logger("odoo.sql_db")
    def test_two_transactions_bill_once(self):
        results = run_concurrently(self, self._bill, self._bill)
        self.assertNotIn("crash", [result[0] for result in results], results)
        created = [result[1] for result in results if result[0] == "done" and result[1]]
        self.assertEqual(len(created), 1, results)
        self.assertEqual(len(created[0]), 1)
        loser = next(
            result for result in results if not (result[0] == "done" and result[1])
        )
        # The other one failed on the concurrent update, or found nothing.
        self.assertTrue(loser[0] == "error" or loser[2], results)
        with db_connect(self.dbname).cursor() as cr:
            cr.execute(
                """
                SELECT a.id, count(l.id)
                  FROM mail_activity a
             LEFT JOIN sale_order_line l ON l.postsale_activity_id = a.id
                 WHERE a.id IN %s
              GROUP BY a.id
                """,
                [tuple(self.ids["activities"])],
            )
            self.assertEqual(sorted(count for _id, count in cr.fetchall()), [1, 1])
            cr.execute(
                "SELECT count(*) FROM sale_order WHERE postsale_ticket_id = %s",
                [self.ids["ticket"]],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def _create_batch(self):
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, self.uid, {})
            ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
            batch = (
                env["postsale.billing.batch"]
                .sudo()
                .create(ticket._prepare_billing_batch_values())
            )
            cr.commit()  # pylint: disable=invalid-commit
            return batch.id

    def _bill_chunk(self, batch_id, barrier=None):
        """The job of one chunk, in its own transaction as queue_job runs
        it: ``done``, or ``retry`` when queue_job would run it again."""
        with db_connect(self.dbname).cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(cr, self.uid, {})
            ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
            batch = env["postsale.billing.batch"].browse(batch_id)
            ticket.read(["number"])
            if barrier:
                barrier.wait(timeout=20)
            try:
                ticket._create_activity_orders_for_batch(batch)
                time.sleep(0.5)
                cr.commit()  # pylint: disable=invalid-commit
                return "done"
            except RetryableJobError:
                cr.rollback()
                return "retry"

    def _bill_chunk_in_thread(self, barrier, results, index, batch_id):
        try:
            results[index] = (self._bill_chunk(batch_id, barrier), None, None)
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = ("crash", repr(error), None)

    @mute_logger("odoo.sql_db")
    def test_a_job_racing_a_user_bills_once(self):
        """A background chunk and a user's "Create order" on the same ticket
        at the same time: one order; the chunk that lost is retried and then
        reports the ticket as already billed."""
        batch_id = self._create_batch()
        results = run_concurrently(
            self,
            self._bill,
            partial(self._bill_chunk_in_thread, batch_id=batch_id),
        )
        self.assertNotIn("crash", [result[0] for result in results], results)
        if results[1][0] == "retry":
            # queue_job runs the chunk again, from a fresh snapshot.
            self.assertEqual(self._bill_chunk(batch_id), "done")
        with db_connect(self.dbname).cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM sale_order_line WHERE postsale_activity_id IN %s",
                [tuple(self.ids["activities"])],
            )
            self.assertEqual(cr.fetchone()[0], 2)
            cr.execute(
                "SELECT count(*) FROM sale_order WHERE postsale_ticket_id = %s",
                [self.ids["ticket"]],
            )
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute(
                "SELECT order_name, reason FROM postsale_billing_batch_line"
                " WHERE batch_id = %s",
                [batch_id],
            )
            lines = cr.fetchall()
        self.assertEqual(len(lines), 1, lines)
        user_won = results[0][0] == "done" and results[0][1]
        if user_won:
            self.assertIn("already billed", lines[0][1])
        else:
            self.assertTrue(lines[0][0])
