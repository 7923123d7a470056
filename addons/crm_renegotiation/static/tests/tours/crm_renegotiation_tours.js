/* Copyright 2026 Postsale Contract Ops
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

/*
 * From an open renegotiation ticket to a sent contract, in five user
 * actions: click Renegotiate, set the licences, set the price, confirm, send.
 * The data comes from the Python test (test_tours.py).
 */
registry.category("web_tour.tours").add("crm_renegotiation_ticket_to_sent_contract", {
    steps: () => [
        {
            content: "1. Renegotiate the customer's agreement",
            trigger: ".o_form_view button[name='action_renegotiate']",
            run: "click",
        },
        {
            content: "The wizard is pre-filled from the ticket and the contract",
            trigger: ".modal div[name='current_licences']:contains('25')",
        },
        {
            content: "2. Set the new number of licences",
            trigger: ".modal div[name='new_licences'] input",
            run: "edit 20",
        },
        {
            content: "3. Set the new price per licence",
            trigger: ".modal div[name='new_price'] input",
            run: "edit 90",
        },
        {
            content: "The impact shows the routing rule that will apply",
            trigger: ".modal div[name='route']:contains('Customer success')",
        },
        {
            content: "4. Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The renegotiation contract is open",
            trigger: ".o_form_view .alert:contains('Renegotiation contract of')",
        },
        {
            content: "5. Send it by e-mail and SMS",
            trigger: ".o_form_view button[name='action_renegotiation_send']",
            run: "click",
        },
        {
            content: "The contract is sent",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Quotation Sent')",
        },
    ],
});

/*
 * The customer opens the link of the e-mail / SMS and signs the contract.
 */
registry.category("web_tour.tours").add("crm_renegotiation_portal_sign", {
    steps: () => [
        {
            content: "The agreement's terms with the customer's data",
            trigger: "#renegotiation_agreement:contains('Renegotiated Agreement'):contains('Nordlys AS')",
        },
        {
            content: "Sign",
            trigger: ".o_portal_sale_sidebar a:contains('Sign')",
            run: "click",
        },
        {
            content: "The signatory's name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Kari Nordmann",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Accept and sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order is confirmed",
            trigger: "#quote_content:contains('Thank You')",
        },
    ],
});
