# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Post-sale Billing",
    "summary": "Sale orders from contracts, renewals and closed helpdesk ticket "
    "activities, with per-company billing defaults",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/postsale-contract-ops/postsale",
    "author": "Postsale Contract Ops, Odoo Community Association (OCA)",
    "maintainers": ["postsale-contract-ops"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "sale_management",
        "sale_order_type",
        "contract",
        "contract_line_successor",
        "contract_amendment",
        "helpdesk_mgmt",
        "helpdesk_mgmt_portal_guard",
    ],
    "data": [
        "security/postsale_billing_security.xml",
        "security/ir.model.access.csv",
        "views/postsale_billing_config_views.xml",
        "views/postsale_activity_condition_views.xml",
        "views/mail_activity_type_views.xml",
        "views/mail_activity_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/sale_order_views.xml",
        "views/contract_contract_views.xml",
        "views/contract_renewal_views.xml",
        "report/sale_order_report_templates.xml",
        "wizards/postsale_billing_result_views.xml",
        "views/postsale_billing_menus.xml",
    ],
    "demo": ["demo/postsale_billing_demo.xml"],
    "assets": {
        "web.assets_tests": ["postsale_billing/static/tests/tours/*.js"],
    },
    "installable": True,
}
