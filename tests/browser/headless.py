"""Shared set-up of the browser tests: headless Chromium (Debian's, driven by Playwright) and a static server.

The browser tests skip when Chromium or Playwright is missing, unless SWIFTEMU_BROWSER_TESTS=require (what
`.ci/run` sets): then they fail, saying what is missing."""
import contextlib
import functools
import http.server
import os
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("SWIFTEMU_BROWSER_TESTS") == "require"
# as root in a closed network: no sandbox, and none of Chromium's background connections
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def require(condition: bool, why: str) -> None:
    "Skip (or, when the browser tests are required, fail) with `why` unless `condition`."
    if not condition:
        if REQUIRED:
            pytest.fail(f"{why} (SWIFTEMU_BROWSER_TESTS=require)")
        pytest.skip(why)


@contextlib.contextmanager
def chromium_page():
    "A fresh headless Chromium page (Playwright driving Debian's Chromium)."
    require(CHROMIUM is not None, "Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed (pip install playwright; it drives the system's Chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 900})
        finally:
            browser.close()


@contextlib.contextmanager
def static_server(folder):
    "http://127.0.0.1:<port>/ serving `folder`, in a thread, for as long as the block runs."

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
