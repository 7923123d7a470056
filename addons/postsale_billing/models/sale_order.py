# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .postsale_billing_config import BILLING_CASES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    postsale_subject = fields.Char(
        string="Subject",
        copy=False,
        help="Deal subject, printed on the order.",
    )
    postsale_case = fields.Selection(
        selection=BILLING_CASES,
        string="Post-sale case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The post-sale case whose billing defaults made this order.",
    )
    postsale_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The ticket whose closed activities this order bills.",
    )
    postsale_contract_ids = fields.One2many(
        comodel_name="contract.contract",
        inverse_name="sale_order_id",
        string="Linked contracts",
        readonly=True,
    )
    postsale_renewal_ids = fields.One2many(
        comodel_name="contract.renewal",
        inverse_name="sale_order_id",
        string="Linked renewals",
        readonly=True,
    )
    postsale_contract_count = fields.Integer(
        string="Contracts",
        compute="_compute_postsale_contract_count",
    )

    @api.depends("postsale_contract_ids", "order_line.contract_line_id")
    def _compute_postsale_contract_count(self):
        # A count only: salespeople may not read contracts.
        for order in self:
            order.postsale_contract_count = len(order.sudo()._get_postsale_contracts())

    def _get_postsale_contracts(self):
        return (
            self.postsale_contract_ids
            | self.order_line.contract_line_id.contract_id
            | self.postsale_renewal_ids.contract_id
        )

    def action_view_postsale_contracts(self):
        self.ensure_one()
        contracts = self._get_postsale_contracts()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract.action_customer_contract"
        )
        if len(contracts) == 1:
            action.update(
                views=[(False, "form")],
                view_mode="form",
                res_id=contracts.id,
            )
        else:
            action["domain"] = [("id", "in", contracts.ids)]
        return action

    # ------------------------------------------------------------------
    # E1: contract products become contract lines on confirmation
    # ------------------------------------------------------------------

    def action_confirm(self):
        res = super().action_confirm()
        self._create_contracts_from_order_lines()
        return res

    def _get_contract_order_lines(self):
        return self.order_line.filtered(
            lambda line: line.product_id.is_contract
            and not line.display_type
            and not line.contract_line_id
            and line.product_uom_qty > 0
        )

    @api.model
    def _get_running_contract_domain(self, partners, companies, date):
        return Domain(
            [
                ("contract_type", "=", "sale"),
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "in", companies.ids),
            ]
        ) & (Domain("date_end", "=", False) | Domain("date_end", ">=", date))

    def _prepare_postsale_contract_values(self):
        """Values of the contract created for the customer of this order."""
        self.ensure_one()
        return {
            "name": self.partner_id.commercial_partner_id.name,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "invoice_partner_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "contract_type": "sale",
            "line_recurrence": True,
            "pricelist_id": self.pricelist_id.id,
            "payment_term_id": self.payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "user_id": self.user_id.id,
            "sale_order_id": self.id,
        }

    def _create_contracts_from_order_lines(self):
        """Create the customer's contract, or add to its running one.

        One running contract per customer (commercial partner) and company:
        each order line of a contract product becomes a contract line, or
        adds its quantity to an identical running line. The order line keeps
        that contract line, so confirming again never adds it twice.
        """
        lines = self._get_contract_order_lines()
        if not lines:
            return self.env["contract.contract"]
        # The user confirmed these orders; the contract follows from them
        # even when the user does not manage contracts.
        lines.order_id.check_access("write")
        lines = lines.sudo()
        orders = lines.order_id
        partners = orders.partner_id.commercial_partner_id
        # Two confirmations for the same customer must not both create its
        # contract: serialize them on the customer's row.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE",
                tuple(partners.ids),
            )
        )
        today = fields.Date.context_today(self)
        Contract = self.env["contract.contract"].sudo()
        contracts = Contract.search(
            self._get_running_contract_domain(partners, orders.company_id, today),
            order="date_start, id",
        )
        contract_by_key = {}
        for contract in contracts:
            key = (contract.commercial_partner_id.id, contract.company_id.id)
            contract_by_key.setdefault(key, contract)

        def key_of(order):
            return (order.partner_id.commercial_partner_id.id, order.company_id.id)

        missing = {}
        for order in orders:
            if key_of(order) not in contract_by_key:
                missing.setdefault(key_of(order), order)
        if missing:
            new_contracts = Contract.create(
                [
                    order._prepare_postsale_contract_values()
                    for order in missing.values()
                ]
            )
            contract_by_key.update(zip(missing, new_contracts, strict=True))
        touched = defaultdict(lambda: self.env["sale.order"])
        new_line_values, new_line_sources = [], []
        for line in lines:
            order = line.order_id
            contract = contract_by_key[key_of(order)]
            touched[contract] |= order
            existing = line._find_contract_line_to_update(contract, today)
            if existing:
                existing.quantity += line.product_uom_qty
                line.contract_line_id = existing
            else:
                new_line_values.append(
                    line._prepare_contract_line_values(contract, today)
                )
                new_line_sources.append(line)
        if new_line_values:
            contract_lines = self.env["contract.line"].sudo().create(new_line_values)
            for line, contract_line in zip(
                new_line_sources, contract_lines, strict=True
            ):
                line.contract_line_id = contract_line
        for contract, contract_orders in touched.items():
            contract.message_post(
                body=Markup("%s %s")
                % (
                    self.env._("Contract lines added or updated by the order(s):"),
                    Markup(", ").join(
                        order._get_html_link() for order in contract_orders
                    ),
                ),
            )
        return self.env["contract.contract"].union(*touched)
