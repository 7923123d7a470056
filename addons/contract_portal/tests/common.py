# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class ContractPortalCommon(BaseCommon):
    """Customers, tariffs, contracts and users of the contract-management page.

    - ``account``: the customer company, with ``owner`` (portal, account
      owner), ``colleague`` (portal, reads only) and an invoice address;
    - ``other_account``: another customer with its own portal user and
      contract, to prove the isolation;
    - ``manager``: an internal user of the Contract manager group;
      ``staff``: an internal user who may edit partners but is no manager.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_contract_portal_data()

    @classmethod
    def _setup_contract_portal_data(cls):
        Product = cls.env["product.product"]
        cls.option_recording = Product.create(
            {"name": "Recording option", "type": "service", "list_price": 9.0}
        )
        cls.option_numbers = Product.create(
            {"name": "Extra numbers option", "type": "service", "list_price": 4.0}
        )
        cls.tariff_basic = Product.create(
            {"name": "Phone Basic", "type": "service", "list_price": 29.0}
        )
        cls.tariff_pro = Product.create(
            {"name": "Phone Pro", "type": "service", "list_price": 49.0}
        )
        cls.tariff_basic.write(
            {
                "contract_tariff_alternative_ids": [Command.set(cls.tariff_pro.ids)],
                "contract_addon_option_ids": [
                    Command.set((cls.option_recording | cls.option_numbers).ids)
                ],
            }
        )
        cls.tariff_pro.write(
            {
                "contract_tariff_alternative_ids": [Command.set(cls.tariff_basic.ids)],
                "contract_addon_option_ids": [Command.set(cls.option_recording.ids)],
            }
        )

        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "Portal Customer Ltd",
                "is_company": True,
                "email": "info@pc.example.com",
            }
        )
        cls.owner_contact = Partner.create(
            {
                "name": "Olivia Owner",
                "parent_id": cls.account.id,
                "type": "contact",
                "email": "olivia@pc.example.com",
            }
        )
        cls.colleague_contact = Partner.create(
            {
                "name": "Colin Colleague",
                "parent_id": cls.account.id,
                "type": "contact",
                "email": "colin@pc.example.com",
            }
        )
        cls.invoice_address = Partner.create(
            {
                "name": "Portal Customer Accounts Payable",
                "parent_id": cls.account.id,
                "type": "invoice",
                "street": "PO Box 12",
                "city": "Springfield",
                "email": "ap@pc.example.com",
            }
        )
        cls.other_account = Partner.create(
            {"name": "Other Customer Inc", "is_company": True}
        )
        cls.other_contact = Partner.create(
            {
                "name": "Oscar Other",
                "parent_id": cls.other_account.id,
                "email": "oscar@other.example.com",
            }
        )
        cls.owner = new_test_user(
            cls.env,
            login="cp_owner",
            groups="base.group_portal",
            partner_id=cls.owner_contact.id,
            name=cls.owner_contact.name,
        )
        cls.colleague = new_test_user(
            cls.env,
            login="cp_colleague",
            groups="base.group_portal",
            partner_id=cls.colleague_contact.id,
            name=cls.colleague_contact.name,
        )
        cls.other_owner = new_test_user(
            cls.env,
            login="cp_other",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
            name=cls.other_contact.name,
        )
        cls.manager = new_test_user(
            cls.env,
            login="cp_manager",
            groups="contract_portal.group_contract_manager",
        )
        cls.staff = new_test_user(
            cls.env,
            login="cp_staff",
            groups="base.group_user,base.group_partner_manager,"
            "account.group_account_invoice",
        )
        # The rule designates the account owner; set as superuser like a
        # contract manager would.
        cls.account.sudo().contract_account_owner_id = cls.owner_contact
        cls.other_account.sudo().contract_account_owner_id = cls.other_contact

        cls.contract = cls._create_contract(cls.account)
        cls.other_contract = cls._create_contract(cls.other_account)
        # Tracking is written at commit time: start the tests clean.
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _create_contract(cls, partner, **values):
        return (
            cls.env["contract.contract"]
            .sudo()
            .create(
                {
                    "name": f"Contract of {partner.name}",
                    "partner_id": partner.id,
                    "line_recurrence": True,
                    **values,
                }
            )
        )

    @classmethod
    def _create_line(cls, contract, product=None, **values):
        product = product or cls.tariff_basic
        vals = {
            "contract_id": contract.id,
            "product_id": product.id,
            "name": product.name,
            "quantity": 1.0,
            "automatic_price": False,
            "specific_price": product.list_price,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "recurring_invoicing_type": "pre-paid",
            "date_start": fields.Date.to_date("2026-01-01"),
            "termination_notice_interval": 1,
            "termination_notice_rule_type": "monthly",
        }
        vals.update(values)
        return cls.env["contract.line"].sudo().create(vals)

    def _flush_tracking(self):
        """Tracking messages are written at commit time: run it now."""
        self.env.flush_all()
        self.env.cr.precommit.run()
