# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_date


class ContractLine(models.Model):
    _inherit = "contract.line"

    def _prepare_renegotiated_values(self, quantity, price_unit):
        """Values of this line with the renegotiated quantity and price."""
        return {
            "quantity": quantity,
            "automatic_price": False,
            "specific_price": price_unit,
        }

    def _get_renegotiated_monthly_amount(self, quantity, price_unit):
        """Monthly recurring amount of this line with another quantity and
        unit price, computed by the contract itself on an unsaved copy."""
        self.ensure_one()
        draft = self.new(
            self._prepare_renegotiated_values(quantity, price_unit), origin=self
        )
        return draft.monthly_recurring

    def _renegotiation_change(self, date_start, quantity, price_unit):
        """Change the licences and price of this line from ``date_start``.

        The line ends the day before and a successor line (the successor
        mechanism of ``contract_line_successor``) carries the new quantity and
        price until the line's former end. A line that has not started yet is
        changed in place. Returns the line that carries the new values.
        """
        self.ensure_one()
        new_values = self._prepare_renegotiated_values(quantity, price_unit)
        if date_start <= self.date_start:
            self.write(new_values)
            return self
        date_end = self.date_end
        if date_end and date_end < date_start:
            raise UserError(
                self.env._(
                    "The contract line %(line)s ended on %(date)s, before the "
                    "new start date.",
                    line=self.display_name,
                    date=format_date(self.env, date_end),
                )
            )
        is_auto_renew = self.is_auto_renew
        self.stop(date_start - relativedelta(days=1), post_message=False)
        successor = self.plan_successor(
            date_start, date_end, is_auto_renew, post_message=False
        )
        successor.write(new_values)
        return successor
