"""A database without demo data: what the install creates for every company,
and what the first renegotiation says about the settings still missing."""

from odoo import Command, fields
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class TestWithoutDemo(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="nodemo_salesman",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "First Customer AS", "is_company": True}
        )
        cls.signatory = cls.env["res.partner"].create(
            {
                "name": "Siri Signer",
                "parent_id": cls.customer.id,
                "email": "siri@first.example.com",
                "phone": "+47 900 00 000",
                "signing_authority": True,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Licence", "type": "service", "list_price": 100.0}
        )
        cls.contract = cls.env["contract.contract"].create(
            {
                "name": "Agreement",
                "partner_id": cls.customer.id,
                "contract_type": "sale",
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "name": "Licences",
                            "quantity": 10,
                            "recurring_rule_type": "monthly",
                            "date_start": fields.Date.subtract(
                                fields.Date.today(), months=6
                            ),
                        }
                    )
                ],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Fewer licences",
                "description": "<p>Please.</p>",
                "partner_id": cls.signatory.id,
            }
        )

    def test_database_has_no_demo_data(self):
        self.assertFalse(self.env.ref("base.user_demo", raise_if_not_found=False))
        self.assertFalse(
            self.env["ir.module.module"].search([("demo", "=", True)]),
            "these tests must run in a database without demo data",
        )

    def test_install_creates_what_every_company_needs(self):
        company = self.env.company
        template = company.renegotiation_order_template_id
        self.assertEqual(
            template,
            self.env.ref("crm_renegotiation.sale_order_template_renegotiation"),
        )
        self.assertEqual(template.number_of_days, 7)
        self.assertEqual(
            company.renegotiation_sent_stage_id,
            self.env.ref("crm_renegotiation.helpdesk_ticket_stage_contract_sent"),
        )
        self.assertTrue(company.renegotiation_booking_team_id)
        self.assertTrue(company.renegotiation_deal_type_id)

    def test_first_renegotiation_names_the_missing_settings(self):
        form = Form(
            self.env["crm.renegotiation.wizard"]
            .with_user(self.salesman)
            .with_context(default_ticket_id=self.ticket.id)
        )
        warning = form.settings_warning
        for setting in ("Renegotiation Pipeline", "Renegotiation Stage"):
            self.assertIn(setting, warning)
        self.assertIn("CRM > Configuration > Settings > Renegotiation", warning)
        form.new_licences = 8
        wizard = form.save()
        order = self.env["sale.order"].browse(wizard.action_confirm()["res_id"])
        # the quotation follows the default template: a week to sign
        self.assertEqual(
            order.validity_date,
            fields.Date.add(fields.Date.context_today(order), days=7),
        )
        lead = order.opportunity_id
        notes = lead.message_ids.filtered(lambda m: "still missing" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Renegotiation Pipeline", notes.body)
