# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Deal Contracts",
    "summary": "A won deal turns its sold items into contracts (time-based and "
    "one-time), listed under its quotations, and locks them until reopened",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "sale_crm",
        "contract_amendment",
    ],
    "data": [
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/crm_deal_contract_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["crm_deal_contract/static/tests/tours/*.js"],
    },
    "installable": True,
}
