# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class PostsaleBillingCommon(BaseCommon):
    """Customers, products, conditions, configuration and users of every
    tier, created for the tests (they never rely on the demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Billing Customer Ltd", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Billing Contact", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True}
        )
        cls.product_intervention = cls._create_service("Intervention hour", 80.0)
        cls.product_default = cls._create_service("Post-sale service", 50.0)
        cls.product_contract = cls._create_service("Post-sale contract fee", 300.0)
        cls.product_renewal = cls._create_service("Contract renewal fee", 100.0)
        cls.order_type_ticket = cls.env["sale.order.type"].create(
            {"name": "Ticket activities", "company_id": cls.company.id}
        )
        cls.order_type_contract = cls.env["sale.order.type"].create(
            {"name": "Post-sale contracts", "company_id": cls.company.id}
        )
        cls.order_type_renewal = cls.env["sale.order.type"].create(
            {"name": "Contract renewals", "company_id": cls.company.id}
        )
        Condition = cls.env["postsale.activity.condition"]
        cls.condition_billable = Condition.create(
            {
                "name": "Billable intervention",
                "to_invoice": True,
                "product_id": cls.product_intervention.id,
            }
        )
        cls.condition_billable_default = Condition.create(
            {"name": "Billable, default product", "to_invoice": True}
        )
        cls.condition_warranty = Condition.create(
            {"name": "Warranty / included", "to_invoice": False}
        )
        cls.activity_type = cls.env["mail.activity.type"].create(
            {
                "name": "On-site intervention",
                "res_model": "helpdesk.ticket",
                "default_billing_condition_id": cls.condition_billable.id,
                "default_billing_quantity": 2.0,
            }
        )
        cls.config_ticket = cls._configure(
            "ticket_activity",
            order_type_id=cls.order_type_ticket.id,
            subject="Post-sale interventions",
            product_id=cls.product_default.id,
        )
        cls.config_contract = cls._configure(
            "contract",
            order_type_id=cls.order_type_contract.id,
            subject="New post-sale contract",
            product_id=cls.product_contract.id,
        )
        cls.config_renewal = cls._configure(
            "renewal",
            order_type_id=cls.order_type_renewal.id,
            subject="Contract renewal",
            product_id=cls.product_renewal.id,
            renewal_price_policy="last_renewal",
        )
        cls.user_salesman = new_test_user(
            cls.env,
            login="ps_salesman",
            name="Sally Salesman",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_helpdesk = new_test_user(
            cls.env,
            login="ps_helpdesk",
            name="Harry Helpdesk",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_config = new_test_user(
            cls.env,
            login="ps_config",
            name="Connie Config",
            groups="postsale_billing.group_billing_config",
        )
        cls.user_contract_manager = new_test_user(
            cls.env,
            login="ps_contract_manager",
            name="Carl Contracts",
            groups="account.group_account_manager",
        )
        cls.user_accountant = new_test_user(
            cls.env,
            login="ps_accountant",
            name="Betty Billing",
            groups="account.group_account_invoice",
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="ps_portal",
            name="Paula Portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )

    @classmethod
    def _configure(cls, case, company=None, **values):
        """The company's configuration of ``case`` with ``values`` (the demo
        data may already hold one)."""
        company = company or cls.company
        Config = cls.env["postsale.billing.config"]
        config = Config.search(
            [("company_id", "=", company.id), ("billing_case", "=", case)]
        )
        if config:
            config.write(values)
            return config
        return Config.create({"company_id": company.id, "billing_case": case, **values})

    @classmethod
    def _create_service(cls, name, price, **values):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "invoice_policy": "order",
                "taxes_id": False,
                **values,
            }
        )

    @classmethod
    def _create_ticket(cls, partner=None, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": values.pop("name", "Printer does not print"),
                "description": "<p>Help!</p>",
                "partner_id": (partner if partner is not None else cls.contact).id,
                **values,
            }
        )

    @classmethod
    def _create_activity(
        cls,
        ticket,
        done=True,
        condition=None,
        quantity=None,
        summary="Replaced the fuser",
        user=None,
    ):
        activity = ticket.activity_schedule(
            activity_type_id=cls.activity_type.id,
            summary=summary,
            user_id=(user or cls.env.user).id,
        )
        if condition is not None:
            activity.billing_condition_id = condition
        if quantity is not None:
            activity.billing_quantity = quantity
        if done:
            activity.with_user(user or cls.env.user).action_done()
        return activity
