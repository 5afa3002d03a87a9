"""The documentation site (`make docs`) in headless Chromium: every page loads without a console error or a failed
request, shows every figure its notebook made, its math (MathML) and no traceback, and every internal link (page
and anchor) resolves. A screenshot of the index is written to `_docs/index.png` for a person to look at."""
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from headless import chromium_page, require, static_server

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_docs"
MANIFEST = SITE / "_static" / "pages.json"


def anchors(path: Path) -> set[str]:
    "The ids and names an HTML file defines."
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'\sid="([^"]+)"', text)) | set(re.findall(r'\sname="([^"]+)"', text))


def test_every_page_of_the_site():
    require(MANIFEST.exists(), "no docs site in _docs/; run `make docs` first")
    pages = json.loads(MANIFEST.read_text())
    assert len(pages) >= 30 and pages[0]["page"] == "index.html", "the site has every notebook, the index first"
    problems, links, known = [], {}, {}
    with static_server(SITE) as root, chromium_page() as page:
        messages = []
        page.on("console", lambda message: message.type == "error" and messages.append(message.text))
        page.on("pageerror", lambda error: messages.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda request: messages.append(f"request failed: {request.url}"))
        for entry in pages:
            messages.clear()
            url = urljoin(root, entry["page"])
            response = page.goto(url, wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"{entry['page']}: HTTP {None if response is None else response.status}")
                continue
            typeset = page.evaluate("""() => Array.from(document.querySelectorAll('main math'))
                .filter(m => m.getBoundingClientRect().width > 0).length""")
            images = page.evaluate("() => Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 60)])")
            text = page.inner_text("main")
            broken = [src for loaded, src in images if not loaded]
            if messages:
                problems.append(f"{entry['page']}: console errors {messages[:3]}")
            if broken:
                problems.append(f"{entry['page']}: images that did not load {broken[:3]}")
            if len(images) < entry["figures"]:
                problems.append(f"{entry['page']}: {len(images)} images shown, its notebook made {entry['figures']}")
            if "Traceback (most recent call last)" in text or re.search(r"\b\w+Error: ", text) and "Traceback" in text:
                problems.append(f"{entry['page']}: shows a traceback")
            if entry["math"] and typeset < 1:
                problems.append(f"{entry['page']}: has math but shows no rendered MathML")
            if entry["page"] == "index.html":
                page.screenshot(path=str(SITE / "index.png"))
            links[entry["page"]] = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
            known[entry["page"]] = entry
    origin = urlparse(root)
    for source, hrefs in links.items():
        for href in hrefs:
            target = urlparse(href)
            if (target.scheme, target.netloc) != (origin.scheme, origin.netloc):
                continue  # outside the site: not checked (no network here)
            path = SITE / unquote(target.path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                problems.append(f"{source}: link to a missing page {target.path}")
            elif target.fragment and path.suffix == ".html" and not {target.fragment, unquote(target.fragment)} & anchors(path):
                problems.append(f"{source}: link to a missing anchor {target.path}#{target.fragment}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert (SITE / "index.png").stat().st_size > 10_000, "a screenshot of the index"
