# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import RenegotiationCommon


class TestRenegotiationStart(RenegotiationCommon):
    """R1-R9, E2: from the ticket (or the contract) to the sent contract."""

    def test_wizard_prefilled_from_ticket(self):
        form = self._wizard_form(user=self.salesman)
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.contact_id, self.contact)
        self.assertEqual(form.signatory_id, self.signatory)
        self.assertEqual(form.contract_id, self.contract)
        self.assertEqual(form.contract_line_id, self.contract_line)
        self.assertEqual(form.current_licences, 25)
        self.assertEqual(form.current_price, 100.0)
        self.assertEqual(form.current_monthly_amount, 2500.0)
        self.assertEqual(form.new_licences, 25)
        self.assertEqual(form.new_price, 100.0)
        self.assertFalse(form.route)

    def test_wizard_shows_impact(self):
        form = self._wizard_form(user=self.salesman)
        form.new_licences = 20
        form.new_price = 90.0
        self.assertEqual(form.licence_delta, -5)
        self.assertEqual(form.new_monthly_amount, 1800.0)
        self.assertEqual(form.monthly_amount_delta, -700.0)
        self.assertEqual(form.route, "customer_success")
        self.assertIn("customer success", form.impact_description)
        form.new_licences = 21
        self.assertEqual(form.route, "invoice_service")
        self.assertIn("invoice service", form.impact_description)
        form.new_licences = 30
        self.assertFalse(form.route)
        self.assertIn("36", form.impact_description)

    @freeze_time("2027-03-10")
    def test_confirm_creates_everything_with_conventions(self):
        renegotiation = self._start(20, 90.0, user=self.salesman)
        # R1: the ticket is enriched
        self.assertEqual(self.ticket.name, "Renegotiation - Nordlys AS")
        self.assertEqual(self.ticket.partner_id, self.contact)
        self.assertEqual(self.ticket.partner_email, "per@nordlys.example.com")
        self.assertEqual(renegotiation.ticket_id, self.ticket)
        # R2: the deal
        lead = renegotiation.lead_id
        self.assertRecordValues(
            lead,
            [
                {
                    "name": "Nordlys AS - RENEGOTIATION",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "stage_id": self.stage.id,
                    "deal_type_id": self.env.ref(
                        "crm_renegotiation.crm_deal_type_renegotiation"
                    ).id,
                    "date_deadline": date(2027, 3, 12),
                    "user_id": self.salesman.id,
                    "meeting_booker_id": self.salesman.id,
                    "licence_count": 20,
                    "delivery_start_date": date(2027, 3, 10),
                    "signatory_id": self.signatory.id,
                    "partner_id": self.signatory.id,
                    "helpdesk_ticket_id": self.ticket.id,
                    "renegotiated_contract_id": self.contract.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(lead.commercial_partner_id, self.customer)
        self.assertEqual(lead.contract_currency_id, self.contract.currency_id)
        self.assertEqual(self.ticket.lead_count, 1)
        # R3-R6: the contract quotation
        order = renegotiation.order_id
        self.assertRecordValues(
            order,
            [
                {
                    "partner_id": self.signatory.id,
                    "opportunity_id": lead.id,
                    "sale_order_template_id": self.template.id,
                    "user_id": self.sender.id,
                    "team_id": self.booking_team.id,
                    "validity_date": date(2027, 3, 17),
                    "require_signature": True,
                    "state": "draft",
                    "currency_id": self.contract.currency_id.id,
                }
            ],
        )
        self.assertRecordValues(
            order.order_line.sorted("sequence"),
            [
                {
                    "product_id": self.licence_product.id,
                    "product_uom_qty": 20.0,
                    "price_unit": 90.0,
                    "discount": 0.0,
                    "contract_line_id": self.contract_line.id,
                    "contract_line_restated": False,
                },
                {
                    "product_id": self.onboarding_product.id,
                    "product_uom_qty": 1.0,
                    "price_unit": 500.0,
                    "discount": 100.0,
                    "contract_line_id": False,
                    "contract_line_restated": False,
                },
            ],
        )
        self.assertEqual(order.order_line[:1].name, "Test licence per month")
        self.assertEqual(lead.expected_revenue, order.amount_untaxed)
        self.assertRecordValues(
            renegotiation,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "old_licences": 25,
                    "new_licences": 20,
                    "old_price": 100.0,
                    "new_price": 90.0,
                    "old_monthly_amount": 2500.0,
                    "new_monthly_amount": 1800.0,
                    "licence_delta": -5,
                    "change_percent": -20.0,
                    "direction": "decrease",
                    "route": "customer_success",
                }
            ],
        )
        # the contract itself is unchanged until the customer signs
        self.assertEqual(len(self.contract.contract_line_ids), 1)
        self.assertEqual(self.contract_line.quantity, 25)

    def test_names_in_the_user_language(self):
        """The ticket prefix and the deal suffix are translated."""
        self.env["res.lang"]._activate_lang("nb_NO")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_renegotiation"], ["nb_NO"], overwrite=True
        )
        renegotiation = self._start(
            20, 90.0, default_ticket_id=self.ticket.id, lang="nb_NO"
        )
        self.assertEqual(self.ticket.name, "Reforhandling - Nordlys AS")
        self.assertEqual(renegotiation.lead_id.name, "Nordlys AS - REFORHANDLING")

    def test_quotation_restates_every_running_line(self):
        """Pre-filled from the contract's lines except licences and price."""
        module_line = self.contract_line.copy(
            {
                "product_id": self.module_product.id,
                "name": "Test module per month",
                "quantity": 25,
                "specific_price": 12.0,
                "discount": 10.0,
            }
        )
        renegotiation = self._start(30, 100.0)
        order_lines = renegotiation.order_id.order_line
        module_order_line = order_lines.filtered(
            lambda ol: ol.contract_line_id == module_line
        )
        self.assertRecordValues(
            module_order_line,
            [
                {
                    "product_uom_qty": 25.0,
                    "price_unit": 12.0,
                    "discount": 10.0,
                    "contract_line_restated": True,
                }
            ],
        )
        self.assertEqual(len(order_lines), 3)

    def test_renegotiate_from_contract_without_ticket(self):
        """E2: "Renegotiate / upsell" on a running contract."""
        action = self.contract.with_user(self.salesman).action_renegotiate()
        self.assertEqual(action["res_model"], "crm.renegotiation.wizard")
        renegotiation = self._start(30, 100.0, user=self.salesman, **action["context"])
        self.assertFalse(renegotiation.ticket_id)
        self.assertFalse(renegotiation.lead_id.helpdesk_ticket_id)
        self.assertEqual(renegotiation.partner_id, self.customer)
        self.assertEqual(renegotiation.signatory_id, self.signatory)
        self.assertEqual(renegotiation.direction, "increase")
        self.assertEqual(renegotiation.lead_id.name, "Nordlys AS - RENEGOTIATION")
        self.assertEqual(self.ticket.name, "We need fewer licences")

    def test_ticket_action_opens_wizard(self):
        action = self.ticket.with_user(self.salesman).action_renegotiate()
        self.assertEqual(action["res_model"], "crm.renegotiation.wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_ticket_id"], self.ticket.id)

    def test_preview_as_the_customer(self):
        """R7: the preview is the customer's portal page."""
        order = self._start(20, 90.0).order_id
        action = order.action_preview_sale_order()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], order.get_portal_url())

    def test_send_by_email_and_sms(self):
        """R5, R8, R9."""
        renegotiation = self._start(20, 90.0, user=self.salesman)
        order = renegotiation.order_id
        order.with_user(self.salesman).action_renegotiation_send()
        self.assertEqual(order.state, "sent")
        self.assertEqual(renegotiation.state, "sent")
        self.assertTrue(renegotiation.date_sent)
        self.assertEqual(order.user_id, self.sender)
        self.assertEqual(order.team_id, self.booking_team)
        self.assertEqual(self.ticket.stage_id, self.sent_stage)
        portal_link = order.get_portal_url()
        self.assertIn("access_token=", portal_link)
        # the e-mail with the portal signing link, from the sender
        email = order.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.signatory in m.partner_ids
        )
        self.assertEqual(len(email), 1)
        self.assertEqual(email.author_id, self.sender.partner_id)
        self.assertIn(order.name, email.subject)
        # the SMS with the same link, queued
        sms_message = order.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(len(sms_message), 1)
        self.assertEqual(sms_message.author_id, self.sender.partner_id)
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", sms_message.id)])
        )
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.partner_id, self.signatory)
        self.assertIn(portal_link, sms.body)
        self.assertIn(order.get_base_url(), sms.body)
        self.assertTrue(sms.number.replace(" ", "").endswith("91234567"))

    def test_sender_falls_back_on_odoobot(self):
        """R5 holds without a configured sender: neither the seller nor the
        booker gets the sale, from the quotation's creation on."""
        self.company.renegotiation_sender_user_id = False
        order = self._start(20, 90.0, user=self.salesman).order_id
        odoobot = self.env.ref("base.user_root")
        self.assertEqual(order.user_id, odoobot)
        order.with_user(self.salesman).action_renegotiation_send()
        self.assertEqual(order.user_id, odoobot)

    def test_delivery_start_defaults_to_the_send_date(self):
        """R2: the delivery starts the day the contract is sent, unless
        another start date was agreed."""
        with freeze_time("2027-03-10"):
            default_start = self._start(20, 90.0)
            agreed_start = self._start(21, 90.0, delivery_start_date=date(2027, 4, 1))
        with freeze_time("2027-03-12"):
            default_start.order_id.action_renegotiation_send()
            agreed_start.order_id.action_renegotiation_send()
        self.assertEqual(default_start.delivery_start_date, date(2027, 3, 12))
        self.assertEqual(default_start.lead_id.delivery_start_date, date(2027, 3, 12))
        self.assertEqual(agreed_start.delivery_start_date, date(2027, 4, 1))
        self.assertEqual(agreed_start.lead_id.delivery_start_date, date(2027, 4, 1))

    def test_send_twice_resends_without_breaking(self):
        order = self._start(20, 90.0).order_id
        order.action_renegotiation_send()
        order.action_renegotiation_send()
        self.assertEqual(order.state, "sent")
        self.assertEqual(
            len(order.message_ids.filtered(lambda m: m.message_type == "sms")), 2
        )

    def test_send_only_a_renegotiation(self):
        other = self.env["sale.order"].create({"partner_id": self.customer.id})
        with self.assertRaises(UserError):
            other.action_renegotiation_send()


class TestRenegotiationErrors(RenegotiationCommon):
    """Bad input: a clear error, and nothing written."""

    def _assert_nothing_written(self, before):
        self.env.invalidate_all()
        self.assertEqual(self._counts(), before)

    def _assert_start_fails(self, message, **values):
        before = self._counts()
        wizard = self._wizard_form().save()
        wizard.write(values)
        with self.assertRaisesRegex(UserError, message):
            wizard.action_confirm()
        self._assert_nothing_written(before)

    def test_nothing_to_renegotiate(self):
        self._assert_start_fails("Nothing to renegotiate")

    def test_negative_or_no_licences(self):
        for licences in (-1, 0):
            with self.subTest(licences=licences):
                self._assert_start_fails("at least 1", new_licences=licences)

    def test_negative_price(self):
        self._assert_start_fails(
            "price of .* cannot be negative", new_licences=20, new_price=-1.0
        )

    def test_signatory_without_signing_authority(self):
        self._assert_start_fails(
            "cannot sign for", new_licences=20, signatory_id=self.contact.id
        )

    def test_signatory_of_another_customer(self):
        other = self.env["res.partner"].create(
            {"name": "Other signatory", "signing_authority": True}
        )
        self._assert_start_fails(
            "cannot sign for", new_licences=20, signatory_id=other.id
        )

    def test_no_signatory(self):
        self._assert_start_fails(
            "Select the signatory", new_licences=20, signatory_id=False
        )

    def test_delivery_start_before_current_line(self):
        for day, message in (
            (date(2023, 12, 31), "cannot start before"),
            (date(2024, 1, 1), "the day after at the earliest"),
        ):
            with self.subTest(day=day):
                self._assert_start_fails(
                    message, new_licences=20, delivery_start_date=day
                )

    def test_delivery_start_after_line_end(self):
        self.contract_line.date_end = date(2099, 1, 31)
        self._assert_start_fails(
            "cannot start after",
            new_licences=20,
            delivery_start_date=date(2099, 2, 1),
        )

    def test_contract_of_another_customer(self):
        other_customer = self.env["res.partner"].create(
            {"name": "Other AS", "is_company": True}
        )
        other_contract = self._create_contract(other_customer, 5, 50.0, code="X")
        before = self._counts()
        wizard = self._wizard_form().save()
        wizard.write(
            {
                "contract_id": other_contract.id,
                "contract_line_id": other_contract.contract_line_ids.id,
                "new_licences": 3,
            }
        )
        with self.assertRaisesRegex(UserError, "does not belong to"):
            wizard.action_confirm()
        self._assert_nothing_written(before)

    def test_line_already_replaced(self):
        """A line replaced by a successor is no longer offered: the wizard
        offers the running line of the module, and amends that one."""
        self.contract_line.stop(date(2026, 1, 31))
        successor = self.contract_line.plan_successor(date(2026, 2, 1), False, False)
        with freeze_time("2026-03-10"):
            form = self._wizard_form()
            self.assertEqual(form.contract_line_id, successor)
            self.assertNotIn(self.contract_line, form.renegotiable_line_ids)
        cancelled = self.contract_line.copy({"is_canceled": True})
        before = self._counts()
        wizard = self._wizard_form().save()
        wizard.write({"contract_line_id": cancelled.id, "new_licences": 20})
        with self.assertRaisesRegex(UserError, "was cancelled"):
            wizard.action_confirm()
        self._assert_nothing_written(before)

    def test_closed_ticket(self):
        """The server refuses what the hidden button would: a closed ticket."""
        wizard = self._wizard_form().save()
        wizard.new_licences = 20
        self.ticket.stage_id = self.env["helpdesk.ticket.stage"].create(
            {"name": "Test closed", "closed": True}
        )
        before = self._counts()
        with self.assertRaisesRegex(UserError, "is closed or archived"):
            wizard.action_confirm()
        self._assert_nothing_written(before)

    def test_archived_contract(self):
        """The server refuses what the hidden button would: an archived
        contract."""
        wizard = self._wizard_form().save()
        wizard.new_licences = 20
        self.contract.active = False
        before = self._counts()
        with self.assertRaisesRegex(UserError, "is archived"):
            wizard.action_confirm()
        self._assert_nothing_written(before)

    def test_send_without_email(self):
        order = self._start(20, 90.0).order_id
        self.signatory.email = False
        before = self._counts()
        with self.assertRaisesRegex(UserError, "e-mail address"):
            order.action_renegotiation_send()
        self._assert_nothing_written(before)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.renegotiation_id.state, "draft")
        self.assertFalse(
            order.message_ids.filtered(lambda m: m.message_type != "notification")
        )

    def test_send_without_mobile(self):
        order = self._start(20, 90.0).order_id
        self.signatory.phone = False
        before = self._counts()
        with self.assertRaisesRegex(UserError, "mobile number"):
            order.action_renegotiation_send()
        self._assert_nothing_written(before)
        self.assertEqual(order.state, "draft")

    def test_send_without_both(self):
        order = self._start(20, 90.0).order_id
        self.signatory.write({"email": False, "phone": False})
        before = self._counts()
        with self.assertRaisesRegex(UserError, "e-mail address and a mobile number"):
            order.action_renegotiation_send()
        self._assert_nothing_written(before)
        self.assertEqual(order.state, "draft")

    def test_send_after_cancel(self):
        order = self._start(20, 90.0).order_id
        order.action_cancel()
        self.assertEqual(order.renegotiation_id.state, "cancel")
        with self.assertRaisesRegex(UserError, "can no longer be sent"):
            order.action_renegotiation_send()

    def test_user_without_sales_rights(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.internal_user).action_renegotiate()
        with self.assertRaises(AccessError):
            self.env["crm.renegotiation"].with_user(
                self.internal_user
            )._start_renegotiation({})

    def test_form_requires_the_essentials(self):
        form = Form(self.env["crm.renegotiation.wizard"])
        with self.assertRaises(AssertionError):
            form.save()
