# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models, tools
from odoo.tools import SQL

# How far ahead the history shows lines that run until stopped.
HISTORY_MONTHS_AHEAD = 12


class ContractAccountHistory(models.Model):
    """A customer's licences and monthly recurring amount month by month,
    from its contract lines' history (every amendment ends a line and
    starts its successor), with the renegotiations marked: the month a
    signed renegotiation takes effect counts one. A month shows the lines
    running on its last day."""

    _name = "contract.account.history"
    _description = "Customer Account over Time"
    _auto = False
    _order = "date, partner_id, product_id"
    _rec_name = "date"

    date = fields.Date(string="Month", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    contract_id = fields.Many2one(comodel_name="contract.contract", readonly=True)
    contract_line_id = fields.Many2one(comodel_name="contract.line", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    licences = fields.Float(readonly=True, aggregator="sum")
    monthly_amount = fields.Monetary(
        string="Monthly Recurring Amount", readonly=True, aggregator="sum"
    )
    renegotiation_count = fields.Integer(
        string="Renegotiations",
        readonly=True,
        aggregator="sum",
        help="Signed renegotiations taking effect this month.",
    )
    renegotiated = fields.Boolean(
        readonly=True,
        help="A signed renegotiation takes effect this month.",
    )

    def _get_history_query(self):
        return SQL(
            """
            SELECT
                (line.id::bigint * 10000
                 + EXTRACT(YEAR FROM month.month)::int %% 100 * 100
                 + EXTRACT(MONTH FROM month.month)::int) AS id,
                month.month::date AS date,
                contract.commercial_partner_id AS partner_id,
                contract.company_id AS company_id,
                contract.id AS contract_id,
                line.id AS contract_line_id,
                line.product_id AS product_id,
                company.currency_id AS currency_id,
                line.quantity AS licences,
                COALESCE(line.monthly_recurring, 0.0) AS monthly_amount,
                reneg.applied AS renegotiated,
                CASE WHEN reneg.applied THEN 1 ELSE 0 END AS renegotiation_count
            FROM contract_line line
            JOIN contract_contract contract ON contract.id = line.contract_id
            JOIN res_company company ON company.id = contract.company_id
            CROSS JOIN LATERAL generate_series(
                date_trunc('month', line.date_start),
                date_trunc(
                    'month',
                    COALESCE(
                        line.date_end,
                        GREATEST(line.date_start, CURRENT_DATE)
                            + INTERVAL '%(ahead)s months'
                    )
                ),
                INTERVAL '1 month'
            ) AS month(month)
            CROSS JOIN LATERAL (
                SELECT EXISTS (
                    SELECT 1 FROM crm_renegotiation r
                    WHERE r.state = 'applied'
                      AND date_trunc('month', r.date_effective) = month.month
                      AND (r.successor_line_id = line.id
                           OR (r.successor_line_id IS NULL
                               AND r.contract_line_id = line.id))
                ) AS applied
            ) AS reneg
            WHERE line.display_type IS NULL
              -- the month as it ends: a line replaced during the month
              -- (an amendment) counts once, by its successor
              AND line.date_start
                  <= (month.month + INTERVAL '1 month - 1 day')::date
              AND (line.date_end IS NULL
                   OR line.date_end
                      >= (month.month + INTERVAL '1 month - 1 day')::date)
              AND line.date_start IS NOT NULL
              AND NOT line.is_canceled
              AND contract.contract_type = 'sale'
              AND NOT COALESCE(contract.is_one_time, FALSE)
            """,
            ahead=SQL(str(HISTORY_MONTHS_AHEAD)),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._get_history_query(),
            )
        )

    @api.model
    def _get_history_action(self, partners):
        """The graph of ``partners``' licences over time."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_renegotiation.contract_account_history_action"
        )
        action["domain"] = [("partner_id", "in", partners.commercial_partner_id.ids)]
        return action
