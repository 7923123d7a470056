"""Portal page under load (run by scripts/bench.sh with the virtualenv's
Python) against a server in production shape: CLIENTS customers, each
with a session of its own, load /my/contract-management REQUESTS times
each, all at once. Prints the latency percentiles and the errors (any
answer but 200, or no answer).

usage: bench_portal.py URL DB CLIENTS REQUESTS
"""

import statistics
import sys
import threading
import time

import requests

PAGE = "/my/contract-management"


def login(url, db):
    session = requests.Session()
    response = session.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": "bench_portal", "password": "bench_portal"},
        },
        timeout=60,
    )
    response.raise_for_status()
    # Warm-up: the first page of a session loads the assets' bundles.
    session.get(f"{url}{PAGE}", timeout=60)
    return session


def client(url, session, requests_count, timings, errors):
    for _index in range(requests_count):
        start = time.perf_counter()
        try:
            response = session.get(f"{url}{PAGE}", timeout=60)
            ok = response.status_code == 200 and b"Bench Basic" in response.content
        except requests.RequestException:
            ok = False
        timings.append((time.perf_counter() - start) * 1000)
        if not ok:
            errors.append(1)


def main(url, db, clients, requests_count):
    sessions = [login(url, db) for _index in range(clients)]
    timings, errors = [], []
    threads = [
        threading.Thread(
            target=client, args=(url, session, requests_count, timings, errors)
        )
        for session in sessions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    quantiles = statistics.quantiles(timings, n=100)
    print(
        f"bench portal_page clients={clients} requests={len(timings)} "
        f"p50_ms={statistics.median(timings):.0f} p95_ms={quantiles[94]:.0f} "
        f"errors={len(errors)}"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
