"""Batch-billing benchmark of postsale_billing, run by scripts/bench.sh in
``odoo shell`` (``env`` is given by the shell).

500 tickets, 5 closed billable activities each, billed three ways on the
same data, each rolled back (savepoint) before the next:

* billing: ``helpdesk.ticket._create_activity_orders()``, everything included
  (locks, reads, values, one ``sale.order.create()``, the activities' links);
* floor: one ``sale.order.create()`` of the same orders, values precomputed;
* record by record: each order, then each of its lines, created separately.

After a warm-up, billing and floor are measured three times each, taking
turns, and the best run of each is kept; record by record runs once.
"""

import copy
import time
from contextlib import closing

TICKETS = 500
ACTIVITIES_PER_TICKET = 5
REPEAT = 3

admin = env.ref("base.user_admin")  # noqa: F821 - given by odoo shell
env = env(user=admin, context={"tracking_disable": True})  # noqa: F821
cr = env.cr
company = env.company


def setup():
    product = env["product.product"].create(
        {
            "name": "Bench intervention",
            "type": "service",
            "list_price": 80.0,
            "invoice_policy": "order",
        }
    )
    default_product = env["product.product"].create(
        {"name": "Bench default service", "type": "service", "list_price": 50.0}
    )
    Condition = env["postsale.activity.condition"]
    conditions = Condition.create(
        [
            {"name": "Bench billable", "to_invoice": True, "product_id": product.id},
            {"name": "Bench billable (default product)", "to_invoice": True},
        ]
    )
    Config = env["postsale.billing.config"].sudo()
    config = Config.search(
        [("company_id", "=", company.id), ("billing_case", "=", "ticket_activity")]
    )
    values = {
        "subject": "Bench interventions",
        "product_id": default_product.id,
        "order_type_id": env["sale.order.type"]
        .sudo()
        .create({"name": "Bench activities", "company_id": company.id})
        .id,
    }
    if config:
        config.write(values)
    else:
        Config.create(
            {"company_id": company.id, "billing_case": "ticket_activity", **values}
        )
    partners = env["res.partner"].create(
        [{"name": f"Bench customer {index}"} for index in range(TICKETS)]
    )
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"Bench ticket {index}",
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
                "billing_condition_id": conditions[index % 2].id,
                "billing_quantity": 1.0 + index,
            }
            for ticket in tickets
            for index in range(ACTIVITIES_PER_TICKET)
        ]
    )
    activities.action_archive()
    env.flush_all()
    return tickets


def measure(function):
    """(seconds, queries, result) of ``function()``, rolled back after.

    ``function`` may carry a ``prepare`` attribute: called before the clock
    starts, its result is what ``function`` is given.
    """
    env.flush_all()
    with closing(cr.savepoint()):
        env.invalidate_all()
        prepare = getattr(function, "prepare", None)
        args = (prepare(),) if prepare else ()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = function(*args)
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - queries
    env.invalidate_all()
    return elapsed, queries, result


def order_values(tickets):
    """The values billing computes for ``tickets`` (outside of the timing)."""
    values = []

    def prepare():
        sudo_tickets = tickets.sudo()
        billable = sudo_tickets._lock_billable_activities()
        configs = env["postsale.billing.config"]._get_company_configs(
            sudo_tickets.company_id, "ticket_activity"
        )
        for ticket in sudo_tickets:
            values.append(
                ticket._prepare_activity_order_values(
                    billable[ticket.id], configs[ticket.company_id.id]
                )
            )

    measure(prepare)
    return values


def billing(tickets):
    def run():
        orders, skipped = tickets._create_activity_orders()
        assert len(orders) == len(tickets) and not skipped, (len(orders), skipped)
        return orders

    return run


def fresh_copy(values):
    """A copy of the precomputed values for each run, made before the clock
    starts: ``sale.order.create()`` writes the order number into the values
    it is given, and a second run on them would skip the numbering."""
    return lambda: copy.deepcopy(values)


def floor(values):
    def run(vals_list):
        return env["sale.order"].sudo().create(vals_list)

    run.prepare = fresh_copy(values)
    return run


def record_by_record(values):
    def run(vals_list):
        SaleOrder = env["sale.order"].sudo()
        SaleOrderLine = env["sale.order.line"].sudo()
        for order_values in vals_list:
            lines = order_values.pop("order_line")
            order = SaleOrder.create(order_values)
            for _command, _id, line_values in lines:
                SaleOrderLine.create({**line_values, "order_id": order.id})

    run.prepare = fresh_copy(values)
    return run


def best_interleaved(*functions):
    """The best run of each function, the functions taking turns so that
    the load of the machine weighs on them alike."""
    runs = [[] for _function in functions]
    for _index in range(REPEAT):
        for function, function_runs in zip(functions, runs, strict=True):
            function_runs.append(measure(function))
    return [min(function_runs, key=lambda run: run[0]) for function_runs in runs]


with closing(cr.savepoint()):
    tickets = setup()
    # Warm-up: the caches every run shares (fields, views, sequences, taxes).
    measure(billing(tickets[:20]))
    measure(floor(order_values(tickets[:20])))
    values = order_values(tickets)
    (bill_time, bill_queries, _orders), (floor_time, _queries, _result) = (
        best_interleaved(billing(tickets), floor(values))
    )
    rbr_time, _rbr_queries, _result = measure(record_by_record(values))

orders = len(tickets)
print(
    f"bench batch_billing tickets={orders} "
    f"activities={orders * ACTIVITIES_PER_TICKET} "
    f"ms_per_order={bill_time * 1000 / orders:.2f} "
    f"floor_ms_per_order={floor_time * 1000 / orders:.2f} "
    f"ratio={bill_time / floor_time:.2f} "
    f"queries_per_order={bill_queries / orders:.2f} "
    f"record_by_record_ms_per_order={rbr_time * 1000 / orders:.2f}"
)
