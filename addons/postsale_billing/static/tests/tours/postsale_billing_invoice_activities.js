/* Copyright 2026 Postsale Contract Ops
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postsale_billing_invoice_activities", {
    steps: () => [
        {
            content: "Search the tour tickets",
            trigger: ".o_searchview_input",
            run: "edit Tour batch",
        },
        {
            content: "Apply the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Wait for the filtered list",
            trigger: ".o_list_view:not(:has(.o_data_row:not(:contains(Tour batch))))",
        },
        {
            content: "Select the first ticket",
            trigger: ".o_data_row:contains(Tour batch alpha) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second ticket",
            trigger: ".o_data_row:contains(Tour batch beta) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the ticket without anything to bill",
            trigger: ".o_data_row:contains(Tour batch gamma) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Invoice the activities of the selected tickets",
            trigger: "button[name=action_invoice_activities]",
            run: "click",
        },
        {
            content: "The summary lists the skipped ticket and why",
            trigger:
                ".modal .o_data_row:contains(Tour batch gamma):contains(no closed activity to invoice)",
        },
        {
            content: "The summary lists the created orders",
            trigger: ".modal .o_field_widget[name=message]:contains(2 order(s) created)",
        },
        {
            content: "Open the orders",
            trigger: ".modal button[name=action_open_orders]",
            run: "click",
        },
        {
            content: "Both orders are listed",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            content: "Only them",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3)))",
        },
    ],
});
