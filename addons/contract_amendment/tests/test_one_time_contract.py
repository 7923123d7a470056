# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from .common import ContractAmendmentCommon


@freeze_time("2026-03-10")
class TestOneTimeContract(ContractAmendmentCommon):
    """E1: what a sale bought besides contract products is recorded as a
    one-time contract, through the one contract mechanism."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terminal = cls.env["product.product"].create(
            {"name": "Handheld terminal", "type": "consu", "list_price": 890.0}
        )

    def test_one_time_contract_records_the_purchase(self):
        order = self._order(
            [(self.terminal, 3, {"discount": 10.0}), (self.licence, 5, {})]
        )
        order.action_confirm()
        contract = order._add_one_time_contracts()
        self.assertRecordValues(
            contract,
            [
                {
                    "is_one_time": True,
                    "one_time_order_id": order.id,
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 3, 10),
                    "recurring_next_date": False,
                }
            ],
        )
        # the goods only: the licences joined a time-based contract
        self.assertRecordValues(
            contract.contract_line_ids,
            [
                {
                    "product_id": self.terminal.id,
                    "quantity": 3.0,
                    "price_unit": 890.0,
                    "discount": 10.0,
                    "date_start": date(2026, 3, 10),
                    "date_end": date(2026, 3, 10),
                    "recurring_next_date": False,
                }
            ],
        )
        licences = order.order_line.contract_created_line_ids.filtered(
            lambda line: line.product_id == self.licence
        )
        self.assertFalse(licences.contract_id.is_one_time)
        # once: a second call (a retried job, a second click) adds nothing
        self.assertFalse(order._add_one_time_contracts())
        self.assertEqual(len(order.one_time_contract_ids), 1)

    def test_one_time_contract_is_never_invoiced(self):
        order = self._order([(self.terminal, 1, {})])
        order.action_confirm()
        contract = order._add_one_time_contracts()
        with freeze_time("2027-03-10"):
            self.env["contract.contract"].cron_recurring_create_invoice()
        self.assertFalse(contract._get_related_invoices())
        # the order invoices the goods
        self.assertEqual(order.order_line.qty_to_invoice, 1.0)

    def test_quotation_and_contract_products_only_make_none(self):
        quotation = self._order([(self.terminal, 1, {})])
        self.assertFalse(quotation._add_one_time_contracts())
        order = self._order([(self.licence, 2, {})])
        order.action_confirm()
        self.assertFalse(order._add_one_time_contracts())

    def test_new_lines_never_join_a_one_time_contract(self):
        order = self._order([(self.terminal, 1, {})])
        order.action_confirm()
        one_time = order._add_one_time_contracts()
        later = self._order([(self.licence, 4, {})])
        later.action_confirm()
        contract = later.order_line.contract_created_line_ids.contract_id
        self.assertTrue(contract)
        self.assertNotEqual(contract, one_time)
        self.assertFalse(contract.is_one_time)
