# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date
from urllib.parse import urlsplit

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ContractPortalCommon

PAGE = "/my/contract-management"


class ContractPortalOrderCommon(ContractPortalCommon):
    """Modules the customer can order: a paid one, one the customer's price
    list makes free, one of another company, one not orderable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._create_line(cls.contract, date_start=date(2026, 1, 1))
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Customer tariffs", "currency_id": cls.env.company.currency_id.id}
        )
        cls.contract.pricelist_id = cls.pricelist
        # Only the modules of this test are offered (not the demo's).
        cls.env["product.template"].search(
            [("contract_portal_orderable", "=", True)]
        ).contract_portal_orderable = False
        Product = cls.env["product.product"]
        module_values = {
            "type": "service",
            "is_contract": True,
            "contract_recurring_rule_type": "monthly",
            "contract_recurring_interval": 1,
            "contract_termination_notice_interval": 2,
            "contract_termination_notice_rule_type": "monthly",
            "contract_portal_orderable": True,
            "taxes_id": False,
        }
        cls.video = Product.create(
            {"name": "Video meetings", "list_price": 19.0, **module_values}
        )
        cls.statistics = Product.create(
            {"name": "Call statistics", "list_price": 6.0, **module_values}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign = Product.create(
            {
                "name": "Foreign module",
                "list_price": 5.0,
                "company_id": cls.other_company.id,
                **module_values,
            }
        )
        cls.not_orderable = Product.create(
            {
                "name": "Back-office module",
                "list_price": 5.0,
                **dict(module_values, contract_portal_orderable=False),
            }
        )
        cls.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": cls.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": cls.video.id,
                    "compute_price": "fixed",
                    "fixed_price": 17.0,
                },
                {
                    "pricelist_id": cls.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": cls.statistics.id,
                    "compute_price": "fixed",
                    "fixed_price": 0.0,
                },
            ]
        )

    def _quotations(self):
        return self.env["sale.order"].search(
            [("order_line.contract_id", "=", self.contract.id)]
        )


@freeze_time("2026-03-10")
class TestOrderModule(ContractPortalOrderCommon):
    def test_orderable_modules_with_the_customers_price(self):
        rows = self.contract._get_contract_portal_order_rows()
        self.assertEqual(
            [(row["product"], row["price"]) for row in rows],
            [(self.statistics, 0.0), (self.video, 17.0)],
        )
        self.assertEqual(rows[1]["period"], "1 month")
        self.assertFalse(rows[1]["order"])

    def test_modules_on_the_contract_are_not_offered(self):
        self._create_line(self.contract, self.video, date_start=date(2026, 2, 1))
        products = self.contract._get_contract_portal_orderable_products()
        self.assertEqual(products, self.statistics)
        # an ended module may be ordered again
        self.contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.video
        ).date_end = date(2026, 2, 28)
        self.assertIn(
            self.video, self.contract._get_contract_portal_orderable_products()
        )

    def test_orderable_needs_a_contract_product(self):
        with self.assertRaisesRegex(ValidationError, "only as a contract product"):
            self.env["product.product"].create(
                {
                    "name": "Not a contract product",
                    "type": "service",
                    "contract_portal_orderable": True,
                }
            )

    def test_owner_orders_a_quotation_to_sign(self):
        order = self.contract.with_user(self.owner)._contract_portal_order_module(
            self.video
        )
        self.assertEqual(order._name, "sale.order")
        self.assertEqual(order.partner_id, self.owner_contact)
        self.assertTrue(order.require_signature)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.video.id,
                    "price_unit": 17.0,
                    "contract_id": self.contract.id,
                }
            ],
        )
        # nothing reaches the contract before the signature
        self.assertNotIn(self.video, self.contract.contract_line_ids.product_id)
        rows = self.contract._get_contract_portal_order_rows()
        self.assertEqual(rows[1]["order"], order)
        # a second click: the same quotation
        again = self.contract.with_user(self.owner)._contract_portal_order_module(
            self.video
        )
        self.assertEqual(again, order)
        self.assertEqual(self._quotations(), order)
        # an expired quotation cannot be signed: ordering makes a new one
        order.validity_date = date(2026, 3, 9)
        renewed = self.contract.with_user(self.owner)._contract_portal_order_module(
            self.video
        )
        self.assertNotEqual(renewed, order)
        renewed._action_cancel()
        order.validity_date = date(2026, 4, 9)
        # Signing confirms the order, which adds the module with the
        # product's terms, once.
        order.action_confirm()
        added = self.contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.video
        )
        self.assertRecordValues(
            added,
            [
                {
                    "quantity": 1.0,
                    "price_unit": 17.0,
                    "date_start": date(2026, 3, 10),
                    "termination_notice_interval": 2,
                    "sale_order_line_id": order.order_line.id,
                }
            ],
        )
        self.assertNotIn(
            self.video, self.contract._get_contract_portal_orderable_products()
        )

    def test_free_module_is_added_at_once(self):
        line = self.contract.with_user(self.owner)._contract_portal_order_module(
            self.statistics
        )
        self.assertEqual(line._name, "contract.line")
        self.assertRecordValues(
            line,
            [
                {
                    "contract_id": self.contract.id,
                    "product_id": self.statistics.id,
                    "price_unit": 0.0,
                    "date_start": date(2026, 3, 10),
                    "recurring_rule_type": "monthly",
                    "termination_notice_interval": 2,
                }
            ],
        )
        self.assertFalse(self._quotations())
        self.assertTrue(
            self.contract.modification_ids.filtered(
                lambda m: "Call statistics added" in m.description
            )
        )
        # a second click adds nothing
        with self.assertRaisesRegex(UserError, "cannot be ordered"):
            self.contract.with_user(self.owner)._contract_portal_order_module(
                self.statistics
            )
        self.assertEqual(
            len(
                self.contract.contract_line_ids.filtered(
                    lambda li: li.product_id == self.statistics
                )
            ),
            1,
        )

    def test_refused_orders_write_nothing(self):
        lines = self.contract.contract_line_ids
        with self.assertRaises(AccessError):
            self.contract.with_user(self.colleague)._contract_portal_order_module(
                self.video
            )
        for product in (self.foreign, self.not_orderable, self.line.product_id):
            with (
                self.subTest(product=product.name),
                self.assertRaisesRegex(UserError, "cannot be ordered"),
            ):
                self.contract.with_user(self.owner)._contract_portal_order_module(
                    product
                )
        with self.assertRaisesRegex(UserError, "choose the module"):
            self.contract.with_user(self.owner)._contract_portal_order_module(
                self.video.browse()
            )
        self.assertFalse(self._quotations())
        self.assertEqual(self.contract.contract_line_ids, lines)

    def test_ended_contract_offers_nothing(self):
        self.line.date_end = date(2026, 2, 28)
        self.assertFalse(self.contract._get_contract_portal_orderable_products())


@tagged("post_install", "-at_install")
class TestOrderModuleRoutes(ContractPortalOrderCommon, HttpCase):
    def _post(self, url, data):
        data = dict(data, csrf_token=Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    def test_page_lists_the_modules_to_order(self):
        self.authenticate("cp_owner", "cp_owner")
        response = self.url_open(f"{PAGE}?tab=modules")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="orderable_modules"', response.text)
        self.assertIn("Video meetings", response.text)
        self.assertIn(f'value="{self.video.id}"', response.text)
        self.assertNotIn("Foreign module", response.text)
        self.assertNotIn("Back-office module", response.text)
        # a colleague sees them, without the forms
        self.authenticate("cp_colleague", "cp_colleague")
        response = self.url_open(f"{PAGE}?tab=modules")
        self.assertIn("Video meetings", response.text)
        self.assertNotIn('name="form_order_module"', response.text)

    def test_order_leads_to_the_quotation(self):
        self.authenticate("cp_owner", "cp_owner")
        url = f"{PAGE}/contract/{self.contract.id}/order"
        response = self._post(url, {"product_id": self.video.id})
        self.assertEqual(response.status_code, 303)
        order = self._quotations()
        self.assertEqual(len(order), 1)
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, f"/my/orders/{order.id}")
        self.assertIn(f"access_token={order.access_token}", location.query)
        # twice: the same quotation
        response = self._post(url, {"product_id": self.video.id})
        self.assertEqual(urlsplit(response.headers["Location"]).path, location.path)
        self.assertEqual(self._quotations(), order)
        # the quotation page says what signing adds to the contract
        response = self.url_open(response.headers["Location"])
        self.assertIn('id="contract_changes"', response.text)

    def test_free_module_back_to_the_modules(self):
        self.authenticate("cp_owner", "cp_owner")
        response = self._post(
            f"{PAGE}/contract/{self.contract.id}/order",
            {"product_id": self.statistics.id},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=module_added", response.headers["Location"])
        self.assertIn(self.statistics, self.contract.contract_line_ids.product_id)

    def test_bad_input_in_the_page(self):
        url = f"{PAGE}/contract/{self.contract.id}/order"
        lines = self.contract.contract_line_ids
        self.authenticate("cp_owner", "cp_owner")
        with mute_logger("odoo.http"):
            for product_id, message in (
                ("abc", "did not offer"),
                (self.foreign.id, "products the page offers"),
                (self.not_orderable.id, "products the page offers"),
                ("", "choose the module"),
            ):
                with self.subTest(product_id=product_id):
                    response = self._post(url, {"product_id": product_id})
                    self.assertEqual(response.status_code, 400)
                    self.assertIn(message, response.text)
                    self.assertIn('name="error"', response.text)
            self.authenticate("cp_colleague", "cp_colleague")
            response = self._post(url, {"product_id": self.video.id})
            self.assertEqual(response.status_code, 403)
            self.authenticate("cp_other", "cp_other")
            response = self._post(url, {"product_id": self.video.id})
            self.assertEqual(response.status_code, 404)
            # GET never orders
            self.authenticate("cp_owner", "cp_owner")
            response = self.url_open(f"{url}?product_id={self.video.id}")
            self.assertEqual(response.status_code, 405)
        self.assertFalse(self._quotations())
        self.assertEqual(self.contract.contract_line_ids, lines)
