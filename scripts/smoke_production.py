"""Smoke check of Odoo in production shape (run by scripts/test.sh).

Against a server started by scripts/prod.sh: the login page answers through
nginx, a websocket opens through nginx's /websocket route to the gevent
process (HTTP 101) and receives its hello, and, a few seconds later, the
server's log holds no traceback, no ERROR and no crash of the gevent process,
and shows every process of the production shape.

usage: smoke_production.py FRONT_PORT LOG_FILE
"""

import json
import re
import sys
import time
import urllib.request

import websocket

EXPECTED_IN_LOG = {
    "HTTP workers": r"Worker WorkerHTTP \(\d+\) alive",
    "cron worker": r"Worker WorkerCron \(\d+\) alive",
    "job runner": r"queue job runner ready for db",
    "websocket process": r"Evented Service \(longpolling\) running",
}
FORBIDDEN_IN_LOG = r"Traceback|DistributionNotFound| (ERROR|CRITICAL) "
# The gevent process crash-looped every few seconds: leave it time to.
SETTLE_SECONDS = 8


def main(port, log_file):
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{base}/web/login", timeout=30) as response:
        assert response.status == 200, f"/web/login answered {response.status}"
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{port}/websocket?version=smoke", timeout=30, origin=base
    )
    status = ws.getstatus()
    ws.send(
        json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
    )
    ws.close()
    if status != 101:
        sys.exit(f"smoke: the websocket answered HTTP {status}, not 101")
    time.sleep(SETTLE_SECONDS)
    with open(log_file, encoding="utf-8", errors="replace") as log:
        text = log.read()
    missing = [
        name
        for name, pattern in EXPECTED_IN_LOG.items()
        if not re.search(pattern, text)
    ]
    if missing:
        sys.exit(f"smoke: not started: {', '.join(missing)} (see {log_file})")
    bad = [line for line in text.splitlines() if re.search(FORBIDDEN_IN_LOG, line)]
    if bad:
        sys.exit("smoke: the server logged errors:\n" + "\n".join(bad[:20]))
    print(
        "smoke: production shape (HTTP workers, websocket, cron, job runner) behind "
        f"nginx: websocket HTTP {status}, no traceback in {log_file}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
