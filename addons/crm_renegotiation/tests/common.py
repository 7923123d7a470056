# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon

CONTRACT_START = date(2024, 1, 1)


class RenegotiationDataMixin:
    """A customer with a signatory, a running contract of 25 licences at 100
    a month, a renegotiation request in the helpdesk, the company settings and
    one user per tier. Shared by the unit tests and the browser tours, and
    reusable by the sibling addons."""

    @classmethod
    def setup_renegotiation_data(cls):
        cls.company = cls.env.company
        cls.salesman = new_test_user(
            cls.env,
            login="reneg_salesman",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
            name="Sally Seller",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="reneg_manager",
            groups="sales_team.group_sale_manager,helpdesk_mgmt.group_helpdesk_user",
            name="Martin Manager",
        )
        cls.provisioning_user = new_test_user(
            cls.env, login="reneg_provisioning", groups="base.group_user"
        )
        cls.invoice_user = new_test_user(
            cls.env, login="reneg_invoice", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.success_user = new_test_user(
            cls.env, login="reneg_success", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.increase_user = new_test_user(
            cls.env, login="reneg_increase", groups="sales_team.group_sale_salesman"
        )
        cls.portal_user = new_test_user(
            cls.env, login="reneg_portal", groups="base.group_portal"
        )
        cls.internal_user = new_test_user(
            cls.env, login="reneg_internal", groups="base.group_user"
        )

        cls.licence_product = cls.env["product.product"].create(
            {"name": "Test licence", "type": "service", "list_price": 120.0}
        )
        cls.module_product = cls.env["product.product"].create(
            {"name": "Test module", "type": "service", "list_price": 10.0}
        )
        cls.onboarding_product = cls.env["product.product"].create(
            {"name": "Test onboarding", "type": "service", "list_price": 500.0}
        )
        cls.team = cls.env["crm.team"].create({"name": "Test pipeline"})
        cls.stage = cls.env["crm.stage"].create(
            {
                "name": "Test awaiting decision",
                "sequence": 2,
                "team_ids": [Command.link(cls.team.id)],
            }
        )
        cls.template = cls.env["sale.order.template"].create(
            {
                "name": "Renegotiation of the agreement on Test",
                "number_of_days": 7,
                "require_signature": True,
                "require_payment": False,
                "note": "<p>Test terms</p>",
                "sale_order_template_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.onboarding_product.id,
                            "product_uom_qty": 1,
                            "discount": 100.0,
                        }
                    )
                ],
            }
        )
        cls.booking_team = cls.env.ref("crm_renegotiation.crm_team_customer_centre")
        cls.sent_stage = cls.env.ref(
            "crm_renegotiation.helpdesk_ticket_stage_contract_sent"
        )
        cls.invoice_team = cls.env.ref(
            "crm_renegotiation.helpdesk_ticket_team_invoice_service"
        )
        cls.success_team = cls.env.ref(
            "crm_renegotiation.helpdesk_ticket_team_customer_success"
        )
        cls.invoice_team.user_ids = [Command.link(cls.invoice_user.id)]
        cls.success_team.user_ids = [Command.link(cls.success_user.id)]
        cls.sender = cls.env.ref("base.user_root")
        cls.company.write(
            {
                "renegotiation_team_id": cls.team.id,
                "renegotiation_stage_id": cls.stage.id,
                "renegotiation_deal_type_id": cls.env.ref(
                    "crm_renegotiation.crm_deal_type_renegotiation"
                ).id,
                "renegotiation_close_days": 2,
                "renegotiation_order_template_id": cls.template.id,
                "renegotiation_sender_user_id": cls.sender.id,
                "renegotiation_booking_team_id": cls.booking_team.id,
                "renegotiation_sent_stage_id": cls.sent_stage.id,
                "renegotiation_licence_threshold": 10,
                "renegotiation_reduction_threshold": 20.0,
                "renegotiation_invoice_team_id": cls.invoice_team.id,
                "renegotiation_invoice_user_id": cls.invoice_user.id,
                "renegotiation_success_team_id": cls.success_team.id,
                "renegotiation_success_user_id": cls.success_user.id,
                "renegotiation_increase_months": 36,
                "renegotiation_increase_user_id": cls.increase_user.id,
                "renegotiation_provisioning_user_id": cls.provisioning_user.id,
            }
        )

        cls.customer = cls.env["res.partner"].create(
            {"name": "Nordlys AS", "is_company": True, "vat": "NO999888777"}
        )
        cls.signatory = cls.env["res.partner"].create(
            {
                "name": "Kari Nordmann",
                "parent_id": cls.customer.id,
                "email": "kari@nordlys.example.com",
                "phone": "+47 912 34 567",
                "signing_authority": True,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Per Hansen",
                "parent_id": cls.customer.id,
                "email": "per@nordlys.example.com",
            }
        )
        cls.contract = cls._create_contract(cls.customer, licences=25, price=100.0)
        cls.contract_line = cls.contract.contract_line_ids
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "We need fewer licences",
                "description": "<p>Please renegotiate.</p>",
                "partner_id": cls.contact.id,
            }
        )

    @classmethod
    def _create_contract(cls, partner, licences, price, start=CONTRACT_START, **kw):
        return cls.env["contract.contract"].create(
            {
                "name": "Test agreement",
                "code": kw.pop("code", "TST-1"),
                "partner_id": partner.id,
                "contract_type": "sale",
                "line_recurrence": True,
                "date": start,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.licence_product.id,
                            "name": "Test licence per month",
                            "quantity": licences,
                            "automatic_price": False,
                            "specific_price": price,
                            "recurring_rule_type": "monthly",
                            "recurring_interval": 1,
                            "recurring_invoicing_type": "pre-paid",
                            "date_start": start,
                            **kw,
                        }
                    )
                ],
            }
        )


class RenegotiationCommon(RenegotiationDataMixin, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_renegotiation_data()

    def _wizard_form(self, user=None, **context):
        context = context or {"default_ticket_id": self.ticket.id}
        wizard_model = self.env["crm.renegotiation.wizard"].with_context(**context)
        if user:
            wizard_model = wizard_model.with_user(user)
        return Form(wizard_model)

    def _start(self, licences, price, user=None, delivery_start_date=None, **context):
        """Run the wizard as a user would: set licences and price, confirm."""
        form = self._wizard_form(user=user, **context)
        form.new_licences = licences
        form.new_price = price
        if delivery_start_date:
            form.delivery_start_date = delivery_start_date
        wizard = form.save()
        action = wizard.action_confirm()
        order = self.env["sale.order"].browse(action["res_id"])
        return order.renegotiation_id

    def _counts(self):
        """What a renegotiation writes, to prove an error path writes nothing."""
        return {
            "leads": self.env["crm.lead"]
            .with_context(active_test=False)
            .search_count([]),
            "orders": self.env["sale.order"].search_count([]),
            "renegotiations": self.env["crm.renegotiation"].search_count([]),
            "sms": self.env["sms.sms"].sudo().search_count([]),
            "lines": self.env["contract.line"].search_count([]),
            "ticket": (self.ticket.name, self.ticket.partner_id, self.ticket.stage_id),
        }
