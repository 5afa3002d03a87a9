#!/usr/bin/env python
"""Build the documentation site in `_docs/` from the notebooks (`make docs`), without quarto.

Every page of `nbs/sidebar.yml` is executed (cells marked `#| slow` left out, as `make test` leaves them out),
processed by nbdev's own notebook processors (what `nbdev_docs` feeds quarto: hidden cells dropped, `show_doc` of
every exported name with its signature and docments, links to the API), and rendered to HTML with nbconvert. Pages
are named as nbdev names them (`00_containers.ipynb` -> `containers.html`), carry the sidebar in `sidebar.yml`'s
order, show math as MathML (converted here; Chromium renders it without MathJax or the network) and link to each
other relatively. A notebook that fails to execute stops the build, naming the notebook and the cell.

Run: .venv/bin/python scripts/docs.py [--jobs 2] [--only NAME ...]
"""
import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"
OUT = ROOT / "_docs"
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])", re.S)
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
SLOW = re.compile(r"^\s*#\|\s*(slow|eval:\s*false)\s*$", re.MULTILINE)
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{% block extra_css %}<link rel="icon" href="data:,"><link rel="stylesheet" href="{{ resources.docs_root }}_static/site.css">{% endblock extra_css %}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.docs_sidebar }}
<main>
{%- endblock body_header -%}
{% block body_footer %}
</main>
</body>
{% endblock body_footer %}
"""
CSS = """
body.jp-Notebook { display: flex; align-items: flex-start; margin: 0; }
nav.docs-sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; flex: 0 0 15rem; padding: 1rem;
  box-sizing: border-box; background: #f6f7f9; border-right: 1px solid #ddd; font: 14px/1.45 sans-serif; }
nav.docs-sidebar h2 { font-size: 1.05rem; margin: 0 0 0.8rem; }
nav.docs-sidebar h3 { font-size: 0.8rem; text-transform: uppercase; color: #666; margin: 1rem 0 0.3rem; }
nav.docs-sidebar ul { list-style: none; padding: 0; margin: 0; }
nav.docs-sidebar a { color: #1a4d8f; text-decoration: none; display: block; padding: 0.1rem 0.3rem; }
nav.docs-sidebar a.current { background: #dde7f5; border-radius: 3px; font-weight: 600; }
main { flex: 1 1 auto; min-width: 0; padding: 1rem 2rem; }
"""


def sidebar_pages() -> list[tuple[str, str]]:
    "(section, notebook path relative to nbs/) in the order of nbs/sidebar.yml."
    import yaml

    contents = yaml.safe_load((NBS / "sidebar.yml").read_text())["website"]["sidebar"]["contents"]
    pages = []

    def walk(items, section):
        for item in items:
            if isinstance(item, str):
                pages.append((section, item))
            elif isinstance(item, dict) and "contents" in item:
                walk(item["contents"], item.get("section", section))
            elif isinstance(item, dict) and "href" in item:
                pages.append((section, item["href"]))
            else:
                raise ValueError(f"nbs/sidebar.yml: an entry the docs build does not understand: {item!r}")

    walk(contents, "")
    missing = [page for _, page in pages if not (NBS / page).exists()]
    if missing:
        raise FileNotFoundError(f"nbs/sidebar.yml lists notebooks that do not exist: {missing}")
    return pages


def html_name(notebook: str) -> str:
    "The page nbdev gives a notebook: its path with the numeric prefix dropped (`03c_solvers` -> `solvers.html`)."
    path = Path(notebook)
    return str(path.with_name(re.sub(r"^\d+[a-z]?_", "", path.stem) + ".html"))


def read_cells(source: Path) -> list:
    "The cells of a notebook as written."
    import nbformat

    return nbformat.read(source, as_version=4).cells


def with_show_docs(source: Path):
    """The notebook with a `show_doc` cell after every exported definition (nbdev's `add_show_docs`), slow cells
    left out, and a hidden first cell importing `show_doc`: as nbformat, ready to execute."""
    import nbformat
    from execnb.nbio import read_nb, write_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import add_show_docs

    nb = read_nb(source)
    for cell in nb.cells:
        cell.metadata["docs_source"] = cell.source  # the processor strips directives, which later steps read
    NBProcessor(nb=nb, procs=[add_show_docs]).process()
    for cell in nb.cells:
        if "docs_source" in cell.get("metadata", {}):
            cell.source = cell.metadata.pop("docs_source")
    with tempfile.TemporaryDirectory() as folder:
        write_nb(nb, Path(folder) / "nb.ipynb")
        nb = nbformat.read(Path(folder) / "nb.ipynb", as_version=4)
    nb.cells = [cell for cell in nb.cells if not (cell.cell_type == "code" and SLOW.search(cell.source))]
    methods = exported_methods(nb)
    cells = []
    for cell in nb.cells:  # a class's public methods after the class, where nbdev's API links point
        cells.append(cell)
        shown = re.fullmatch(r"show_doc\((\w+)\)", cell.source.strip()) if cell.cell_type == "code" else None
        if shown and shown.group(1) in methods:
            cells += [nbformat.v4.new_code_cell(f"show_doc({shown.group(1)}.{name})") for name in methods[shown.group(1)]]
    nb.cells = cells
    nb.cells.insert(0, nbformat.v4.new_code_cell("#| hide\nfrom nbdev.showdoc import show_doc"))
    return nb


def exported_methods(nb) -> dict[str, list[str]]:
    "{class: its public methods} for every class an exported cell defines."
    import ast

    methods = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not re.search(r"^\s*#\|\s*export\s*$", cell.source, re.MULTILINE):
            continue
        try:
            tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("#|")))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                methods[node.name] = [item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                                      and not item.name.startswith("_")]
    return methods


def execute(source: Path, output: str) -> None:
    """Execute one notebook (without its slow cells, with a `show_doc` after each export) and write it to `output`;
    an error names the notebook and the cell (counted from 1, as in the notebook, and by its id)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = with_show_docs(source)
    shown = Path(os.path.relpath(source, ROOT)) if source.is_relative_to(ROOT) else source
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                ids = [other.get("id") for other in read_cells(source)]
                number = ids.index(cell.get("id")) + 1 if cell.get("id") in ids else f"{index} (added for the docs)"
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # the traceback without terminal colours
                raise RuntimeError(f"{shown}: cell {number} (id {cell.get('id')}, `{first[:60]}`) failed:\n"
                                   f"{message[-1500:]}") from None
    nbformat.write(nb, output)


class Processors:
    """nbdev's own processors, as nbdev_docs runs them before quarto, except the two that add and execute the
    `show_doc` cells (done above, in the notebook's own kernel)."""

    def __call__(self, nb):
        from nbdev.process import NBProcessor
        from nbdev.processors import FilterDefaults

        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.startswith("show_doc("):
                cell.has_sd = True  # what add_show_docs marks, for mv_exports
        procs = [proc for proc in FilterDefaults().procs() if getattr(proc, "__name__", "") not in
                 ("add_show_docs", "exec_show_docs")]
        NBProcessor(nb=nb, procs=procs).process()


def process(executed: Path) -> None:
    "The executed notebook through nbdev's processors (hidden cells dropped, show_doc cells' input hidden, links)."
    from execnb.nbio import read_nb, write_nb

    nb = read_nb(executed)
    Processors()(nb)
    write_nb(nb, executed)


def mathml(text: str) -> str:
    """`$...$` and `$$...$$` in markdown (outside code) as MathML, which Chromium renders natively: the pages need no
    MathJax and load nothing from the network."""
    from latex2mathml.converter import convert

    def one(match):
        display = match.group(1) is not None
        return convert((match.group(1) or match.group(2)).strip(), display="block" if display else "inline")

    return "".join(part if index % 2 else MATH.sub(one, part) for index, part in enumerate(CODE.split(text)))


def static_widgets(nb) -> None:
    "A live widget (sliders) cannot run in a static page: its output says where it does."
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                output["data"] = {"text/markdown": "*An interactive figure with sliders: it runs in JupyterLab or "
                                                   "Jupyter Notebook, with a kernel.*"}


def with_mathml(nb) -> None:
    "Math in markdown cells and in markdown outputs (show_doc) as MathML."
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = mathml(cell.source)
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                output["data"]["text/markdown"] = mathml(output["data"]["text/markdown"])


def quarto_directives(nb) -> None:
    """What quarto would make of nbdev's output: the front matter as the page's title and description, `echo: false`
    hiding a cell's input, and no directive shown."""
    import nbformat
    import yaml

    if nb.cells and nb.cells[0].cell_type == "raw" and nb.cells[0].source.startswith("---"):
        front = yaml.safe_load(nb.cells[0].source.strip().strip("-")) or {}
        text = f"# {front.get('title', '')}" + (f"\n\n{front['description']}" if front.get("description") else "")
        nb.cells[0] = nbformat.v4.new_markdown_cell(text)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        directives = [line for line in lines if re.match(r"^\s*#\|", line)]
        if any(re.match(r"^\s*#\|\s*echo:\s*false", line) for line in directives):
            cell.metadata.setdefault("tags", []).append("remove_input")
        cell.source = "\n".join(line for line in lines if line not in directives).strip("\n")


def sidebar_html(pages, current: str) -> str:
    "The navigation of one page: sections and links relative to it."
    depth = current.count("/")
    prefix = "../" * depth
    parts = [f'<nav class="docs-sidebar"><h2><a href="{prefix}index.html">swiftemu</a></h2>']
    section = None
    for name, notebook in pages:
        if name != section:
            if section is not None:
                parts.append("</ul>")
            section = name
            parts.append((f"<h3>{html.escape(name)}</h3>" if name else "") + "<ul>")
        page = html_name(notebook)
        title = page_title(notebook)
        current_class = ' class="current"' if page == current else ""
        parts.append(f'<li><a href="{prefix}{page}"{current_class}>{html.escape(title)}</a></li>')
    parts.append("</ul></nav>")
    return "".join(parts)


_TITLES = {}


def page_title(notebook: str) -> str:
    "A notebook's first level-1 heading (or its name)."
    if notebook not in _TITLES:
        import nbformat

        nb = nbformat.read(NBS / notebook, as_version=4)
        title = Path(notebook).stem
        for cell in nb.cells:
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE) if cell.cell_type == "markdown" else None
            if match:
                title = match.group(1).strip()
                break
        _TITLES[notebook] = title
    return _TITLES[notebook]


def relative_links(text: str, current: str, doc_url: str) -> str:
    """Links to the published site and to notebooks made relative to this page, `.ipynb` targets to their pages,
    and quarto's link attributes (`[source](url){target="_blank"}`, from show_doc) made HTML."""
    prefix = "../" * current.count("/")
    text = text.replace(f'href="{doc_url}', f'href="{prefix}')
    text = re.sub(r'(<a [^>]*)>([^<]*)</a>\{((?:\s*[\w-]+="[^"]*")+)\s*\}', r"\1 \3>\2</a>", text)

    def page(match):
        target, anchor = match.group(1), match.group(2) or ""
        if "://" in target:
            return match.group(0)
        resolved = os.path.normpath(os.path.join(os.path.dirname(current), target + ".ipynb"))
        return f'href="{prefix}{html_name(resolved)}{anchor}"'

    text = re.sub(r'href="([^"#]+)\.ipynb(#[^"]*)?"', page, text)
    # heading anchors in lower case, as quarto makes them and nbdev's API links expect (#modelspecification)
    text = re.sub(r'(<h[1-6][^>]*\sid=")([^"]+)"', lambda m: f'{m.group(1)}{m.group(2).lower()}"', text)
    return re.sub(r'href="([^":"]*)#([^"]*)"', lambda m: f'href="{m.group(1)}#{m.group(2).lower()}"', text)


def render(executed: Path, notebook: str, pages, doc_url: str) -> dict:
    "One page of the site; what the browser test expects of it (figures, math)."
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    current = html_name(notebook)
    prefix = "../" * current.count("/")
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab", extra_loaders=[jinja2.DictLoader({"docs.html.j2": TEMPLATE})],
                            template_file="docs.html.j2", exclude_input_prompt=True, exclude_output_prompt=True)
    nb = nbformat.read(executed, as_version=4)
    quarto_directives(nb)
    math = any(cell.cell_type == "markdown" and MATH.search(CODE.sub("", cell.source)) for cell in nb.cells)
    with_mathml(nb)
    static_widgets(nb)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"remove_input"}), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"docs_root": prefix, "docs_sidebar": sidebar_html(pages, current),
                                                          "metadata": {"name": page_title(notebook)}})
    target = OUT / current
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(relative_links(body, current, doc_url), encoding="utf-8")
    figures = sum(1 for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
                  if any(kind.startswith("image/") for kind in output.get("data", {})))
    return {"page": current, "notebook": f"nbs/{notebook}", "title": page_title(notebook), "figures": figures,
            "math": bool(math)}


def build(notebook: str, folder: str, pages, doc_url: str) -> dict:
    "One notebook executed, processed and rendered (in a worker process); its manifest entry."
    started = time.perf_counter()
    os.chdir(ROOT)
    executed = Path(folder) / notebook.replace("/", "__")
    execute(NBS / notebook, str(executed))
    process(executed)
    return {**render(executed, notebook, pages, doc_url), "seconds": round(time.perf_counter() - started, 1)}


def static_files() -> None:
    "The site's stylesheet (the pages load nothing else)."
    static = OUT / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "site.css").write_text(CSS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    parser.add_argument("--only", nargs="*", help="build only these notebooks (paths relative to nbs/)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # nbdev reads settings.ini from here
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.pop("MPLBACKEND", None)  # figures inline
    pages = sidebar_pages()
    chosen = [notebook for _, notebook in pages if not args.only or notebook in args.only]
    from nbdev.config import get_config

    config = get_config()
    doc_url = config.doc_host.rstrip("/") + "/" + config.doc_baseurl.strip("/") + "/"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SWIFTEMU_OUTPUT"] = str(Path(folder) / "outputs")  # what the tutorials write
        static_files()
        failures, manifest = [], []
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {notebook: pool.submit(build, notebook, folder, pages, doc_url) for notebook in chosen}
            for notebook, future in futures.items():
                try:
                    entry = future.result()
                    manifest.append(entry)
                    print(f"nbs/{notebook} -> _docs/{entry['page']} ({entry['seconds']:.0f} s)", flush=True)
                except Exception as error:  # every failure reported, then the build fails
                    failures.append(str(error))
        if failures:
            print("\n\n".join(failures), file=sys.stderr)
            print(f"\nThe docs build failed: {len(failures)} notebook(s) did not execute.", file=sys.stderr)
            return 1
    (OUT / "_static" / "pages.json").write_text(json.dumps(manifest, indent=1))
    print(f"Site of {len(chosen)} pages in {OUT} ({time.perf_counter() - started:.0f} s); open {OUT / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
