"""The rendered end-to-end tutorial opens in headless Chromium and shows its figures (after `make demo`)."""
import shutil
import subprocess
from pathlib import Path

import pytest

HTML = Path(__file__).resolve().parents[2] / "_demo" / "end_to_end.html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
@pytest.mark.skipif(not HTML.exists(), reason="no _demo/end_to_end.html; run `make demo` first")
def test_end_to_end_html_renders_with_its_figures(tmp_path):
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path}", "--dump-dom",
         HTML.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "End to end" in dom
    assert dom.count("data:image/png;base64") >= 4, "the executed tutorial should show its four figures"
    assert "Traceback" not in dom
