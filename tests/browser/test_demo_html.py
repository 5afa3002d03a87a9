"""The rendered end-to-end tutorial opens in headless Chromium and shows its four figures and no traceback.

It checks what a newcomer opens first: `_demo/end_to_end.html` when `make demo` has written it, and the docs site's
page of the same tutorial (`make docs`, which `make test-browser` builds first) in every case, so the check runs in
CI instead of waiting for `make demo`."""
from pathlib import Path

from headless import chromium_page, require

ROOT = Path(__file__).resolve().parents[2]
RENDERED = {"make demo": ROOT / "_demo" / "end_to_end.html", "make docs": ROOT / "_docs" / "tutorials" / "end_to_end.html"}


def test_end_to_end_html_renders_with_its_figures():
    require(RENDERED["make docs"].exists(), "no _docs/tutorials/end_to_end.html; run `make docs` first")
    made = [html for html in RENDERED.values() if html.exists()]
    with chromium_page() as page:
        for html in made:
            page.goto(html.as_uri(), wait_until="load")
            text = page.inner_text("body")
            figures = page.evaluate("() => Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length")
            where = html.relative_to(ROOT)
            assert "End to end" in text, f"{where} is not the end-to-end tutorial"
            assert figures >= 4, f"{figures} figures drawn in {where}; the executed tutorial makes four"
            assert "Traceback (most recent call last)" not in text, f"{where} shows a traceback"
