# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError

from .common import PostsaleBillingCommon


@freeze_time("2026-03-10")
class TestSaleContract(PostsaleBillingCommon):
    """E1: confirming an order of contract products creates the customer's
    contract, or adds to its running one, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._create_service(
            "Monthly subscription",
            40.0,
            is_contract=True,
            contract_recurring_rule_type="monthly",
            contract_recurring_interval=1,
            contract_duration=12,
            contract_is_auto_renew=True,
            contract_auto_renew_interval=1,
            contract_auto_renew_rule_type="yearly",
        )
        cls.setup_fee = cls._create_service(
            "Set-up (one-time)",
            500.0,
            is_contract=True,
            contract_recurring_rule_type="monthly",
            contract_duration=1,
        )
        cls.open_ended = cls._create_service(
            "Hosting",
            25.0,
            is_contract=True,
            contract_recurring_rule_type="quarterly",
            contract_recurring_invoicing_type="post-paid",
        )

    def _order(self, partner, lines, user=None):
        order = (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
        )
        order.action_confirm()
        return order.with_env(self.env)

    def _running_contracts(self, partner):
        return self.env["contract.contract"].search(
            [("commercial_partner_id", "=", partner.id)]
        )

    def test_confirmation_creates_the_contract(self):
        order = self._order(
            self.contact,
            [
                (self.subscription, 3),
                (self.setup_fee, 1),
                (self.open_ended, 1),
                (self.product_default, 1),
            ],
        )
        contract = self._running_contracts(self.customer)
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.sale_order_id, order)
        self.assertEqual(contract.company_id, order.company_id)
        self.assertEqual(len(contract.contract_line_ids), 3)
        by_product = {line.product_id: line for line in contract.contract_line_ids}
        subscription = by_product[self.subscription]
        self.assertEqual(subscription.quantity, 3)
        self.assertEqual(subscription.price_unit, 40.0)
        self.assertEqual(str(subscription.date_start), "2026-03-10")
        self.assertEqual(str(subscription.date_end), "2027-03-09")
        self.assertEqual(subscription.recurring_rule_type, "monthly")
        self.assertTrue(subscription.is_auto_renew)
        setup = by_product[self.setup_fee]
        self.assertEqual(str(setup.date_end), "2026-04-09")
        hosting = by_product[self.open_ended]
        self.assertFalse(hosting.date_end)
        self.assertEqual(hosting.recurring_rule_type, "quarterly")
        self.assertEqual(hosting.recurring_invoicing_type, "post-paid")
        self.assertEqual(
            order.order_line.filtered("product_id.is_contract").contract_line_id,
            contract.contract_line_ids,
        )
        self.assertFalse(
            order.order_line.filtered(
                lambda line: line.product_id == self.product_default
            ).contract_line_id
        )
        self.assertEqual(order.postsale_contract_count, 1)

    def test_second_order_updates_the_running_contract(self):
        self._order(self.contact, [(self.subscription, 3)])
        contract = self._running_contracts(self.customer)
        order = self._order(
            self.customer, [(self.subscription, 2), (self.open_ended, 1)]
        )
        self.assertEqual(self._running_contracts(self.customer), contract)
        self.assertEqual(len(contract.contract_line_ids), 2)
        subscription = contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.subscription
        )
        self.assertEqual(subscription.quantity, 5)
        self.assertEqual(order.order_line[0].contract_line_id, subscription)

    def test_other_price_adds_a_line(self):
        self._order(self.contact, [(self.subscription, 1)])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.subscription.id,
                            "product_uom_qty": 1,
                            "price_unit": 35.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        contract = self._running_contracts(self.customer)
        self.assertEqual(len(contract), 1)
        self.assertEqual(
            sorted(contract.contract_line_ids.mapped("price_unit")), [35.0, 40.0]
        )

    def test_each_customer_its_contract(self):
        self._order(self.contact, [(self.subscription, 1)])
        self._order(self.other_customer, [(self.subscription, 1)])
        self.assertEqual(len(self._running_contracts(self.customer)), 1)
        self.assertEqual(len(self._running_contracts(self.other_customer)), 1)

    def test_confirming_again_adds_nothing(self):
        order = self._order(self.contact, [(self.subscription, 2)])
        contract = self._running_contracts(self.customer)
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._running_contracts(self.customer), contract)
        self.assertEqual(contract.contract_line_ids.quantity, 2)

    def test_salesperson_without_contract_rights(self):
        order = self._order(self.contact, [(self.subscription, 1)], self.user_salesman)
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self._running_contracts(self.customer)), 1)

    def test_ended_contract_is_not_running(self):
        self._order(self.contact, [(self.setup_fee, 1)])
        ended = self._running_contracts(self.customer)
        with freeze_time("2026-06-01"):
            self._order(self.contact, [(self.subscription, 1)])
        contracts = self._running_contracts(self.customer)
        self.assertEqual(len(contracts), 2)
        self.assertEqual(len(ended.contract_line_ids), 1)

    def test_contract_product_settings_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "must be a service"):
            self.env["product.template"].create(
                {"name": "Goods contract", "type": "consu", "is_contract": True}
            )
        with self.assertRaisesRegex(ValidationError, "contract term"):
            self.env["product.template"].create(
                {
                    "name": "Renewing without term",
                    "type": "service",
                    "is_contract": True,
                    "contract_is_auto_renew": True,
                }
            )
