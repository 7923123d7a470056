"""One agreement, one truth: the addons installed together, as customers
install them, change a customer's contract through one mechanism.

One customer whose licence and module products are contract products goes
through the whole life of its agreement: it buys them (E1), renegotiates down
and up (R), changes a tariff and cancels a module in the portal (P), is
renewed by the job, and has ticket work billed (B). After every step the test
asserts the contract lines (quantity, price, start and end) and the invoice
lines the next contract run creates.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class TestOneAgreement(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.create_new_line_at_contract_line_renew = False
        Product = cls.env["product.product"]
        contract_product = {
            "type": "service",
            "taxes_id": False,
            "is_contract": True,
            "contract_recurring_rule_type": "monthly",
            "contract_recurring_interval": 1,
            "contract_recurring_invoicing_type": "pre-paid",
        }
        cls.licence = Product.create(
            {
                "name": "OT Licence",
                "list_price": 100.0,
                **contract_product,
                "contract_duration": 12,
                "contract_is_auto_renew": True,
                "contract_auto_renew_interval": 1,
                "contract_auto_renew_rule_type": "yearly",
                "contract_termination_notice_interval": 3,
                "contract_termination_notice_rule_type": "monthly",
            }
        )
        cls.reporting = Product.create(
            {"name": "OT Reporting", "list_price": 20.0, **contract_product}
        )
        cls.reporting_pro = Product.create(
            {"name": "OT Reporting Pro", "list_price": 30.0, **contract_product}
        )
        cls.support = Product.create(
            {"name": "OT Support", "list_price": 50.0, **contract_product}
        )
        cls.reporting.contract_tariff_alternative_ids = [
            Command.set(cls.reporting_pro.ids)
        ]
        cls.intervention = Product.create(
            {
                "name": "OT Intervention hour",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": False,
                "invoice_policy": "order",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "One Truth AS", "is_company": True}
        )
        cls.signatory = cls.env["res.partner"].create(
            {
                "name": "Siv Signer",
                "parent_id": cls.customer.id,
                "email": "siv@onetruth.example.com",
                "phone": "+47 900 11 222",
                "signing_authority": True,
            }
        )
        cls.customer.contract_account_owner_id = cls.signatory
        cls.owner = new_test_user(
            cls.env,
            login="ot_owner",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ot_salesman",
            groups="sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.company.write(
            {
                "renegotiation_order_template_id": cls.env.ref(
                    "crm_renegotiation.sale_order_template_renegotiation"
                ).id,
                "renegotiation_provisioning_user_id": cls.env.user.id,
            }
        )
        condition = cls.env["postsale.activity.condition"].create(
            {
                "name": "OT billable",
                "to_invoice": True,
                "product_id": cls.intervention.id,
            }
        )
        cls.activity_type = cls.env["mail.activity.type"].create(
            {
                "name": "OT intervention",
                "res_model": "helpdesk.ticket",
                "default_billing_condition_id": condition.id,
                "default_billing_quantity": 2.0,
            }
        )

    # ------------------------------------------------------------------
    # What the test reads
    # ------------------------------------------------------------------

    def _contract(self):
        return self.env["contract.contract"].search(
            [("commercial_partner_id", "=", self.customer.id)]
        )

    def _lines(self):
        """The contract's lines: (product, quantity, price, start, end),
        cancelled lines left out, by product then start."""
        lines = self._contract().contract_line_ids.filtered(
            lambda line: not line.is_canceled
        )
        return sorted(
            (
                line.product_id.name,
                line.quantity,
                line.price_unit,
                str(line.date_start),
                str(line.date_end) if line.date_end else None,
            )
            for line in lines
        )

    def _run(self, day):
        """The contract run of ``day``: the invoice lines it creates, as
        (product, quantity, price)."""
        contract = self._contract()
        before = contract._get_related_invoices()
        with freeze_time(day):
            self.env["contract.contract"].cron_recurring_create_invoice(
                date.fromisoformat(day)
            )
        invoices = contract._get_related_invoices() - before
        return sorted(
            (line.product_id.name, line.quantity, line.price_unit)
            for line in invoices.invoice_line_ids
            if line.display_type == "product"
        )

    def _renegotiate(self, day, licences, price, delivery_start):
        """A renegotiation from a ticket, sent and signed on ``day``."""
        with freeze_time(day):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "Our licences",
                    "description": "<p>Please.</p>",
                    "partner_id": self.signatory.id,
                }
            )
            form = Form(
                self.env["crm.renegotiation.wizard"]
                .with_user(self.salesman)
                .with_context(default_ticket_id=ticket.id)
            )
            form.contract_line_id = (
                self._contract()
                .contract_line_ids.filtered(
                    lambda line: line.product_id == self.licence
                    and not line.predecessor_contract_line_id
                )
                ._get_module_line_at(date.fromisoformat(day))
            )
            form.new_licences = licences
            form.new_price = price
            form.delivery_start_date = delivery_start
            wizard = form.save()
            order = self.env["sale.order"].browse(wizard.action_confirm()["res_id"])
            order.with_user(self.salesman).action_renegotiation_send()
            # the customer signs online: the portal confirms the order as
            # superuser once the signature is written
            order.sudo().action_confirm()
        return order.renegotiation_id

    # ------------------------------------------------------------------
    # The life of the agreement
    # ------------------------------------------------------------------

    def test_one_agreement_one_truth(self):
        # E1: the products are sold from February 1st
        with freeze_time("2026-01-05"):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.signatory.id,
                    "contract_date_start": date(2026, 2, 1),
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in (
                            (self.licence, 8),
                            (self.reporting, 8),
                            (self.support, 1),
                        )
                    ],
                }
            )
            order.action_confirm()
        self.assertEqual(order.invoice_status, "no", "the contract invoices them")
        self.assertEqual(len(self._contract()), 1)
        self.assertEqual(
            self._lines(),
            [
                ("OT Licence", 8, 100.0, "2026-02-01", "2027-01-31"),
                ("OT Reporting", 8, 20.0, "2026-02-01", None),
                ("OT Support", 1, 50.0, "2026-02-01", None),
            ],
        )
        self.assertEqual(
            self._run("2026-02-01"),
            [
                ("OT Licence", 8, 100.0),
                ("OT Reporting", 8, 20.0),
                ("OT Support", 1, 50.0),
            ],
        )

        # R: renegotiated down to 6 licences from March 1st; the module that
        # the quotation restates is untouched
        down = self._renegotiate("2026-02-10", 6, 100.0, date(2026, 3, 1))
        self.assertEqual(down.state, "applied")
        self.assertEqual(
            self._lines(),
            [
                ("OT Licence", 6, 100.0, "2026-03-01", "2027-01-31"),
                ("OT Licence", 8, 100.0, "2026-02-01", "2026-02-28"),
                ("OT Reporting", 8, 20.0, "2026-02-01", None),
                ("OT Support", 1, 50.0, "2026-02-01", None),
            ],
        )
        self.assertEqual(
            self._run("2026-03-01"),
            [
                ("OT Licence", 6, 100.0),
                ("OT Reporting", 8, 20.0),
                ("OT Support", 1, 50.0),
            ],
        )

        # R: and up to 12 at 95 from April 1st
        up = self._renegotiate("2026-03-10", 12, 95.0, date(2026, 4, 1))
        self.assertEqual(up.state, "applied")
        self.assertEqual(
            self._lines(),
            [
                ("OT Licence", 6, 100.0, "2026-03-01", "2026-03-31"),
                ("OT Licence", 8, 100.0, "2026-02-01", "2026-02-28"),
                ("OT Licence", 12, 95.0, "2026-04-01", "2027-01-31"),
                ("OT Reporting", 8, 20.0, "2026-02-01", None),
                ("OT Support", 1, 50.0, "2026-02-01", None),
            ],
        )
        self.assertEqual(
            self._run("2026-04-01"),
            [
                ("OT Licence", 12, 95.0),
                ("OT Reporting", 8, 20.0),
                ("OT Support", 1, 50.0),
            ],
        )

        # P: the customer changes the reporting tariff and cancels support at
        # the earliest dates the page shows
        contract = self._contract()
        reporting = contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.reporting
        )
        support = contract.contract_line_ids.filtered(
            lambda line: line.product_id == self.support
        )
        with freeze_time("2026-04-10"):
            change_date = reporting._get_earliest_change_date()
            end_date = support._get_earliest_end_date()
            reporting.with_user(self.owner)._contract_portal_change_tariff(
                self.reporting_pro
            )
            support.with_user(self.owner)._contract_portal_cancel()
        self.assertEqual((change_date, end_date), (date(2026, 5, 1), date(2026, 4, 30)))
        self.assertEqual(
            self._lines(),
            [
                ("OT Licence", 6, 100.0, "2026-03-01", "2026-03-31"),
                ("OT Licence", 8, 100.0, "2026-02-01", "2026-02-28"),
                ("OT Licence", 12, 95.0, "2026-04-01", "2027-01-31"),
                ("OT Reporting", 8, 20.0, "2026-02-01", "2026-04-30"),
                ("OT Reporting Pro", 8, 30.0, "2026-05-01", None),
                ("OT Support", 1, 50.0, "2026-02-01", "2026-04-30"),
            ],
        )
        self.assertEqual(
            self._run("2026-05-01"),
            [("OT Licence", 12, 95.0), ("OT Reporting Pro", 8, 30.0)],
        )

        # The renewal job renews the licences on their notice date; the
        # renewal is recorded once, to bill
        with freeze_time("2026-10-31"):
            self.env["contract.line"].cron_renew_contract_line()
            self.env["contract.line"].cron_renew_contract_line()
        self.assertEqual(
            self._lines(),
            [
                ("OT Licence", 6, 100.0, "2026-03-01", "2026-03-31"),
                ("OT Licence", 8, 100.0, "2026-02-01", "2026-02-28"),
                ("OT Licence", 12, 95.0, "2026-04-01", "2028-01-31"),
                ("OT Reporting", 8, 20.0, "2026-02-01", "2026-04-30"),
                ("OT Reporting Pro", 8, 30.0, "2026-05-01", None),
                ("OT Support", 1, 50.0, "2026-02-01", "2026-04-30"),
            ],
        )
        renewal = self.env["contract.renewal"].search(
            [("contract_id", "=", contract.id)]
        )
        self.assertEqual(len(renewal), 1)
        self.assertEqual(
            (renewal.date_start, renewal.date_end),
            (date(2027, 2, 1), date(2028, 1, 31)),
        )
        # invoiced month by month in between, as every month
        for month in range(6, 12):
            self.assertEqual(
                self._run(f"2026-{month:02d}-01"),
                [("OT Licence", 12, 95.0), ("OT Reporting Pro", 8, 30.0)],
            )

        # B: the ticket's closed activities are billed by an order of their
        # own, never by the contract
        with freeze_time("2026-11-20"):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "Server room",
                    "description": "<p>Help</p>",
                    "partner_id": self.signatory.id,
                }
            )
            activity = ticket.activity_schedule(
                activity_type_id=self.activity_type.id, summary="On site"
            )
            activity.action_done()
            ticket.action_create_order()
        activity_order = ticket.postsale_order_ids
        self.assertEqual(len(activity_order), 1)
        activity_order.action_confirm()
        invoice = activity_order._create_invoices()
        self.assertEqual(
            [(line.product_id, line.quantity) for line in invoice.invoice_line_ids],
            [(self.intervention, 2.0)],
        )
        self.assertEqual(
            self._run("2026-12-01"),
            [("OT Licence", 12, 95.0), ("OT Reporting Pro", 8, 30.0)],
        )
        # the contract's lines did not move
        self.assertEqual(len(self._lines()), 6)
        # every change is in the contract's history, once
        self.assertEqual(
            len(
                contract.modification_ids.filtered(
                    lambda m: down.order_id.name in m.description
                )
            ),
            1,
        )
