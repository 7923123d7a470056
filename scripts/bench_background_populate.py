"""Data of the background-billing benchmark, run by scripts/bench.sh in
``odoo shell`` (``env`` is given by the shell) on a copy of the benchmark
database, and committed: the server in production shape must see it.

* 10,000 tickets of 10,000 customers, 5 closed billable activities each;
* a portal customer with a contract of three modules, for the portal page.
"""

import os
import time

# BENCH_TICKETS: fewer tickets for a quick try of the benchmark itself.
TICKETS = int(os.environ.get("BENCH_TICKETS", 10000))
ACTIVITIES_PER_TICKET = 5

start = time.perf_counter()
admin = env.ref("base.user_admin")  # noqa: F821 - given by odoo shell
env = env(  # noqa: F821
    user=admin,
    context={
        "tracking_disable": True,
        "mail_create_nolog": True,
        "mail_create_nosubscribe": True,
        "mail_notrack": True,
    },
)
company = env.company
product = env["product.product"].create(
    {
        "name": "Bench intervention",
        "type": "service",
        "list_price": 80.0,
        "invoice_policy": "order",
    }
)
condition = env["postsale.activity.condition"].create(
    {"name": "Bench billable", "to_invoice": True, "product_id": product.id}
)
partners = env["res.partner"].create(
    [{"name": f"Bench customer {index}"} for index in range(TICKETS)]
)
tickets = env["helpdesk.ticket"].create(
    [
        {
            "name": f"Bench background ticket {index}",
            "description": "<p>Bench</p>",
            "partner_id": partner.id,
        }
        for index, partner in enumerate(partners)
    ]
)
model_id = env["ir.model"]._get_id("helpdesk.ticket")
activities = env["mail.activity"].create(
    [
        {
            "res_model_id": model_id,
            "res_id": ticket.id,
            "summary": f"Bench work {index}",
            "user_id": admin.id,
            "billing_condition_id": condition.id,
            "billing_quantity": 1.0 + index,
        }
        for ticket in tickets
        for index in range(ACTIVITIES_PER_TICKET)
    ]
)
activities.action_archive()

# The portal page: an account owner with a contract of three modules.
account = env["res.partner"].create({"name": "Bench Portal Ltd", "is_company": True})
owner = env["res.partner"].create(
    {"name": "Bench Portal Owner", "parent_id": account.id, "email": "o@bench.example"}
)
account.contract_account_owner_id = owner
env["res.users"].create(
    {
        "name": owner.name,
        "login": "bench_portal",
        "password": "bench_portal",
        "partner_id": owner.id,
        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
    }
)
contract = env["contract.contract"].create(
    {"name": "Bench portal contract", "partner_id": account.id, "line_recurrence": True}
)
for name, price in (("Bench Basic", 29.0), ("Bench Pro", 49.0), ("Bench Option", 9.0)):
    module = env["product.product"].create(
        {"name": name, "type": "service", "list_price": price}
    )
    env["contract.line"].create(
        {
            "contract_id": contract.id,
            "product_id": module.id,
            "name": name,
            "quantity": 1.0,
            "automatic_price": False,
            "specific_price": price,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "recurring_invoicing_type": "pre-paid",
            "date_start": "2026-01-01",
        }
    )
env.cr.commit()  # pylint: disable=invalid-commit
print(
    f"bench data tickets={len(tickets)} activities={len(activities)} "
    f"seconds={time.perf_counter() - start:.0f}"
)
