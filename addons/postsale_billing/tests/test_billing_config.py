# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import PostsaleBillingCommon


class TestBillingConfig(PostsaleBillingCommon):
    """B1 and B4: the configuration page, per company and case, only for the
    users given the "Post-sale billing configuration" right."""

    def test_config_user_reads_and_writes(self):
        config = self.config_ticket.with_user(self.user_config)
        self.assertEqual(config.product_id, self.product_default)
        with Form(config) as form:
            form.subject = "Interventions after sale"
        self.assertEqual(self.config_ticket.subject, "Interventions after sale")
        renewal = self.config_renewal.with_user(self.user_config)
        renewal.renewal_price_policy = "list_price"
        self.assertEqual(self.config_renewal.renewal_price_policy, "list_price")

    def test_config_group_implies_salesman(self):
        self.assertTrue(self.user_config.has_group("sales_team.group_sale_salesman"))

    def test_salesman_cannot_read_or_write(self):
        for user in (self.user_salesman, self.user_helpdesk, self.user_accountant):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.config_ticket.with_user(user).read(["subject"])
                with self.assertRaises(AccessError):
                    self.config_ticket.with_user(user).write({"subject": "Hacked"})
                with self.assertRaises(AccessError):
                    self.env["postsale.billing.config"].with_user(user).create(
                        {"billing_case": "renewal", "company_id": self.company.id}
                    )
        self.assertEqual(self.config_ticket.subject, "Post-sale interventions")

    def test_portal_cannot_read(self):
        with self.assertRaises(AccessError):
            self.config_ticket.with_user(self.user_portal).read(["subject"])
        with self.assertRaises(AccessError):
            self.condition_billable.with_user(self.user_portal).read(["name"])

    def test_menu_visible_only_with_group(self):
        menu = self.env.ref("postsale_billing.postsale_billing_config_menu")
        Menu = self.env["ir.ui.menu"]
        visible_config = Menu.with_user(self.user_config)._visible_menu_ids()
        visible_salesman = Menu.with_user(self.user_salesman)._visible_menu_ids()
        self.assertIn(menu.id, visible_config)
        self.assertNotIn(menu.id, visible_salesman)

    def test_conditions_read_by_users_written_by_config(self):
        condition = self.condition_billable.with_user(self.user_helpdesk)
        self.assertEqual(condition.name, "Billable intervention")
        with self.assertRaises(AccessError):
            condition.write({"to_invoice": False})
        self.condition_billable.with_user(self.user_config).write({"to_invoice": True})

    @mute_logger("odoo.sql_db")
    def test_one_config_per_company_and_case(self):
        with self.assertRaises(UniqueViolation), self.env.cr.savepoint():
            self.env["postsale.billing.config"].create(
                {"company_id": self.company.id, "billing_case": "ticket_activity"}
            ).flush_recordset()

    def test_config_of_other_company_is_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        config = self.env["postsale.billing.config"].create(
            {"company_id": other_company.id, "billing_case": "ticket_activity"}
        )
        self.user_config.company_ids = [(4, other_company.id)]
        visible = (
            self.env["postsale.billing.config"]
            .with_user(self.user_config)
            .with_context(allowed_company_ids=self.company.ids)
            .search([])
        )
        self.assertNotIn(config, visible)
        self.assertIn(self.config_ticket, visible)

    def test_subject_is_translated_for_the_customer(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.config_ticket.with_context(
            lang="it_IT"
        ).subject = "Interventi post vendita"
        self.customer.lang = "it_IT"
        self.contact.lang = "it_IT"
        values = self.config_ticket._prepare_sale_order_values(
            self.contact, self.company, "ticket_activity"
        )
        self.assertEqual(values["postsale_subject"], "Interventi post vendita")
        self.assertEqual(values["type_id"], self.order_type_ticket.id)
        self.assertEqual(values["user_id"], self.env.user.id)
