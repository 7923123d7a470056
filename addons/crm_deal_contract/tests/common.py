# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.contract_amendment.tests.common import ContractAmendmentCommon


class DealContractCommon(ContractAmendmentCommon):
    """A deal of the customer with a confirmed order (a contract product and
    goods) and a quotation, sold by a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_deal_contract_data()

    @classmethod
    def setup_deal_contract_data(cls):
        cls.terminal = cls.env["product.product"].create(
            {
                "name": "Handheld terminal",
                "type": "consu",
                "list_price": 890.0,
                "taxes_id": False,
            }
        )
        cls.seller = new_test_user(
            cls.env,
            login="deal_seller",
            name="Dana Deal",
            groups="sales_team.group_sale_salesman",
        )
        cls.deal = cls.env["crm.lead"].create(
            {
                "name": "Terminals and licences",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
            }
        )
        cls.order = cls._deal_order([(cls.licence, 5), (cls.terminal, 2)])
        cls.order.action_confirm()
        cls.quotation = cls._deal_order([(cls.terminal, 1)])

    @classmethod
    def _deal_order(cls, lines):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.contact.id,
                "opportunity_id": cls.deal.id,
                "user_id": cls.seller.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
