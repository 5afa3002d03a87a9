"""The end-to-end tutorial in JupyterLab, driven like a person in headless Chromium.

A `jupyter lab` server starts on 127.0.0.1 with a fresh token, on a copy of `nbs/tutorials/end_to_end.ipynb` (the
repository's notebook is never opened, so nothing is written to it), with its own settings, runtime and data
folders. The browser opens the notebook, picks Run > Run All Cells from the menu (again if the click queued nothing;
Kernel > Restart Kernel and Run All Cells if the queued cells do not start), and waits until every cell has run.
Then: no cell shows an error, the explorer's sliders are drawn (one per parameter), and moving one with the keyboard
changes the figure. The notebook is saved through the UI and read back: every code cell ran, none has an error
output. The server is shut down by its process id."""
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from headless import chromium_page, require

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "nbs" / "tutorials" / "end_to_end.ipynb"
JUPYTER = Path(sys.executable).parent / "jupyter"
PARAMETERS = 8  # the example study's


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings(folder: Path) -> Path:
    "User settings: every cell in the page (no windowing), no news or update checks (no network here)."
    root = folder / "settings"
    for name, value in {"notebook-extension/tracker": {"windowingMode": "none"},
                        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}}.items():
        path = root / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    return root


@contextlib.contextmanager
def jupyter_lab(folder: Path):
    "A JupyterLab server on `folder / 'work'`: (base url, token, process); shut down by its process id afterwards."
    require(JUPYTER.exists(), f"no jupyter next to {sys.executable}; install the dev extras")
    token, port = secrets.token_hex(24), free_port()
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}  # inline figures
    env.update(JUPYTER_CONFIG_DIR=str(folder / "config"), JUPYTER_DATA_DIR=str(folder / "data"),
               JUPYTER_RUNTIME_DIR=str(folder / "runtime"), SWIFTEMU_OUTPUT=str(folder / "outputs"),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    command = [str(JUPYTER), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder / 'work'}",
               f"--LabApp.user_settings_dir={settings(folder)}", f"--LabApp.workspaces_dir={folder / 'workspaces'}"]
    log_path = folder / "jupyterlab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, f"jupyter lab exited:\n{log_path.read_text()[-3000:]}"
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"jupyter lab did not answer in 90 s:\n{log_path.read_text()[-3000:]}"
                time.sleep(0.5)
            yield url, token, server
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(server.pid, signal.SIGTERM)  # the server stops its kernels on the way out
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)  # a kernel that outlived it


PROMPTS = """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'), e => e.textContent.trim())"""
ERRORS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
    .map(e => e.innerText).filter(t => t.includes('Traceback') || /^\\w*(Error|Exception)\\b/m.test(t))
    .map(t => t.slice(0, 500))"""
FIGURE = """() => { const img = document.querySelector('.widget-output img, .jupyter-widgets-output-area img');
    return img ? img.src : null; }"""


DIALOG = """() => Array.from(document.querySelectorAll('dialog.jp-Dialog'), d => d.innerText.trim().slice(0, 500))"""


def choose_menu(page, menu: str, item: str) -> None:
    "Open a menu of the menu bar and click one of its items, as a person would."
    dialogs = page.evaluate(DIALOG)
    assert not dialogs, f"JupyterLab shows a dialog before {menu} > {item}: {dialogs}"
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    entry = page.locator(".lm-Menu-itemLabel", has_text=item).first
    entry.wait_for(state="visible")
    page.wait_for_timeout(300)  # the menu settles before the click lands
    entry.click()


QUEUED = f"({PROMPTS})().some(p => p !== '[ ]:')"  # a cell queued or running
RAN = f"({PROMPTS})().some(p => /^\\[\\d+\\]/.test(p))"  # a cell finished
FIRST_CELL_SECONDS = 90  # far longer than the tutorial's first cell takes
STALL_SECONDS = 30  # unrun cells with nothing queued or running for this long: the run was lost


def shown_within(page, condition: str, milliseconds: int) -> bool:
    "Does the page's JavaScript `condition` hold within `milliseconds`?"
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=milliseconds)
        return True
    except PlaywrightTimeout:
        return False


def restart_and_run_all(page) -> None:
    "Kernel > Restart Kernel and Run All Cells, confirmed in its dialog."
    choose_menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog .jp-mod-accept").click()


def run_all_cells(page, tries: int = 3) -> None:
    """Run > Run All Cells, as a person would, and what a person would do when it does not take:
    - the menu can drop a click while JupyterLab is still settling (seen in CI): click again if no cell is queued in 20 s;
    - JupyterLab can replace the kernel it just started (seen in CI: started, shut down 0.1 s later, another started),
      leaving the cells queued for the kernel that is gone: if no cell has run in FIRST_CELL_SECONDS, Kernel > Restart
      Kernel and Run All Cells, confirmed in its dialog. (The test restarts the same way, once, when cells are left
      unrun with none queued or running for STALL_SECONDS, also seen in CI.)"""
    for _ in range(tries):
        choose_menu(page, "Run", "Run All Cells")
        if shown_within(page, QUEUED, 20_000):
            break
    else:
        raise AssertionError(f"Run > Run All Cells queued no cell in {tries} tries of 20 s; prompts {page.evaluate(PROMPTS)}")
    if shown_within(page, RAN, FIRST_CELL_SECONDS * 1000):
        return
    restart_and_run_all(page)
    assert shown_within(page, RAN, FIRST_CELL_SECONDS * 1000), (
        f"no cell ran after Run All Cells, nor after Kernel > Restart Kernel and Run All Cells; prompts {page.evaluate(PROMPTS)}")


def test_end_to_end_runs_in_jupyterlab(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / NOTEBOOK.name)
    with jupyter_lab(tmp_path) as (url, token, server), chromium_page() as page:
        page.set_default_timeout(120_000)
        page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']")
        # as a person would: the Run menu, then Run All Cells
        run_all_cells(page)
        deadline, errors, stalled_since, restarted = time.monotonic() + 600, [], None, False
        while time.monotonic() < deadline:
            prompts, errors = page.evaluate(PROMPTS), page.evaluate(ERRORS)
            if errors or (prompts and all(p[:1] == "[" and p[1:-2].isdigit() for p in prompts)):
                break
            # cells left unrun with none queued or running (seen in CI after the kernel was swapped): restart once
            stalled = "[ ]:" in prompts and "[*]:" not in prompts
            stalled_since = (stalled_since or time.monotonic()) if stalled else None
            if stalled_since and time.monotonic() - stalled_since > STALL_SECONDS and not restarted:
                restart_and_run_all(page)
                restarted, stalled_since = True, None
            time.sleep(1)
        assert not errors, f"cells show errors: {errors}"
        assert prompts and all(p[1:-2].isdigit() for p in prompts), (
            f"cells left unrun after 600 s: {prompts}\nserver log:\n{(tmp_path / 'jupyterlab.log').read_text()[-3000:]}")
        sliders = page.locator(".widget-slider")
        assert sliders.count() == PARAMETERS, f"{sliders.count()} sliders drawn, expected {PARAMETERS}"
        page.wait_for_function(f"({FIGURE}) !== null")
        before, readout = page.evaluate(FIGURE), sliders.first.locator(".widget-readout").inner_text()
        handle = sliders.first.locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.click()
        for _ in range(20):
            handle.press("ArrowRight")
        page.wait_for_function(f"({FIGURE}) !== {json.dumps(before)}", timeout=60_000)
        assert sliders.first.locator(".widget-readout").inner_text() != readout, "the slider's value moved"
        written = (work / NOTEBOOK.name).stat().st_mtime_ns
        choose_menu(page, "File", "Save Notebook")
        deadline = time.monotonic() + 30
        while (work / NOTEBOOK.name).stat().st_mtime_ns == written and time.monotonic() < deadline:
            time.sleep(0.2)
    assert server.poll() is not None, "the server was shut down"
    saved = json.loads((work / NOTEBOOK.name).read_text())
    code = [cell for cell in saved["cells"] if cell["cell_type"] == "code"]
    unrun = ["".join(cell["source"])[:40] for cell in code if not cell["execution_count"]]
    assert not unrun, f"the saved notebook has cells that did not run: {unrun}"
    failed = [cell["source"][:1] for cell in code if any(out["output_type"] == "error" for out in cell["outputs"])]
    assert not failed, f"cells with errors: {failed}"
