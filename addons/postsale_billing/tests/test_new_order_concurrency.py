# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import threading
import time
from functools import partial
from unittest.mock import patch

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.contract_amendment.tests.common import run_concurrently

# What the second click meets: PostgreSQL's refusal of a concurrent update
# (the server retries the request, which then finds the order linked).
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
)


class TestConcurrentNewOrder(TransactionCase):
    """Two clicks on "New order" at once, on a contract and on a renewal, in
    two real transactions on committed data: one order is made, and the
    second click makes none (not even one its transaction throws away)."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        self.uid = self.env.ref("base.user_admin").id
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].create(
                {"name": "Concurrent contract fee", "type": "service", "list_price": 70}
            )
            partner = env["res.partner"].create(
                {"name": "Concurrent order customer", "is_company": True}
            )
            contract = env["contract.contract"].create(
                {
                    "name": "Concurrent order contract",
                    "code": "CONC-NEW-ORDER",
                    "partner_id": partner.id,
                    "contract_type": "sale",
                    "line_recurrence": True,
                    "customer_price": 120.0,
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": "Concurrent licence",
                                "quantity": 1.0,
                                "date_start": "2025-01-01",
                                "recurring_rule_type": "yearly",
                                "recurring_interval": 1,
                            }
                        )
                    ],
                }
            )
            renewal = env["contract.renewal"].create(
                {
                    "contract_id": contract.id,
                    "contract_line_id": contract.contract_line_ids.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                }
            )
            # The contract case needs a product; keep the company's own
            # configuration as it was.
            company = contract.company_id
            config = (
                env["postsale.billing.config"]
                ._get_company_configs(company, "contract")
                .get(company.id)
            )
            self.config_state = (config.id, config.product_id.id) if config else None
            if not config:
                config = env["postsale.billing.config"].create(
                    {"company_id": company.id, "billing_case": "contract"}
                )
            if not config.product_id:
                config.product_id = product
            self.ids = {
                "product": product.id,
                "partner": partner.id,
                "contract": contract.id,
                "renewal": renewal.id,
                "config": config.id,
            }
            # Committed data: the two clicks must both see it.
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contract = env["contract.contract"].browse(self.ids["contract"])
            orders = env["sale.order"].search(
                [("partner_id", "=", self.ids["partner"])]
            )
            env["contract.renewal"].browse(self.ids["renewal"]).unlink()
            contract.unlink()
            orders.unlink()
            config = env["postsale.billing.config"].browse(self.ids["config"])
            if self.config_state is None:
                config.unlink()
            else:
                config.product_id = self.config_state[1]
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _click(self, model, record_id, barrier, results, index):
        try:
            with db_connect(self.dbname).cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                env = api.Environment(cr, self.uid, {})
                record = env[model].browse(record_id)
                # Both transactions see the record unlinked before either
                # clicks.
                record.read(["sale_order_id"])
                barrier.wait(timeout=20)
                try:
                    record.action_create_sale_order()
                    # Hold the transaction open so the other one has to wait.
                    time.sleep(0.5)
                    cr.commit()  # pylint: disable=invalid-commit
                    results[index] = ("done", None)
                except CONCURRENCY_ERRORS as error:
                    cr.rollback()
                    results[index] = ("error", type(error).__name__)
                except UserError as error:
                    cr.rollback()
                    results[index] = ("refused", str(error))
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = ("crash", repr(error))

    @mute_logger("odoo.sql_db")
    def _race(self, model, record_id):
        SaleOrder = self.env.registry["sale.order"]
        create = SaleOrder.create
        made = []

        def spy(orders, vals_list):
            made.append(threading.current_thread().name)
            return create(orders, vals_list)

        with patch.object(SaleOrder, "create", spy):
            click = partial(self._click, model, record_id)
            results = run_concurrently(self, click, click)
        self.assertNotIn("crash", [result[0] for result in results], results)
        self.assertEqual(
            sorted(result[0] for result in results), ["done", "error"], results
        )
        # The second click waited for the first and made no order at all.
        self.assertEqual(len(made), 1, f"orders made by {made}: {results}")
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search(
                [("partner_id", "=", self.ids["partner"])]
            )
            record = env[model].browse(record_id)
            self.assertIn(record.sale_order_id, orders)
            # The server retries the refused click: it finds the order.
            with self.assertRaisesRegex(UserError, "already linked"):
                record.with_user(self.uid).action_create_sale_order()
            cr.rollback()
        return orders

    def test_two_clicks_on_a_contract_make_one_order(self):
        orders = self._race("contract.contract", self.ids["contract"])
        self.assertEqual(len(orders), 1)

    def test_two_clicks_on_a_renewal_make_one_order(self):
        orders = self._race("contract.renewal", self.ids["renewal"])
        self.assertEqual(len(orders), 1)
