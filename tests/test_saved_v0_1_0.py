"""Emulators saved by swiftemu 0.1.0 (tests/data/v0_1_0, see its README) load and predict what they predicted
then: to 1e-12 where the arithmetic is the same, and up to rounding where it is not (the fixtures were written
with one BLAS thread; with two, sums run in another order, which the engines' condition numbers amplify, and
0.1.0's fits had no noise floor to bound them). The means are computed as then; the factorised variance now
combines per-bin triangular solves made once per engine, another order of the same sums, so the errors agree to
that rounding."""
import os
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import swiftemu as se
from swiftemu.emulators import load_emulator

SAVED = Path(__file__).parent / "data" / "v0_1_0"
KINDS = ["gaussian_process", "bins", "one_dimensional", "multiple", "linear", "mcmc"]


def engines(emulator) -> list:
    "Every GP engine an emulator predicts through (none for the linear model)."
    if hasattr(emulator, "draw_engines"):
        return [engine for engine, _ in emulator.draw_engines] + [emulator.core_]
    if hasattr(emulator, "emulators"):
        return [engine for region in emulator.emulators for engine in engines(region)]
    return list(getattr(emulator, "cores_", [])) + ([emulator.core_] if hasattr(emulator, "core_") else [])


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_saved_by_0_1_0_predicts_as_it_did(kind):
    emulator = load_emulator(SAVED / f"{kind}.nc")
    with xr.open_dataset(SAVED / f"{kind}_predictions.nc", engine="h5netcdf") as expected:
        expected = expected.load()
    points = se.ModelParameters.from_xarray(expected)
    x = expected["independent"].values if "independent" in expected.dims else None
    ds = emulator.predict(x, points)
    if os.environ.get("OPENBLAS_NUM_THREADS") == "1":  # the fixtures' own arithmetic (make test pins one thread)
        np.testing.assert_allclose(ds["dependent"].values, expected["dependent"].values, rtol=1e-12, atol=0)
    rounding = max([1e-12] + [engine.relative_rounding for engine in engines(emulator)])
    scale = max([1.0] + [engine.scale_ for engine in engines(emulator)])
    mean, error = expected["dependent"].values, expected["dependent_error"].values
    np.testing.assert_allclose(ds["dependent"].values, mean, rtol=0, atol=rounding * (np.abs(mean).max() + scale))
    variance_scale = max([error.max() ** 2] + [engine.amplitude * engine.scale_**2 for engine in engines(emulator)
                                                if engine.separable])
    np.testing.assert_allclose(ds["dependent_error"].values ** 2, error**2, rtol=0, atol=rounding * variance_scale)
