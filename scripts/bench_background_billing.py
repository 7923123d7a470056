"""Client of the background-billing benchmark (run by scripts/bench.sh with
the virtualenv's Python) against a server in production shape.

As a user would: log in, select every benchmark ticket of the list, click
*Invoice activities*, then wait for the summary, asking the server about
the run twice a second. Measured end to end: from the click until the last
job is done (the run's summary written). Every request of the user is timed.

usage: bench_background_billing.py URL DB WORKERS CHANNELS FLOOR_MS_PER_ORDER
"""

import sys
import threading
import time

import requests

POLL_SECONDS = 0.5
TIMEOUT_SECONDS = 1800


class Client:
    def __init__(self, url, db):
        self.url = url
        self.session = requests.Session()
        self.request_ms = []
        self.call("/web/session/authenticate", db=db, login="admin", password="admin")

    def call(self, path, **params):
        start = time.perf_counter()
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=600,
        )
        self.request_ms.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(body["error"])
        return body["result"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=args,
            kwargs=kwargs or {},
        )


def warm_up(url, db, workers):
    """Each worker of a fresh server loads the registry on its first
    request: not what a user's click costs, so out of the measure."""
    threads = [
        threading.Thread(
            target=requests.get,
            args=(f"{url}/web/login?db={db}",),
            kwargs={"timeout": 120},
        )
        for _index in range(2 * int(workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report_jobs(client, since):
    """How the jobs went (to stderr): count, retries, time spent in them."""
    jobs = client.call_kw(
        "queue.job",
        "search_read",
        [
            [
                ("channel", "=like", "root.postsale_billing%"),
                ("date_created", ">=", since),
            ]
        ],
        {"fields": ["state", "retry", "exec_time"]},
    )
    retries = sum(job["retry"] - 1 for job in jobs if job["retry"])
    print(
        f"jobs={len(jobs)} retries={retries} "
        f"not_done={sum(job['state'] != 'done' for job in jobs)} "
        f"exec_seconds={sum(job['exec_time'] or 0 for job in jobs):.1f}",
        file=sys.stderr,
    )


def main(url, db, workers, channels, floor_ms_per_order):
    warm_up(url, db, workers)
    client = Client(url, db)
    client.request_ms.clear()
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 1))
    # "Select all" in the list: the web client asks for the ids first.
    ticket_ids = client.call_kw(
        "helpdesk.ticket",
        "search",
        [[("name", "=like", "Bench background ticket %")]],
    )
    activities = client.call_kw(
        "mail.activity",
        "search_count",
        [[("res_model", "=", "helpdesk.ticket"), ("res_id", "in", ticket_ids)]],
        {"context": {"active_test": False}},
    )
    last_batch = client.call_kw("postsale.billing.batch", "search", [[]], {"limit": 1})
    start = time.perf_counter()
    client.call(
        "/web/dataset/call_button/helpdesk.ticket/action_invoice_activities",
        model="helpdesk.ticket",
        method="action_invoice_activities",
        args=[ticket_ids],
        kwargs={},
    )
    batch = None
    while time.perf_counter() - start < TIMEOUT_SECONDS:
        time.sleep(POLL_SECONDS)
        batches = client.call_kw(
            "postsale.billing.batch",
            "search_read",
            [[("id", ">", last_batch[0] if last_batch else 0)]],
            {"fields": ["state", "order_count", "skipped_count"], "limit": 1},
        )
        if batches and batches[0]["state"] == "done":
            batch = batches[0]
            break
    seconds = time.perf_counter() - start
    if not batch:
        sys.exit(f"bench: the background billing did not finish in {TIMEOUT_SECONDS} s")
    report_jobs(client, since)
    orders = batch["order_count"]
    per_order_ms = seconds * 1000 / max(orders, 1)
    print(
        f"bench background_billing tickets={len(ticket_ids)} activities={activities} "
        f"workers={workers} channels={channels} orders={orders} "
        f"skipped={batch['skipped_count']} seconds={seconds:.1f} "
        f"max_request_ms={max(client.request_ms):.0f} "
        f"per_order_ms={per_order_ms:.2f} "
        f"floor_ratio={per_order_ms / floor_ms_per_order:.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
