/* Copyright 2026 Postsale Contract Ops
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

const EARLIEST_KEY = "contract_portal_tour_earliest_date_end";

// The account owner changes the billing address and the purchase order number.
registry.category("web_tour.tours").add("contract_portal_billing_tour", {
    url: "/my/contract-management",
    steps: () => [
        {
            content: "The contract information is the default view",
            trigger: "a[name=tab_info].active",
        },
        {
            content: "Choose the accounts payable address as billing address",
            trigger: "form[name=form_billing_address] select",
            run: "selectByLabel Accounts Payable",
        },
        {
            content: "Save the billing address",
            trigger: "form[name=form_billing_address] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The billing address is saved",
            trigger: "[name=billing_address_value]:contains(Accounts Payable)",
        },
        {
            content: "Enter the purchase order number",
            trigger: "form[name=form_purchase_order_number] input",
            run: "edit PO-4711",
        },
        {
            content: "Save the purchase order number",
            trigger: "form[name=form_purchase_order_number] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The purchase order number is saved",
            trigger: "[name=purchase_order_number_value]:contains(PO-4711)",
        },
    ],
});

// The next invoice shows them (started on the invoice's portal page).
registry.category("web_tour.tours").add("contract_portal_invoice_tour", {
    steps: () => [
        {
            content: "The purchase order number is printed on the invoice",
            trigger: ":iframe div[name=contract_purchase_order_number]:contains(PO-4711)",
        },
        {
            content: "The invoice is addressed to the billing address",
            trigger: ":iframe address:contains(Accounts Payable)",
        },
    ],
});

// The account owner cancels a module and sees the computed end date.
registry.category("web_tour.tours").add("contract_portal_cancel_tour", {
    url: "/my/contract-management",
    steps: () => [
        {
            content: "Open the modules",
            trigger: "a[name=tab_modules]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Cancel the module",
            trigger: ".o_contract_module:contains(Phone Basic) a[name=module_cancel]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The earliest end date is shown before confirming",
            trigger: "strong[name=earliest_date_end][data-date]",
            run() {
                window.sessionStorage.setItem(EARLIEST_KEY, this.anchor.dataset.date);
            },
        },
        {
            content: "The customer cannot choose another date",
            trigger: "form[name=form_cancel]:not(:has(input[name=date_end]))",
        },
        {
            content: "Confirm the cancellation",
            trigger: "button[name=confirm_cancel]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The module now ends on the date shown before",
            trigger: ".o_contract_module:contains(Phone Basic) [name=module_pending_end]",
            run() {
                const expected = window.sessionStorage.getItem(EARLIEST_KEY);
                window.sessionStorage.removeItem(EARLIEST_KEY);
                if (!expected || this.anchor.dataset.date !== expected) {
                    throw new Error(
                        `The module ends on ${this.anchor.dataset.date}, ${expected} was shown`
                    );
                }
            },
        },
    ],
});

// A contract manager overrides the date on the customer's page (started on
// /my/contract-management?partner_id=<customer>&tab=modules).
registry.category("web_tour.tours").add("contract_portal_manager_cancel_tour", {
    steps: () => [
        {
            content: "The page is opened in manager mode",
            trigger: "[name=manager_mode]",
        },
        {
            content: "Cancel the module",
            trigger: ".o_contract_module:contains(Phone Basic) a[name=module_cancel]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A manager may choose another date",
            trigger: "input[name=date_end]",
            run() {
                // A date input is set by value, not typed.
                this.anchor.value = "2031-06-15";
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Confirm the cancellation",
            trigger: "button[name=confirm_cancel]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The module ends on the chosen date",
            trigger:
                ".o_contract_module:contains(Phone Basic) [name=module_pending_end][data-date='2031-06-15']",
        },
    ],
});

// The account owner orders a module on the modules tab and signs the
// quotation it leads to.
registry.category("web_tour.tours").add("contract_portal_order_module_tour", {
    url: "/my/contract-management?tab=modules",
    steps: () => [
        {
            content: "The module to order is offered with the customer's price",
            trigger:
                ".o_contract_orderable_module:contains(Video meetings) [name=orderable_price]:contains(17.00)",
        },
        {
            content: "Order it",
            trigger:
                ".o_contract_orderable_module:contains(Video meetings) button[name=order_module]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quotation says what signing adds to the contract",
            trigger: "#contract_changes:contains(Video meetings)",
        },
        {
            content: "Sign",
            trigger: ".o_portal_sale_sidebar a:contains('Sign')",
            run: "click",
        },
        {
            content: "The signatory's name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Olivia Owner",
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

// The account owner adds a module the price list makes free: no quotation,
// the module is on the contract at once.
registry.category("web_tour.tours").add("contract_portal_order_free_module_tour", {
    url: "/my/contract-management?tab=modules",
    steps: () => [
        {
            content: "The free module is offered as free",
            trigger:
                ".o_contract_orderable_module:contains(Call statistics) [name=orderable_price]:contains(Free)",
        },
        {
            content: "Add it to the contract",
            trigger:
                ".o_contract_orderable_module:contains(Call statistics) button[name=order_module]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says it is added",
            trigger: "[name=message]:contains(added to your contract)",
        },
        {
            content: "The module is among the modules of the contract",
            trigger: ".o_contract_module:contains(Call statistics)[data-state=active]",
        },
        {
            content: "It is no longer offered",
            trigger:
                ".o_contract_management_modules:not(:has(.o_contract_orderable_module:contains(Call statistics)))",
        },
    ],
});
