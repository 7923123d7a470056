# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time
from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import ContractPortalCommon

PAGE = "/my/contract-management"


@tagged("post_install", "-at_install")
class TestChangeEffectPages(ContractPortalCommon, HttpCase):
    """Before confirming a cancellation or a tariff change, the page shows
    what it does to the invoicing; confirming does exactly that."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Phone Basic at 29 a month from January, one month of notice,
        # invoiced until the end of March.
        cls.line = cls._create_line(cls.contract, date_start=date(2026, 1, 1))
        cls.line.last_date_invoiced = date(2026, 3, 31)

    def _effect(self, url, product=None):
        """The effect block of the page, as ``{name: (data-date, data-amount,
        text)}``."""
        self.authenticate("cp_owner", "cp_owner")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        scope = (
            f"//*[@data-product-id='{product.id}']//"
            if product
            else "//*[@name='change_effect']//"
        )
        effect = {}
        for name in (
            "effect_last_date_invoiced",
            "effect_last_day_current",
            "effect_price",
            "effect_next_invoice",
        ):
            (node,) = tree.xpath(f"{scope}*[@name='{name}']")
            effect[name] = (
                node.get("data-date"),
                node.get("data-amount"),
                " ".join(node.text_content().split()),
            )
        return effect

    def _post(self, url, data=None):
        data = dict(data or {}, csrf_token=Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False, method="POST")

    def test_cancellation_preview(self):
        with freeze_time("2026-03-10"):
            effect = self._effect(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertIn("03/31/2026", effect["effect_last_date_invoiced"][2])
            self.assertEqual(effect["effect_last_day_current"][0], "2026-04-30")
            self.assertEqual(effect["effect_price"][0], "2026-05-01")
            self.assertEqual(effect["effect_next_invoice"][:2], ("2026-04-01", "29.0"))
            self.assertIn("29.00", effect["effect_next_invoice"][2])
            response = self._post(f"{PAGE}/module/{self.line.id}/cancel")
            self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.line.date_end, date(2026, 4, 30))
        self.assertEqual(self.line.recurring_next_date, date(2026, 4, 1))
        self.assertEqual(self.line.next_period_date_end, date(2026, 4, 30))

    def test_tariff_change_preview(self):
        """April, already due, at the current price; Phone Pro from May."""
        with freeze_time("2026-03-10"):
            url = f"{PAGE}/module/{self.line.id}/change-tariff"
            effect = self._effect(url, self.tariff_pro)
            self.assertEqual(effect["effect_last_day_current"][0], "2026-04-30")
            self.assertEqual(effect["effect_price"][0], "2026-05-01")
            self.assertIn("49.00", effect["effect_price"][2])
            self.assertEqual(effect["effect_next_invoice"][:2], ("2026-04-01", "29.0"))
            response = self._post(url, {"product_id": self.tariff_pro.id})
            self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        successor = self.line.successor_contract_line_id
        self.assertEqual(successor.date_start, date(2026, 5, 1))
        self.assertEqual(successor.price_unit, 49.0)
        self.assertEqual(self.line.recurring_next_date, date(2026, 4, 1))

    def test_tariff_change_preview_next_invoice_at_the_new_price(self):
        """April invoiced too: the next invoice is the first of Phone Pro."""
        self.line.last_date_invoiced = date(2026, 4, 30)
        with freeze_time("2026-03-10"):
            url = f"{PAGE}/module/{self.line.id}/change-tariff"
            effect = self._effect(url, self.tariff_pro)
            self.assertEqual(effect["effect_next_invoice"][:2], ("2026-05-01", "49.0"))
            self._post(url, {"product_id": self.tariff_pro.id})
        self.env.invalidate_all()
        successor = self.line.successor_contract_line_id
        self.assertEqual(successor.recurring_next_date, date(2026, 5, 1))
        self.assertEqual(successor.price_subtotal, 49.0)
