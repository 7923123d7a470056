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
import re
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

# (file name, login, path, steps). A step is a selector to click or a
# (selector, value) pair to type into an input. In the path, {xmlid} is
# replaced by the database id of that record.
PAGES = [
    (
        "ticket_renegotiate_wizard",
        "admin",
        "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/"
        "{crm_renegotiation.helpdesk_ticket_azure_demo}",
        [
            "button[name=action_renegotiate]",
            ("div[name=new_licences] input", "20"),
            ("div[name=new_price] input", "92"),
        ],
    ),
    (
        "company_card",
        "admin",
        "/odoo/contacts/{base.res_partner_4}",
        ["a[name=renegotiation_history]"],
    ),
    (
        "contract_form",
        "admin",
        "/odoo/action-contract.action_customer_contract/"
        "{crm_renegotiation.contract_ready_mat_demo}",
        [],
    ),
    (
        "ticket_billing_tab",
        "admin",
        "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/"
        "{postsale_billing.ticket_jackson_demo}",
        ["a[name=postsale_billing]"],
    ),
    (
        "billing_configuration",
        "admin",
        "/odoo/action-postsale_billing.postsale_billing_config_action",
        [],
    ),
    (
        "contract_upsell_wizard",
        "admin",
        "/odoo/action-contract.action_customer_contract/"
        "{crm_renegotiation.contract_gemini_furniture_demo}",
        [
            "button[name=action_renegotiate]",
            "div[name=upsell_line_ids] .o_field_x2many_list_row_add a",
            (
                "div[name=upsell_line_ids] .o_data_row .o_field_many2one input",
                "Assist analytics",
            ),
            ".o-autocomplete--dropdown-item a",
        ],
    ),
    (
        "deal_contracts",
        "admin",
        "/odoo/crm/{crm_deal_contract.crm_lead_terminals_demo}",
        ["button[name=action_set_won_rainbowman]", "a[name=deal_contracts]"],
    ),
    (
        "account_history",
        "admin",
        "/odoo/contacts/{base.res_partner_4}",
        # the stat buttons that do not fit are under "More"
        ["button.o_button_more", "button[name=action_view_account_history]"],
    ),
    (
        "contract_management_information",
        "customer",
        "/my/contract-management",
        [],
    ),
    (
        "contract_management_modules",
        "customer",
        "/my/contract-management?tab=modules",
        [],
    ),
    (
        "contract_management_cancel",
        "customer",
        "/my/contract-management/module/"
        "{contract_portal.contract_line_deco_telephony_demo}/cancel",
        [],
    ),
]


def call_kw(url, session, model, method, args, kwargs=None):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "model": model,
            "method": method,
            "args": args,
            "kwargs": kwargs or {},
        },
    }
    request = urllib.request.Request(
        f"{url}/web/dataset/call_kw",
        data=json.dumps(payload).encode(),
        headers={
            "Content-Type": "application/json",
            "Cookie": f"session_id={session}",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["result"]


def pdf_shot(url, session, out):
    """The first page of a renegotiation quotation's PDF: the contract
    document of the template, its form fields filled (E3). The quote
    builder prints it on quotations not signed yet: start a renegotiation
    first (the demo's Azure Interior ticket, *Renegotiate* > *Confirm*)."""
    orders = call_kw(
        url,
        session,
        "sale.order",
        "search_read",
        [[("renegotiation_ids", "!=", False), ("state", "in", ["draft", "sent"])]],
        {"fields": ["id"], "limit": 1, "order": "id desc"},
    )
    if not orders:
        return
    request = urllib.request.Request(
        f"{url}/report/pdf/sale.report_saleorder/{orders[0]['id']}",
        headers={"Cookie": f"session_id={session}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        pdf = response.read()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quotation.pdf"
        path.write_bytes(pdf)
        target = out / "renegotiation_contract_document"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"]
            + [str(path), str(target)],
            check=True,
        )
    print(f"{target}.png")


def xmlid_to_id(url, session, xmlid):
    module, name = xmlid.split(".")
    records = call_kw(
        url,
        session,
        "ir.model.data",
        "search_read",
        [[("module", "=", module), ("name", "=", name)]],
        {"fields": ["res_id"]},
    )
    return records[0]["res_id"]


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

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise SystemExit(f"{selector} not found")

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
        sessions = {"admin": authenticate(args.url, args.db, "admin")}
        for name, login, path, clicks in PAGES:
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
            path = re.sub(
                r"{([\w.]+)}",
                lambda match: str(
                    xmlid_to_id(args.url, sessions["admin"], match.group(1))
                ),
                path,
            )
            chrome.call("Page.navigate", url=f"{args.url}{path}")
            time.sleep(1)
            chrome.wait_idle()
            for step in clicks:
                selector, value = step if isinstance(step, tuple) else (step, None)
                chrome.wait_for(selector)
                element = f"document.querySelector({json.dumps(selector)})"
                if value is None:
                    chrome.evaluate(f"{element}.click()")
                else:
                    chrome.evaluate(
                        f"(el => {{ el.focus(); el.value = {json.dumps(value)}; "
                        "el.dispatchEvent(new Event('input', {bubbles: true})); "
                        "el.dispatchEvent(new Event('change', {bubbles: true})); "
                        f"el.blur(); }})({element})"
                    )
                time.sleep(1)
                chrome.wait_idle()
            params = {"format": "png"}
            if not path.startswith("/odoo"):
                # Portal pages scroll the window: the whole page.
                size = chrome.call("Page.getLayoutMetrics")["cssContentSize"]
                params.update(
                    captureBeyondViewport=True,
                    clip={
                        "x": 0,
                        "y": 0,
                        "width": size["width"],
                        "height": min(size["height"], 4000),
                        "scale": 1,
                    },
                )
            shot = chrome.call("Page.captureScreenshot", **params)
            (out / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"{out / name}.png")
        if not args.only or args.only == "renegotiation_contract_document":
            pdf_shot(args.url, sessions["admin"], out)
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
