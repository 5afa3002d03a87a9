"""swiftemu needs dask only for a client: with dask and distributed made unimportable (as on a machine without
them), history matching runs in process. (With dask installed, xarray itself imports it when it builds a Dataset,
so "not imported" is checked as "not needed".)"""
import subprocess
import sys

CODE = """
import sys

sys.modules["dask"] = sys.modules["distributed"] = None  # importing either now fails, as if not installed
import numpy as np
from swiftemu.comparison import calibrate, history_match
from swiftemu.containers import ModelSpecification, ModelValues
from swiftemu.design import create_hypercube
from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.io.example import TOY_SPECIFICATION, toy_mass_function

spec = ModelSpecification(**TOY_SPECIFICATION)
runs = create_hypercube(spec, 10, random_state=3)
x = np.linspace(9.0, 11.75, 12)
values = ModelValues({uid: {"independent": x, "dependent": toy_mass_function(x, **p),
                            "dependent_error": np.full(12, 0.005)} for uid, p in runs.items()})
emulator = GaussianProcessEmulator(random_state=0).fit_model(spec, runs, values)
observation = {"independent": x, "dependent": toy_mass_function(x, 10.9, -1.4, -2.9), "dependent_error": np.full(12, 0.05)}
matched = history_match({"smf": emulator}, {"smf": observation}, spec, samples=1000, random_state=0)
assert matched.attrs["evaluated_on"] == "in process"
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("dask", "distributed") and sys.modules[name])
assert not loaded, loaded
print("ok")
"""


def test_history_match_in_process_does_not_need_dask():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
