"""`make docs` (scripts/docs.py): a notebook that fails to execute stops the build, naming the notebook and the
cell; pages are named as nbdev names them; math becomes MathML; links become relative pages."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("docs_build", ROOT / "scripts" / "docs.py")
docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(docs)


def test_a_failing_notebook_is_named_with_its_cell(tmp_path):
    notebook = tmp_path / "broken.ipynb"
    cells = [{"cell_type": "markdown", "id": "aaaa0001", "metadata": {}, "source": "# Broken"},
             {"cell_type": "code", "id": "aaaa0002", "metadata": {}, "source": "x = 1", "outputs": [],
              "execution_count": None},
             {"cell_type": "code", "id": "aaaa0003", "metadata": {}, "source": "x / 0", "outputs": [],
              "execution_count": None}]
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    with pytest.raises(RuntimeError, match=r"broken\.ipynb: cell 3 \(id aaaa0003, `x / 0`\) failed") as caught:
        docs.execute(notebook, str(tmp_path / "out.ipynb"))
    assert "ZeroDivisionError" in str(caught.value)


def test_page_names_math_and_links():
    assert docs.html_name("03c_solvers.ipynb") == "solvers.html"
    assert docs.html_name("05b_sensitivity_indices.ipynb") == "sensitivity_indices.html"
    assert docs.html_name("tutorials/end_to_end.ipynb") == "tutorials/end_to_end.html"
    pages = [docs.html_name(page) for _, page in docs.sidebar_pages()]
    assert len(pages) == len(set(pages)), "every notebook gets its own page"
    html = docs.mathml(r"the cutoff $I(\theta) < 3$ and `$not math$` and $$\sigma^2$$")
    assert html.count("<math") == 2 and "`$not math$`" in html and 'display="block"' in html
    linked = docs.relative_links('<a href="../06d_relations.ipynb#the-likelihood">x</a> '
                                 '<a href="https://swiftemu.github.io/swiftemu/containers.html#modelspecification">y</a>',
                                 "tutorials/calibration.html", "https://swiftemu.github.io/swiftemu/")
    assert 'href="../relations.html#the-likelihood"' in linked
    assert 'href="../containers.html#modelspecification"' in linked
