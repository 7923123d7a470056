# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RECURRING_RULE_TYPES = [
    ("daily", "Day(s)"),
    ("weekly", "Week(s)"),
    ("monthly", "Month(s)"),
    ("monthlylastday", "Month(s) last day"),
    ("quarterly", "Quarter(s)"),
    ("semesterly", "Semester(s)"),
    ("yearly", "Year(s)"),
]
AUTO_RENEW_RULE_TYPES = [
    ("daily", "Day(s)"),
    ("weekly", "Week(s)"),
    ("monthly", "Month(s)"),
    ("yearly", "Year(s)"),
]
NOTICE_RULE_TYPES = [
    ("daily", "Day(s)"),
    ("weekly", "Week(s)"),
    ("monthly", "Month(s)"),
]


class ProductTemplate(models.Model):
    """Contract products: confirming an order turns them into contract lines.

    The compact equivalent of OCA ``product_contract`` (which has no 19.0
    release): the product says how the contract invoices it, for how long and
    with which notice. A time-based item runs for a number of invoicing
    periods (or until it is stopped); a one-time item is a contract line of
    one period, invoiced once.
    """

    _inherit = "product.template"

    is_contract = fields.Boolean(
        string="Contract product",
        help="Confirming an order of this product adds it to the customer's "
        "running contract, created if the customer has none.",
    )
    contract_recurring_interval = fields.Integer(
        string="Invoice every",
        default=1,
    )
    contract_recurring_rule_type = fields.Selection(
        selection=RECURRING_RULE_TYPES,
        string="Invoicing period",
        default="monthly",
    )
    contract_recurring_invoicing_type = fields.Selection(
        selection=[("pre-paid", "Pre-paid"), ("post-paid", "Post-paid")],
        string="Invoicing type",
        default="pre-paid",
    )
    contract_duration = fields.Integer(
        string="Contract term",
        default=0,
        help="Number of invoicing periods the contract line runs. 0: until it "
        "is stopped; 1: a one-time item, invoiced once.",
    )
    contract_is_auto_renew = fields.Boolean(
        string="Auto renew",
        help="The contract line renews itself at the end of its term.",
    )
    contract_auto_renew_interval = fields.Integer(
        string="Renew every",
        default=1,
    )
    contract_auto_renew_rule_type = fields.Selection(
        selection=AUTO_RENEW_RULE_TYPES,
        string="Renewal period",
        default="yearly",
    )
    contract_termination_notice_interval = fields.Integer(
        string="Notice period",
        default=0,
        help="How long before the end of its term the customer must cancel "
        "or change the tariff of this product; 0: until the last day.",
    )
    contract_termination_notice_rule_type = fields.Selection(
        selection=NOTICE_RULE_TYPES,
        string="Notice unit",
        default="monthly",
    )

    @api.constrains(
        "is_contract",
        "type",
        "contract_recurring_interval",
        "contract_duration",
        "contract_is_auto_renew",
        "contract_auto_renew_interval",
        "contract_termination_notice_interval",
    )
    def _check_contract_settings(self):
        for template in self.filtered("is_contract"):
            if template.type != "service":
                raise ValidationError(
                    self.env._(
                        "The contract product “%(product)s” must be a service.",
                        product=template.display_name,
                    )
                )
            if template.contract_recurring_interval < 1:
                raise ValidationError(
                    self.env._(
                        "The contract product “%(product)s” must be invoiced "
                        "every one period or more.",
                        product=template.display_name,
                    )
                )
            if template.contract_termination_notice_interval < 0:
                raise ValidationError(
                    self.env._(
                        "The notice period of “%(product)s” cannot be negative.",
                        product=template.display_name,
                    )
                )
            if template.contract_duration < 0:
                raise ValidationError(
                    self.env._(
                        "The contract term of “%(product)s” cannot be negative.",
                        product=template.display_name,
                    )
                )
            if template.contract_is_auto_renew and (
                not template.contract_duration
                or template.contract_auto_renew_interval < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The contract product “%(product)s” renews itself: give "
                        "it a contract term and a renewal period.",
                        product=template.display_name,
                    )
                )

    def _get_contract_line_terms(self):
        """The terms of a contract line of this product: how it is invoiced,
        renewed and given notice of. The one place they are read, whoever
        makes the line (a confirmed order, the portal)."""
        self.ensure_one()
        return {
            "recurring_rule_type": self.contract_recurring_rule_type,
            "recurring_interval": self.contract_recurring_interval,
            "recurring_invoicing_type": self.contract_recurring_invoicing_type,
            "is_auto_renew": self.contract_is_auto_renew,
            "auto_renew_interval": self.contract_auto_renew_interval,
            "auto_renew_rule_type": self.contract_auto_renew_rule_type,
            "termination_notice_interval": self.contract_termination_notice_interval,
            "termination_notice_rule_type": self.contract_termination_notice_rule_type,
        }
