# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import ContractAmendmentCommon


@freeze_time("2026-03-10")
class TestSaleContract(ContractAmendmentCommon):
    """Sold contract products become contract lines from the order's
    contract date: on the customer's running contract, or on a new one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._create_contract_product(
            "Monthly subscription",
            40.0,
            contract_duration=12,
            contract_is_auto_renew=True,
            contract_auto_renew_interval=1,
            contract_auto_renew_rule_type="yearly",
            contract_termination_notice_interval=2,
            contract_termination_notice_rule_type="monthly",
        )
        cls.setup_fee = cls._create_contract_product(
            "Set-up (one-time)", 500.0, contract_duration=1
        )
        cls.hosting = cls._create_contract_product(
            "Hosting",
            25.0,
            contract_recurring_rule_type="quarterly",
            contract_recurring_invoicing_type="post-paid",
        )
        cls.goods = cls.env["product.product"].create(
            {"name": "Cable", "type": "consu", "list_price": 5.0}
        )

    def _confirmed(self, lines, partner=None, **kwargs):
        order = self._order(
            [(product, qty, {}) for product, qty in lines], partner=partner, **kwargs
        )
        order.with_user(kwargs.get("user") or self.env.user).action_confirm()
        return order

    def _contracts(self, partner=None):
        return self.env["contract.contract"].search(
            [("commercial_partner_id", "=", (partner or self.customer).id)]
        )

    def test_confirmation_creates_the_contract(self):
        order = self._confirmed(
            [
                (self.subscription, 3),
                (self.setup_fee, 1),
                (self.hosting, 1),
                (self.goods, 2),
            ]
        )
        contract = self._contracts()
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.contract_line_ids.sale_order_line_id.order_id, order)
        self.assertEqual(len(contract.contract_line_ids), 3)
        by_product = {line.product_id: line for line in contract.contract_line_ids}
        subscription = by_product[self.subscription]
        self.assertEqual(subscription.quantity, 3)
        self.assertEqual(subscription.price_unit, 40.0)
        self.assertEqual(subscription.date_start, date(2026, 3, 10))
        self.assertEqual(subscription.date_end, date(2027, 3, 9))
        self.assertTrue(subscription.is_auto_renew)
        self.assertEqual(subscription.termination_notice_interval, 2)
        self.assertEqual(by_product[self.setup_fee].date_end, date(2026, 4, 9))
        hosting = by_product[self.hosting]
        self.assertFalse(hosting.date_end)
        self.assertEqual(hosting.recurring_rule_type, "quarterly")
        self.assertEqual(hosting.recurring_invoicing_type, "post-paid")
        self.assertEqual(
            order.order_line.contract_created_line_ids, contract.contract_line_ids
        )
        # the contract invoices them; the goods are invoiced by the order
        self.assertEqual(
            order.order_line.mapped("qty_to_invoice"), [0.0, 0.0, 0.0, 2.0]
        )

    def test_contract_date_of_the_order(self):
        self._confirmed([(self.subscription, 1)], date_start=date(2026, 4, 1))
        line = self._contracts().contract_line_ids
        self.assertEqual(line.date_start, date(2026, 4, 1))
        self.assertEqual(line.date_end, date(2027, 3, 31))

    def test_second_order_adds_a_line_from_its_date(self):
        """Never a rewrite of a running line: the periods already started
        keep their quantity."""
        self._confirmed([(self.subscription, 3)])
        contract = self._contracts()
        first = contract.contract_line_ids
        with freeze_time("2026-05-01"):
            order = self._confirmed([(self.subscription, 2), (self.hosting, 1)])
        self.assertEqual(self._contracts(), contract)
        self.assertEqual(first.quantity, 3)
        added = order.order_line.contract_created_line_ids
        self.assertEqual(len(added), 2)
        self.assertEqual(set(added.mapped("date_start")), {date(2026, 5, 1)})
        self.assertEqual(contract.contract_line_ids, first | added)
        self.assertTrue(
            contract.modification_ids.filtered(
                lambda m: "Monthly subscription added" in m.description
            )
        )

    def test_each_customer_its_contract(self):
        self._confirmed([(self.subscription, 1)])
        self._confirmed([(self.subscription, 1)], partner=self.other_customer)
        self.assertEqual(len(self._contracts()), 1)
        self.assertEqual(len(self._contracts(self.other_customer)), 1)

    def test_confirming_again_adds_nothing(self):
        order = self._confirmed([(self.subscription, 2)])
        contract = self._contracts()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._contracts(), contract)
        self.assertEqual(len(contract.contract_line_ids), 1)

    def test_salesperson_without_contract_rights(self):
        order = self._confirmed([(self.subscription, 1)], user=self.salesman)
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self._contracts()), 1)

    def test_ended_contract_is_not_running(self):
        self._confirmed([(self.setup_fee, 1)])
        ended = self._contracts()
        ended.contract_line_ids.stop(date(2026, 4, 9))
        with freeze_time("2026-06-01"):
            self._confirmed([(self.subscription, 1)])
        self.assertEqual(len(self._contracts()), 2)
        self.assertEqual(len(ended.contract_line_ids), 1)

    def test_contract_product_settings_are_checked(self):
        cases = [
            ({"type": "consu"}, "must be a service"),
            ({"contract_is_auto_renew": True}, "contract term"),
            ({"contract_termination_notice_interval": -1}, "notice period"),
            ({"contract_recurring_interval": 0}, "every one period"),
        ]
        for values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.env["product.template"].create(
                    {
                        "name": "Bad contract product",
                        "type": "service",
                        "is_contract": True,
                        **values,
                    }
                )

    def test_line_terms_come_from_the_product(self):
        terms = self.subscription.product_tmpl_id._get_contract_line_terms()
        self.assertEqual(
            terms,
            {
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "recurring_invoicing_type": "pre-paid",
                "is_auto_renew": True,
                "auto_renew_interval": 1,
                "auto_renew_rule_type": "yearly",
                "termination_notice_interval": 2,
                "termination_notice_rule_type": "monthly",
            },
        )
        order = self._confirmed([(self.subscription, 1)])
        line = order.order_line.contract_created_line_ids
        self.assertRecordValues(line, [terms])

    def test_order_line_adds_to_the_contract_it_names(self):
        """A line naming a contract adds to that one, not to the customer's
        first running contract."""
        first = self._create_contract(code="AGR-1")
        second = self._create_contract(code="AGR-2")
        order = self._order(
            [(self.hosting, 2, {"contract_id": second.id})],
            date_start=date(2026, 4, 1),
        )
        self.assertIn("AGR-2", order.order_line.contract_change_label)
        order.action_confirm()
        added = order.order_line.contract_created_line_ids
        self.assertEqual(added.contract_id, second)
        self.assertEqual(added.date_start, date(2026, 4, 1))
        self.assertEqual(added.recurring_rule_type, "quarterly")
        self.assertEqual(len(first.contract_line_ids), 1)
        self.assertTrue(
            second.modification_ids.filtered(lambda m: "Hosting added" in m.description)
        )

    def test_order_line_cannot_add_to_another_customers_contract(self):
        other = self._create_contract(partner=self.other_customer, code="OTH-1")
        order = self._order([(self.hosting, 1, {"contract_id": other.id})])
        with self.assertRaisesRegex(UserError, "does not belong to"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(other.contract_line_ids), 1)

    def test_order_line_cannot_add_to_an_ended_contract(self):
        contract = self._create_contract()
        contract.contract_line_ids.stop(date(2026, 2, 28))
        order = self._order([(self.hosting, 1, {"contract_id": contract.id})])
        with self.assertRaisesRegex(UserError, "no longer runs"):
            order.action_confirm()
        self.assertEqual(len(contract.contract_line_ids), 1)
