# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import ContractPortalCommon


class TestContractPortalPerformance(ContractPortalCommon):
    """The page costs the same number of queries for 1 and for 20 modules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Tariffs", "currency_id": cls.env.company.currency_id.id}
        )
        cls.contract.pricelist_id = cls.pricelist

    def _add_modules(self, count):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Tariff {index}",
                    "type": "service",
                    "list_price": 10.0 + index,
                }
                for index in range(count)
            ]
        )
        for product in products:
            product.write(
                {
                    "contract_tariff_alternative_ids": [
                        Command.set(self.tariff_pro.ids)
                    ],
                    "contract_addon_option_ids": [
                        Command.set(self.option_recording.ids)
                    ],
                }
            )
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": product.id,
                    "min_quantity": quantity,
                    "compute_price": "fixed",
                    "fixed_price": 20.0 - quantity,
                }
                for product in products
                for quantity in (1, 10)
            ]
        )
        for index, product in enumerate(products):
            line = self._create_line(
                self.contract,
                product=product,
                date_start=date(2026, 1, 1),
                # Half priced by the price list, half with a specific price.
                automatic_price=not index % 2,
                quantity=1 + index % 3,
            )
            line.contract_portal_info_ids = [
                Command.create(
                    {"name": "Number", "value": "1", "customer_editable": True}
                ),
                Command.create(
                    {"name": "Trunk", "value": "t", "customer_editable": False}
                ),
            ]
            self._create_line(
                self.contract,
                product=self.option_recording,
                date_start=date(2026, 2, 1),
                addon_parent_line_id=line.id,
            )
            if index % 4 == 3:
                # Some modules end, others have a pending tariff change.
                line.write({"date_end": date(2026, 6, 30)})

    def _page_queries(self):
        """Queries of the page's values and of rendering its two tabs."""
        account = self.account.with_user(self.owner).sudo()
        QWeb = self.env["ir.qweb"]

        def render():
            values = account._prepare_contract_portal_values()
            values.update(
                {
                    "csrf_token": "token",
                    "manager_mode": False,
                    "page_url": "/my/contract-management",
                    "modules_url": "/my/contract-management?tab=modules",
                }
            )
            QWeb._render("contract_portal.contract_management_information", values)
            return QWeb._render("contract_portal.contract_management_modules", values)

        render()  # compile the templates
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        render()  # warm the caches that do not depend on the data
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        html = render()
        return self.env.cr.sql_log_count - start, html

    @freeze_time("2026-03-15")
    def test_query_count_does_not_depend_on_modules(self):
        self._add_modules(1)
        queries_1, html_1 = self._page_queries()
        self.assertEqual(html_1.count('card mb-3 o_contract_module"'), 1)
        self._add_modules(19)
        queries_20, html_20 = self._page_queries()
        self.assertEqual(html_20.count('card mb-3 o_contract_module"'), 20)
        self.assertEqual(queries_20, queries_1)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_1):
            account = self.account.with_user(self.owner).sudo()
            values = account._prepare_contract_portal_values()
            values.update(csrf_token="token", manager_mode=False)
            self.env["ir.qweb"]._render(
                "contract_portal.contract_management_information", values
            )
            self.env["ir.qweb"]._render(
                "contract_portal.contract_management_modules", values
            )

    def _create_priced_products(self, count):
        products = self.env["product.product"].create(
            [{"name": f"Priced {index}", "type": "service"} for index in range(count)]
        )
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": product.id,
                    "min_quantity": quantity,
                    "compute_price": "fixed",
                    "fixed_price": 20.0 - quantity,
                }
                for product in products
                for quantity in (1, 10)
            ]
        )
        return products

    def test_tariff_prices_in_one_batch(self):
        """The prices of the alternative tariffs cost the same queries for
        one and for five tariffs, at the module's quantity; an option is
        priced for one unit."""
        line = self._create_line(self.contract, quantity=10)
        line._get_contract_portal_tariff_prices(self._create_priced_products(1))

        def price_queries(products):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            prices = line._get_contract_portal_tariff_prices(products)
            return self.env.cr.sql_log_count - start, prices

        queries_1, prices_1 = price_queries(self._create_priced_products(1))
        queries_5, prices_5 = price_queries(self._create_priced_products(5))
        self.assertEqual(queries_5, queries_1)
        self.assertEqual(set(prices_5.values()), {10.0})
        option = self._create_priced_products(1)
        self.assertEqual(
            line._prepare_contract_portal_option_values(option, line.date_start)[
                "specific_price"
            ],
            19.0,
        )
