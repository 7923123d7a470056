# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged

from .common import DealContractCommon


@tagged("post_install", "-at_install")
class TestDealContractTours(DealContractCommon, HttpCase):
    def test_win_deal_see_contracts_tour(self):
        """The salesperson wins the deal and finds its contracts under its
        quotations."""
        self.start_tour(
            f"/odoo/crm.lead/{self.deal.id}",
            "crm_deal_contract_win",
            login=self.seller.login,
        )
        self.assertEqual(self.deal.won_status, "won")
        self.assertTrue(self.order.one_time_contract_ids)
        self.assertTrue(self.quotation.locked_by_deal)
