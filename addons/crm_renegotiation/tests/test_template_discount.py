# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import RenegotiationCommon


class TestTemplateDiscount(RenegotiationCommon):
    """R6: quotation template lines carry a discount that orders keep."""

    def test_order_from_template_keeps_the_discount(self):
        # A quotation made by hand from the template shows and keeps the
        # discounts with the Discounts setting of Sales, which the
        # renegotiation settings ask for (the renegotiation wizard keeps
        # them in any case).
        group = self.env.ref("sale.group_discount_per_so_line")
        self.env.ref("base.group_user").implied_ids = [Command.link(group.id)]
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        form.sale_order_template_id = self.template
        order = form.save()
        line = order.order_line.filtered(
            lambda ol: ol.product_id == self.onboarding_product
        )
        self.assertEqual(line.discount, 100.0)
        self.assertEqual(line.price_unit, 500.0)
        self.assertEqual(line.price_subtotal, 0.0)

    def test_line_values_carry_the_discount(self):
        template_line = self.template.sale_order_template_line_ids
        self.assertEqual(template_line._prepare_order_line_values()["discount"], 100.0)
        template_line.discount = 0.0
        self.assertNotIn("discount", template_line._prepare_order_line_values())

    def test_discount_is_a_percentage(self):
        for value in (-1.0, 100.01):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.template.sale_order_template_line_ids.discount = value

    def test_template_form_shows_the_discount(self):
        with (
            Form(self.template.with_user(self.sales_manager)) as form,
            form.sale_order_template_line_ids.edit(0) as line,
        ):
            self.assertEqual(line.discount, 100.0)
            line.discount = 50.0
        self.assertEqual(self.template.sale_order_template_line_ids.discount, 50.0)
