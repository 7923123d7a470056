# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import threading
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


def run_concurrently(testcase, *targets, timeout=60):
    """Run each of ``targets`` as ``target(barrier, results, index)`` in a
    thread of its own, all at once (each opens its own transaction and
    waits at ``barrier``, so they race for real), and return ``results``,
    the list each fills at its ``index``. Fails the test if one hangs."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)
    threads = [
        threading.Thread(
            target=target,
            args=(barrier, results, index),
            name=f"click-{index}",
        )
        for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    testcase.assertFalse(
        any(thread.is_alive() for thread in threads), f"a transaction hangs: {results}"
    )
    return results


class ContractAmendmentCommon(BaseCommon):
    """A customer with a running contract of licences and a module, contract
    products, and the users of each tier. Reusable by the sibling addons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_contract_amendment_data()

    @classmethod
    def setup_contract_amendment_data(cls):
        cls.customer = cls.env["res.partner"].create(
            {"name": "Amendment Customer AS", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Anna Buyer", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer AS", "is_company": True}
        )
        cls.licence = cls._create_contract_product("Licence", 100.0)
        cls.module = cls._create_contract_product("Reporting module", 20.0)
        cls.salesman = new_test_user(
            cls.env,
            login="amend_salesman",
            name="Sam Seller",
            groups="sales_team.group_sale_salesman",
        )

    @classmethod
    def _create_contract_product(cls, name, price, **values):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "taxes_id": False,
                "is_contract": True,
                "contract_recurring_rule_type": "monthly",
                "contract_recurring_interval": 1,
                **values,
            }
        )

    @classmethod
    def _create_contract(cls, partner=None, lines=None, **values):
        """A customer contract with ``lines``: ``[(product, quantity, price,
        line values)]`` (default: 10 licences at 100 from 2026-01-01)."""
        partner = partner or cls.customer
        lines = lines or [(cls.licence, 10, 100.0, {})]
        return cls.env["contract.contract"].create(
            {
                "name": "Agreement",
                "code": values.pop("code", "AGR-1"),
                "partner_id": partner.id,
                "contract_type": "sale",
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": product.name,
                            "quantity": quantity,
                            "automatic_price": False,
                            "specific_price": price,
                            "recurring_rule_type": "monthly",
                            "recurring_interval": 1,
                            "recurring_invoicing_type": "pre-paid",
                            "date_start": date(2026, 1, 1),
                            **line_values,
                        }
                    )
                    for product, quantity, price, line_values in lines
                ],
                **values,
            }
        )

    def _order(self, lines, partner=None, date_start=None, user=None):
        """A quotation: ``lines`` is ``[(product, quantity, values)]``."""
        return (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": (partner or self.contact).id,
                    "contract_date_start": date_start,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": quantity,
                                **values,
                            }
                        )
                        for product, quantity, values in lines
                    ],
                }
            )
            .with_env(self.env)
        )

    def _amendment_order(self, contract_line, quantity, price, date_start, **values):
        """A quotation that amends ``contract_line`` from ``date_start``."""
        return self._order(
            [
                (
                    contract_line.product_id,
                    quantity,
                    {
                        "price_unit": price,
                        "contract_line_id": contract_line.id,
                        **values,
                    },
                )
            ],
            date_start=date_start,
        )

    def _lines_state(self, contract):
        """The contract's lines as (product, quantity, price, start, end,
        cancelled), in order of start."""
        return [
            (
                line.product_id.name,
                line.quantity,
                line.price_unit,
                str(line.date_start),
                str(line.date_end) if line.date_end else None,
                line.is_canceled,
            )
            for line in contract.contract_line_ids.sorted(
                lambda li: (li.product_id.id, li.date_start, li.id)
            )
        ]
