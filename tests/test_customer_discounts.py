"""C2: a customer's discounts on products (its pricelist) reach every
document that sells to it: the renegotiation quotation (products added),
a post-sale order of ticket work, and the contract lines of a won deal."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form

from odoo.addons.crm_renegotiation.tests.common import RenegotiationDataMixin
from odoo.addons.postsale_billing.tests.common import PostsaleBillingCommon


@freeze_time("2026-03-10")
class TestCustomerDiscounts(RenegotiationDataMixin, PostsaleBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_renegotiation_data()
        # prices by customer: Odoo's pricelists feature
        cls.env.ref("base.group_user").implied_ids |= cls.env.ref(
            "product.group_product_pricelist"
        )
        cls.analytics = cls.env["product.product"].create(
            {
                "name": "Analytics module",
                "type": "service",
                "list_price": 40.0,
                "taxes_id": False,
                "is_contract": True,
                "contract_recurring_rule_type": "monthly",
                "contract_recurring_interval": 1,
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Customer agreement: 10 % off",
                "currency_id": cls.env.company.currency_id.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": product.id,
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                        }
                    )
                    for product in (cls.analytics, cls.product_intervention)
                ],
            }
        )
        cls.customer.property_product_pricelist = cls.pricelist

    def _net_price(self, line):
        return line.price_unit * (1 - (line.discount or 0.0) / 100.0)

    def test_discount_reaches_the_renegotiation_quotation(self):
        form = Form(
            self.env["crm.renegotiation.wizard"]
            .with_user(self.salesman)
            .with_context(default_ticket_id=self.ticket.id)
        )
        form.new_licences = 25
        with form.upsell_line_ids.new() as line:
            line.product_id = self.analytics
            line.quantity = 5
            self.assertEqual(line.price_unit, 36.0)
        action = form.save().action_confirm()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.pricelist_id, self.pricelist)
        added = order.order_line.filtered(lambda ol: ol.product_id == self.analytics)
        self.assertAlmostEqual(self._net_price(added), 36.0)
        # signed: the contract line carries the customer's price
        order.action_renegotiation_send()
        order.action_confirm()
        contract_line = self.contract.contract_line_ids.filtered(
            lambda li: li.product_id == self.analytics
        )
        self.assertAlmostEqual(
            contract_line.price_unit * (1 - contract_line.discount / 100.0), 36.0
        )

    def test_discount_reaches_the_post_sale_order(self):
        ticket = self._create_ticket(partner=self.contact)
        self._create_activity(ticket, quantity=2.0)
        ticket.action_create_order()
        order = ticket.postsale_order_ids
        self.assertEqual(order.pricelist_id, self.pricelist)
        line = order.order_line.filtered(
            lambda ol: ol.product_id == self.product_intervention
        )
        self.assertTrue(line)
        self.assertAlmostEqual(self._net_price(line), 72.0)

    def test_discount_reaches_the_contract_lines_of_a_won_deal(self):
        deal = self.env["crm.lead"].create(
            {
                "name": "More analytics",
                "type": "opportunity",
                "partner_id": self.customer.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "opportunity_id": deal.id,
                "contract_date_start": date(2026, 4, 1),
                "order_line": [
                    Command.create(
                        {"product_id": self.analytics.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        self.assertEqual(order.pricelist_id, self.pricelist)
        order.action_confirm()
        deal.action_set_won()
        line = deal.contract_line_ids
        self.assertEqual(line.product_id, self.analytics)
        self.assertAlmostEqual(line.price_unit * (1 - line.discount / 100.0), 36.0)
        self.assertEqual(line.date_start, date(2026, 4, 1))
