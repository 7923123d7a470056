"""Take the README's screenshots from a running `make run`.

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8069]
        [--db postsale_demo] [--out docs/screenshots]

Logs in through /web/session/authenticate, opens each page in headless Chromium
through the DevTools protocol (websocket-client), optionally clicks a selector,
waits until Odoo is idle and writes a PNG per page.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent

# (file name, login, path, selector to click first or None)
PAGES = [
    (
        "helpdesk_ticket_renegotiate",
        "admin",
        "/odoo/action-crm_renegotiation.helpdesk_ticket_action_renegotiation_demo",
        None,
    ),
]


def authenticate(url, db, login):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": db, "login": login, "password": login},
    }
    request = urllib.request.Request(
        f"{url}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("error"):
        raise SystemExit(f"cannot log in as {login}: {answer['error']['message']}")
    return next(cookie.value for cookie in jar if cookie.name == "session_id")


class Chrome:
    def __init__(self):
        binary = next(
            shutil.which(name)
            for name in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(name)
        )
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1440,900",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json", timeout=1
                ) as response:
                    targets = json.load(response)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = iter(range(1, 1_000_000))

    def call(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_idle(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            ready = self.evaluate(
                "document.readyState === 'complete' && "
                "!document.querySelector('.o_loading_indicator, .o_blockUI')"
            )
            if ready:
                time.sleep(1.5)
                return
            time.sleep(0.3)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="postsale_demo")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", help="take only the page of that name")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    chrome.call("Page.enable")
    chrome.call("Network.enable")
    try:
        sessions = {}
        for name, login, path, click in PAGES:
            if args.only and name != args.only:
                continue
            if login not in sessions:
                sessions[login] = authenticate(args.url, args.db, login)
            chrome.call("Network.clearBrowserCookies")
            chrome.call(
                "Network.setCookie",
                name="session_id",
                value=sessions[login],
                url=args.url,
            )
            chrome.call("Page.navigate", url=f"{args.url}{path}")
            time.sleep(1)
            chrome.wait_idle()
            if click:
                chrome.evaluate(f"document.querySelector({json.dumps(click)}).click()")
                time.sleep(1)
                chrome.wait_idle()
            shot = chrome.call("Page.captureScreenshot", format="png")
            (out / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"{out / name}.png")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
