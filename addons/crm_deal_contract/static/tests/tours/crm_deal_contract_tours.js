/* Copyright 2026 Postsale Contract Ops
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

/*
 * The salesperson wins the deal: its sold items are contracts, listed under
 * its quotations, and the deal is locked until reopened. The data comes
 * from the Python test (test_tours.py).
 */
registry.category("web_tour.tours").add("crm_deal_contract_win", {
    steps: () => [
        {
            content: "Mark the deal as won",
            trigger: ".o_form_view button[name='action_set_won_rainbowman']",
            run: "click",
        },
        {
            content: "The deal is won and locked",
            trigger: ".o_form_view .alert-success:contains('won and locked')",
        },
        {
            content: "Its contracts are listed under its quotations",
            trigger: ".o_form_view .o_notebook a:contains('Contracts')",
            run: "click",
        },
        {
            content: "The licences: a time-based contract line",
            trigger: ".o_form_view div[name='contract_line_ids'] .o_data_row:contains('Licence')",
        },
        {
            content: "The terminals: a one-time contract",
            trigger: ".o_form_view div[name='contract_line_ids'] .o_data_row:contains('Handheld terminal')",
        },
        {
            content: "The deal can be reopened",
            trigger: ".o_form_view button[name='action_reopen']",
        },
    ],
});
