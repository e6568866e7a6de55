"""Screenshots of a demo desk for the README and the manual (``docs/screenshots/demo-*.png``).

    python benchmarks/web/screenshots.py WORKSPACE

WORKSPACE is a desk built by ``demo_desk.py`` (users with the password in ``PASSWORD``). Serves
it with uvicorn on loopback and drives Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from demo_desk import PASSWORD

from aidtrace.web import create_app

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--port", type=int, default=8472)
    args = parser.parse_args()
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.workspace), host="127.0.0.1", port=args.port)
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{args.port}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=chart-provinces][data-rendered=true]")
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUT / "demo-dashboard.png"), full_page=True)
        page.goto(f"{base}/alerts?sort=severity")
        page.screenshot(path=str(OUT / "demo-queue.png"), full_page=True)
        page.goto(f"{base}/alerts?kind=sanctions_match")
        page.locator("[data-testid=queue] tbody a").first.click()
        page.screenshot(path=str(OUT / "demo-screening-hit.png"), full_page=True)
        page.goto(f"{base}/audit/verify")
        page.screenshot(path=str(OUT / "demo-audit.png"), full_page=True)
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
