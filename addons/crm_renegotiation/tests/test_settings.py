# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from odoo import Command
from odoo.tests import Form

from .common import RenegotiationCommon


class TestRenegotiationSettings(RenegotiationCommon):
    """What a company without configuration gets, and what the install
    leaves alone."""

    def _set_discounts_setting(self, enabled):
        group = self.env.ref("sale.group_discount_per_so_line")
        self.env.ref("base.group_user").implied_ids = [
            Command.link(group.id) if enabled else Command.unlink(group.id)
        ]

    def test_every_company_gets_the_template_and_the_stage(self):
        company = self.env["res.company"].create({"name": "Fjord Licences AS"})
        template = self.env.ref("crm_renegotiation.sale_order_template_renegotiation")
        self.assertEqual(company.renegotiation_order_template_id, template)
        self.assertEqual(template.number_of_days, 7)
        self.assertTrue(template.require_signature)
        self.assertEqual(
            company.renegotiation_sent_stage_id,
            self.env.ref("crm_renegotiation.helpdesk_ticket_stage_contract_sent"),
        )

    def test_missing_settings_in_one_sentence(self):
        self.company.write(
            {
                "renegotiation_team_id": False,
                "renegotiation_stage_id": False,
                "renegotiation_order_template_id": False,
            }
        )
        message = self.company._get_renegotiation_missing_settings_message()
        for setting in (
            "Renegotiation Pipeline",
            "Renegotiation Stage",
            "Renegotiation Quotation Template",
        ):
            self.assertIn(setting, message)
        self.assertIn("CRM > Configuration > Settings > Renegotiation", message)
        self.assertNotIn("Booking Team", message)
        self.company.write(
            {
                "renegotiation_team_id": self.team.id,
                "renegotiation_stage_id": self.stage.id,
                "renegotiation_order_template_id": self.template.id,
            }
        )
        self._set_discounts_setting(True)
        self.assertFalse(self.company._get_renegotiation_missing_settings_message())

    def test_unconfigured_wizard_and_deal_say_what_is_missing(self):
        self.company.renegotiation_stage_id = False
        form = self._wizard_form(user=self.salesman)
        self.assertIn("Renegotiation Stage", form.settings_warning)
        renegotiation = self._start(20, 90.0, user=self.salesman)
        notes = renegotiation.lead_id.message_ids.filtered(
            lambda m: "Renegotiation Stage" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)

    def test_configured_company_is_not_told_anything(self):
        self._set_discounts_setting(True)
        form = self._wizard_form(user=self.salesman)
        self.assertFalse(form.settings_warning)
        renegotiation = self._start(20, 90.0, user=self.salesman)
        self.assertFalse(
            renegotiation.lead_id.message_ids.filtered(
                lambda m: "still missing" in (m.body or "")
            )
        )

    def test_discounts_are_offered_not_forced(self):
        """The install makes nobody a member of the Discounts feature of
        Sales; the settings say when the template's discount lines need it."""
        self._set_discounts_setting(False)
        self.assertTrue(self.company._renegotiation_template_needs_discounts())
        message = self.company._get_renegotiation_missing_settings_message()
        self.assertIn("Discounts", message)
        self.assertIn("Sales > Configuration > Settings > Pricing", message)
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.renegotiation_template_has_discounts)
        self.assertFalse(settings.group_discount_per_so_line)
        # the discount of the template still reaches the quotation
        order = self._start(20, 90.0, user=self.salesman).order_id
        onboarding = order.order_line.filtered(
            lambda line: line.product_id == self.onboarding_product
        )
        self.assertEqual(onboarding.discount, 100.0)
        self._set_discounts_setting(True)
        self.assertFalse(self.company._renegotiation_template_needs_discounts())

    def test_settings_page_shows_the_renegotiation_block(self):
        form = Form(self.env["res.config.settings"])
        self.assertEqual(form.renegotiation_order_template_id, self.template)


class TestSendWithoutPdf(RenegotiationCommon):
    """A server that cannot render PDF documents still sends the contract."""

    def test_sent_with_the_link_only_and_the_sender_is_told(self):
        order = self._start(20, 90.0, user=self.salesman).order_id
        with patch.object(
            type(self.env["ir.actions.report"]),
            "get_wkhtmltopdf_state",
            return_value="install",
        ):
            order.with_user(self.salesman).action_renegotiation_send()
        self.assertEqual(order.state, "sent")
        email = order.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.signatory in m.partner_ids
        )
        self.assertEqual(len(email), 1)
        self.assertFalse(email.attachment_ids)
        self.assertIn(order.name, email.subject)
        self.assertIn(order.name, email.body)
        self.assertTrue(
            order.message_ids.filtered(lambda m: "without its PDF" in (m.body or ""))
        )
        self.assertEqual(
            len(order.message_ids.filtered(lambda m: m.message_type == "sms")), 1
        )

    def test_sent_with_the_pdf_when_the_server_renders_it(self):
        order = self._start(20, 90.0, user=self.salesman).order_id
        with patch.object(
            type(self.env["ir.actions.report"]),
            "get_wkhtmltopdf_state",
            return_value="ok",
        ):
            order.with_user(self.salesman).action_renegotiation_send()
        email = order.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.signatory in m.partner_ids
        )
        self.assertTrue(email.attachment_ids)
        self.assertFalse(
            order.message_ids.filtered(lambda m: "without its PDF" in (m.body or ""))
        )
