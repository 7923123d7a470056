# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common import PostsaleBillingCommon


class ContractCommon(PostsaleBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_licence = cls._create_service("Licence", 150.0)
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.customer.property_payment_term_id = cls.payment_term
        cls.user_contract_salesman = new_test_user(
            cls.env,
            login="ps_contract_salesman",
            name="Sam Contracts",
            groups="account.group_account_manager,sales_team.group_sale_salesman",
        )

    @classmethod
    def _create_contract(cls, partner=None, **values):
        return cls.env["contract.contract"].create(
            {
                "name": "Support contract",
                "partner_id": (partner or cls.customer).id,
                "contract_type": "sale",
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_licence.id,
                            "name": "Licence",
                            "quantity": 1.0,
                            "price_unit": 150.0,
                            "date_start": "2025-01-01",
                            "date_end": "2025-12-31",
                            "recurring_rule_type": "yearly",
                            "recurring_interval": 1,
                            "is_auto_renew": True,
                            "auto_renew_interval": 1,
                            "auto_renew_rule_type": "yearly",
                        }
                    )
                ],
                **values,
            }
        )


class TestContractBilling(ContractCommon):
    """B5, B6: "New order" on a contract, or an existing order linked."""

    def test_new_order_at_the_price_to_the_customer(self):
        contract = self._create_contract(customer_price=250.0)
        action = contract.with_user(
            self.user_contract_salesman
        ).action_create_sale_order()
        order = contract.sale_order_id
        self.assertTrue(order)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.type_id, self.order_type_contract)
        self.assertEqual(order.postsale_subject, "New post-sale contract")
        self.assertEqual(order.postsale_case, "contract")
        self.assertEqual(order.user_id, self.user_contract_salesman)
        self.assertEqual(order.payment_term_id, self.payment_term)
        self.assertEqual(order.pricelist_id, self.customer.property_product_pricelist)
        self.assertEqual(order.order_line.product_id, self.product_contract)
        self.assertEqual(order.order_line.price_unit, 250.0)
        self.assertEqual(order.amount_untaxed, 250.0)
        self.assertIn(contract.name, order.order_line.name)
        result = self.env["postsale.billing.result"].browse(action["res_id"])
        self.assertTrue(result.with_user(self.user_contract_salesman).can_open_orders)

    def test_new_order_at_the_list_price(self):
        contract = self._create_contract()
        contract.action_create_sale_order()
        self.assertEqual(contract.sale_order_id.order_line.price_unit, 300.0)

    def test_contract_manager_without_sales_rights_gets_only_the_message(self):
        contract = self._create_contract()
        action = contract.with_user(
            self.user_contract_manager
        ).action_create_sale_order()
        self.assertTrue(contract.sale_order_id)
        result = (
            self.env["postsale.billing.result"]
            .with_user(self.user_contract_manager)
            .browse(action["res_id"])
        )
        self.assertFalse(result.can_open_orders)
        with self.assertRaises(AccessError):
            result.action_open_orders()

    def test_new_order_needs_the_configured_product(self):
        self.config_contract.product_id = False
        contract = self._create_contract()
        with self.assertRaisesRegex(UserError, "default product of new post-sale"):
            contract.action_create_sale_order()
        self.assertFalse(contract.sale_order_id)

    def test_only_one_order(self):
        contract = self._create_contract()
        contract.action_create_sale_order()
        with self.assertRaisesRegex(UserError, "already linked"):
            contract.action_create_sale_order()

    def test_link_an_existing_order_of_the_customer(self):
        contract = self._create_contract()
        order = self.env["sale.order"].create({"partner_id": self.contact.id})
        with Form(
            contract, view="contract.contract_contract_customer_form_view"
        ) as form:
            form.sale_order_id = order
        self.assertEqual(contract.sale_order_id, order)
        self.assertEqual(order.postsale_contract_count, 1)

    def test_order_of_another_customer_is_refused(self):
        contract = self._create_contract()
        order = self.env["sale.order"].create({"partner_id": self.other_customer.id})
        with (
            self.assertRaisesRegex(ValidationError, "not an order of"),
            self.env.cr.savepoint(),
        ):
            contract.sale_order_id = order
        self.assertFalse(contract.sale_order_id)

    def test_cancelled_order_is_refused(self):
        contract = self._create_contract()
        order = self.env["sale.order"].create({"partner_id": self.contact.id})
        order._action_cancel()
        with (
            self.assertRaisesRegex(ValidationError, "is cancelled"),
            self.env.cr.savepoint(),
        ):
            contract.sale_order_id = order
        self.assertFalse(contract.sale_order_id)

    def test_supplier_contract_is_not_billed(self):
        contract = self._create_contract(contract_type="purchase")
        orders_before = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(ValidationError, "supplier contract"):
            contract.action_create_sale_order()
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        with (
            self.assertRaisesRegex(ValidationError, "supplier contract"),
            self.env.cr.savepoint(),
        ):
            contract.sale_order_id = order
        self.assertFalse(contract.sale_order_id)

    def test_access_tiers(self):
        contract = self._create_contract()
        for user in (self.user_accountant, self.user_salesman, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                contract.with_user(user).action_create_sale_order()
        self.assertFalse(contract.sale_order_id)


@freeze_time("2025-12-15")
class TestRenewalBilling(ContractCommon):
    """B2, B7: renewals recorded by contract_line_successor, billed by the
    renewal price policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.create_new_line_at_contract_line_renew = True
        cls.contract = cls._create_contract()
        cls.line = cls.contract.contract_line_ids

    def _renew(self):
        new_line = self.line.renew()
        return new_line.renewal_ids

    def test_renewing_a_line_records_a_renewal(self):
        renewal = self._renew()
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.contract_id, self.contract)
        self.assertNotEqual(renewal.contract_line_id, self.line)
        self.assertEqual(
            renewal.contract_line_id.predecessor_contract_line_id, self.line
        )
        self.assertEqual(str(renewal.date_start), "2026-01-01")
        self.assertEqual(str(renewal.date_end), "2026-12-31")
        self.assertEqual(renewal.price, 150.0)
        self.assertEqual(renewal.state, "to_order")
        self.assertEqual(self.contract.renewal_count, 1)

    def test_renewing_many_lines_records_them_in_one_create(self):
        """The renewal cron renews many lines: one create() records them."""
        other = self._create_contract(partner=self.other_customer)
        lines = self.line | other.contract_line_ids
        Renewal = type(self.env["contract.renewal"])
        calls = []
        original_create = Renewal.create

        def counting_create(records, vals_list):
            calls.append(len(vals_list))
            return original_create(records, vals_list)

        with patch.object(Renewal, "create", counting_create):
            new_lines = lines.renew()
        self.assertEqual(calls, [2])
        renewals = new_lines.renewal_ids
        self.assertEqual(renewals.contract_id, self.contract | other)
        self.assertEqual(renewals.contract_line_id, new_lines)
        self.assertEqual(
            {str(date) for date in renewals.mapped("date_start")}, {"2026-01-01"}
        )
        self.assertEqual(
            {str(date) for date in renewals.mapped("date_end")}, {"2026-12-31"}
        )

    def test_renewed_line_is_a_product_line_of_the_contract(self):
        other = self._create_contract(partner=self.other_customer)
        note = self.env["contract.line"].create(
            {
                "contract_id": self.contract.id,
                "display_type": "line_note",
                "name": "Terms apply",
            }
        )
        for line in (other.contract_line_ids, note):
            with (
                self.subTest(line=line.name),
                self.assertRaisesRegex(ValidationError, "product line of the"),
                self.env.cr.savepoint(),
            ):
                self.env["contract.renewal"].create(
                    {
                        "contract_id": self.contract.id,
                        "contract_line_id": line.id,
                        "date_start": "2026-01-01",
                    }
                )
        self.assertFalse(self.contract.renewal_ids)

    def test_supplier_contract_renewal_is_not_billed(self):
        supplier_contract = self._create_contract(contract_type="purchase")
        new_line = supplier_contract.contract_line_ids.renew()
        self.assertEqual(str(new_line.date_end), "2026-12-31")
        self.assertFalse(new_line.renewal_ids)
        self.assertEqual(supplier_contract.renewal_count, 0)
        with (
            self.assertRaisesRegex(ValidationError, "supplier contract"),
            self.env.cr.savepoint(),
        ):
            self.env["contract.renewal"].create(
                {"contract_id": supplier_contract.id, "date_start": "2026-01-01"}
            )
        self.assertFalse(supplier_contract.renewal_ids)

    def test_last_renewal_prices_in_one_search(self):
        """Renewals created together find their last renewal price with one
        search, each the one of its own contract and product."""
        other = self._create_contract(partner=self.other_customer)
        Renewal = self.env["contract.renewal"]
        Renewal.create(
            {
                "contract_id": self.contract.id,
                "contract_line_id": self.line.id,
                "date_start": "2025-01-01",
                "price": 170.0,
            }
        )
        searches = []
        original_search_fetch = type(Renewal).search_fetch

        def counting_search_fetch(records, *args, **kwargs):
            searches.append(records._name)
            return original_search_fetch(records, *args, **kwargs)

        with patch.object(type(Renewal), "search_fetch", counting_search_fetch):
            renewals = Renewal.create(
                [
                    {
                        "contract_id": contract.id,
                        "contract_line_id": contract.contract_line_ids.id,
                        "date_start": "2026-01-01",
                        "date_end": "2026-12-31",
                    }
                    for contract in (self.contract, other)
                ]
            )
        self.assertEqual(searches, ["contract.renewal"])
        self.assertEqual(renewals.mapped("price"), [170.0, 150.0])

    def test_renewal_price_covers_the_renewed_period(self):
        """A line invoiced monthly and renewed for a year: 12 periods."""
        self.line.write(
            {"recurring_rule_type": "monthly", "price_unit": 20.0, "quantity": 2}
        )
        renewal = self._renew()
        self.assertEqual(renewal.price, 480.0)

    def test_renewal_price_counts_the_periods_that_start_in_it(self):
        """A monthly line renewed for six weeks: two invoicing periods start
        in it, the contract invoices both."""
        self.line.write({"recurring_rule_type": "monthly", "price_unit": 20.0})
        renewal = self.env["contract.renewal"].create(
            {
                "contract_id": self.contract.id,
                "contract_line_id": self.line.id,
                "date_start": "2026-01-01",
                "date_end": "2026-02-11",
            }
        )
        self.assertEqual(renewal.price, 40.0)
        renewal.date_end = "2026-01-31"
        self.assertEqual(renewal.price, 20.0)

    def test_extending_a_line_records_a_renewal(self):
        self.env.company.create_new_line_at_contract_line_renew = False
        renewal = self.line.renew().renewal_ids
        self.assertEqual(renewal.contract_line_id, self.line)
        self.assertEqual(str(self.line.date_end), "2026-12-31")

    def test_policy_last_renewal_price(self):
        renewal = self._renew()
        action = renewal.action_create_sale_order()
        order = renewal.sale_order_id
        self.assertEqual(order.type_id, self.order_type_renewal)
        self.assertEqual(order.postsale_subject, "Contract renewal")
        self.assertEqual(order.postsale_case, "renewal")
        self.assertEqual(order.order_line.product_id, self.product_renewal)
        self.assertEqual(order.order_line.price_unit, 150.0)
        self.assertIn("Renewal of", order.order_line.name)
        self.assertEqual(renewal.state, "ordered")
        self.assertEqual(action["res_model"], "postsale.billing.result")

    def test_policy_list_price(self):
        self.config_renewal.renewal_price_policy = "list_price"
        renewal = self._renew()
        renewal.action_create_sale_order()
        self.assertEqual(renewal.sale_order_id.order_line.price_unit, 100.0)

    def test_last_renewal_price_follows_the_previous_renewal(self):
        first = self._renew()
        first.price = 180.0
        first.action_create_sale_order()
        with freeze_time("2026-12-15"):
            second = first.contract_line_id.renew().renewal_ids
        self.assertEqual(second.price, 180.0)
        second.action_create_sale_order()
        self.assertEqual(second.sale_order_id.order_line.price_unit, 180.0)

    def test_billing_user_bills_a_renewal(self):
        renewal = self._renew()
        renewal.with_user(self.user_accountant).action_create_sale_order()
        self.assertTrue(renewal.sale_order_id)
        with self.assertRaisesRegex(UserError, "already linked"):
            renewal.with_user(self.user_accountant).action_create_sale_order()

    def test_renewal_access_tiers(self):
        renewal = self._renew()
        for user in (self.user_salesman, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                renewal.with_user(user).action_create_sale_order()

    def test_link_renewal_to_an_order_of_its_customer(self):
        renewal = self._renew()
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        renewal.sale_order_id = order
        self.assertEqual(renewal.state, "ordered")
        other = self.env["sale.order"].create({"partner_id": self.other_customer.id})
        with (
            self.assertRaisesRegex(ValidationError, "not an order of"),
            self.env.cr.savepoint(),
        ):
            renewal.sale_order_id = other
        self.assertEqual(renewal.sale_order_id, order)
