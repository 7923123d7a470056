/* Copyright 2026 Postsale Contract Ops
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postsale_billing_ticket_create_order", {
    steps: () => [
        {
            content: "Open the Billing tab of the ticket",
            trigger: ".o_notebook .nav-link:contains(Billing)",
            run: "click",
        },
        {
            content: "The closed billable activity is listed as billable",
            trigger:
                ".o_field_widget[name=postsale_activity_ids] .o_data_row:contains(Tour billable work):contains(Billable)",
        },
        {
            content: "The warranty activity is listed as not billable",
            trigger:
                ".o_field_widget[name=postsale_activity_ids] .o_data_row:contains(Tour warranty work):contains(Not billable)",
        },
        {
            content: "Create the order",
            trigger: "button[name=action_create_order]",
            run: "click",
        },
        {
            content: "The user is told the order was made with the defaults",
            trigger: ".modal .o_field_widget[name=message]:contains(default post-sale billing settings)",
        },
        {
            content: "Open the order",
            trigger: ".modal button[name=action_open_orders]",
            run: "click",
        },
        {
            content: "The order bills the billable activity only",
            trigger:
                ".o_form_view .o_field_widget[name=order_line] .o_data_row:contains(Tour billable work)",
        },
        {
            content: "It carries the configured subject",
            trigger: ".o_form_view .o_field_widget[name=postsale_subject] input:value(Tour interventions)",
        },
        {
            content: "The warranty activity is not on the order",
            trigger:
                ".o_form_view .o_field_widget[name=order_line]:not(:contains(Tour warranty work))",
        },
    ],
});
