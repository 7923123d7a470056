"""The three addons installed together: flows that cross them."""

from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class TestIntegration(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Integration customer", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Integration licence", "type": "service", "list_price": 10.0}
        )
        cls.contract = cls.env["contract.contract"].create(
            {
                "name": "Integration agreement",
                "partner_id": cls.customer.id,
                "contract_type": "sale",
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "name": "Licences",
                            "quantity": 12,
                            "recurring_rule_type": "monthly",
                            "recurring_interval": 1,
                        }
                    )
                ],
            }
        )

    def test_salesperson_opens_the_contract_form(self):
        """Every addon adds fields to the contract form: a salesperson, who
        renegotiates contracts (crm_renegotiation), can still open it."""
        salesperson = new_test_user(
            self.env, login="integration_sales", groups="sales_team.group_sale_salesman"
        )
        form = Form(
            self.contract.with_user(salesperson),
            view="contract.contract_contract_customer_form_view",
        )
        self.assertEqual(form.name, "Integration agreement")
