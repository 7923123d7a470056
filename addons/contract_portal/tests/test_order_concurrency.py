# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import time

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

from odoo.addons.contract_amendment.tests.common import run_concurrently


class TestConcurrentModuleOrder(TransactionCase):
    """Two clicks on "Order" at once, in two real transactions on committed
    data: one quotation is made; the second click is refused at once, and
    its retry (what the server does with the request) finds that
    quotation."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            account = env["res.partner"].create(
                {"name": "Concurrent module customer", "is_company": True}
            )
            contact = env["res.partner"].create(
                {"name": "Concurrent module owner", "parent_id": account.id}
            )
            account.contract_account_owner_id = contact
            owner = new_test_user(
                env,
                login="cp_concurrent_owner",
                groups="base.group_portal",
                partner_id=contact.id,
            )
            tariff, module = env["product.product"].create(
                [
                    {"name": "Concurrent tariff", "type": "service"},
                    {
                        "name": "Concurrent module",
                        "type": "service",
                        "list_price": 15.0,
                        "is_contract": True,
                        "contract_portal_orderable": True,
                    },
                ]
            )
            contract = env["contract.contract"].create(
                {
                    "name": "Concurrent module contract",
                    "partner_id": account.id,
                    "contract_type": "sale",
                    "line_recurrence": True,
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": tariff.id,
                                "name": "Concurrent tariff",
                                "quantity": 1.0,
                                "date_start": "2025-01-01",
                                "recurring_rule_type": "monthly",
                                "recurring_interval": 1,
                            }
                        )
                    ],
                }
            )
            self.ids = {
                "account": account.id,
                "contact": contact.id,
                "owner": owner.id,
                "products": (tariff | module).ids,
                "module": module.id,
                "contract": contract.id,
            }
            # Committed data: the two clicks must both see it.
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _orders(self, env):
        return env["sale.order"].search(
            [("order_line.contract_id", "=", self.ids["contract"])]
        )

    def _cleanup(self):
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = self._orders(env)
            orders._action_cancel()
            orders.unlink()
            env["contract.contract"].browse(self.ids["contract"]).unlink()
            env["res.users"].browse(self.ids["owner"]).unlink()
            env["product.product"].browse(self.ids["products"]).unlink()
            env["res.partner"].browse(
                [self.ids["contact"], self.ids["account"]]
            ).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _order(self, env):
        contract = env["contract.contract"].browse(self.ids["contract"])
        module = env["product.product"].browse(self.ids["module"])
        return contract._contract_portal_order_module(module)

    def _click(self, barrier, results, index):
        try:
            with db_connect(self.dbname).cursor() as cr:
                env = api.Environment(cr, self.ids["owner"], {})
                # Both transactions see the contract without a quotation.
                self._orders(env(su=True)).read(["name"])
                barrier.wait(timeout=20)
                try:
                    order = self._order(env)
                    # Hold the transaction open: the other click comes now.
                    time.sleep(0.5)
                    cr.commit()  # pylint: disable=invalid-commit
                    results[index] = ("done", order.id)
                except psycopg2.errors.LockNotAvailable:
                    cr.rollback()
                    results[index] = ("retry", None)
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = ("crash", repr(error))

    @mute_logger("odoo.sql_db")
    def test_two_clicks_make_one_quotation(self):
        results = run_concurrently(self, self._click, self._click)
        self.assertEqual(
            sorted(result[0] for result in results), ["done", "retry"], results
        )
        done = next(result[1] for result in results if result[0] == "done")
        with db_connect(self.dbname).cursor() as cr:
            env = api.Environment(cr, self.ids["owner"], {})
            # The server retries the refused click: the same quotation.
            self.assertEqual(self._order(env).id, done)
            self.assertEqual(self._orders(env(su=True)).ids, [done])
            cr.rollback()
