"""Emulators saved by swiftemu 0.1.0 (tests/data/v0_1_0, see its README) load and predict exactly what they
predicted then."""
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import swiftemu as se
from swiftemu.emulators import load_emulator

SAVED = Path(__file__).parent / "data" / "v0_1_0"
KINDS = ["gaussian_process", "bins", "one_dimensional", "multiple", "linear", "mcmc"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_saved_by_0_1_0_predicts_as_it_did(kind):
    emulator = load_emulator(SAVED / f"{kind}.nc")
    with xr.open_dataset(SAVED / f"{kind}_predictions.nc", engine="h5netcdf") as expected:
        expected = expected.load()
    points = se.ModelParameters.from_xarray(expected)
    x = expected["independent"].values if "independent" in expected.dims else None
    ds = emulator.predict(x, points)
    np.testing.assert_allclose(ds["dependent"].values, expected["dependent"].values, rtol=1e-12, atol=0)
    np.testing.assert_allclose(ds["dependent_error"].values, expected["dependent_error"].values, rtol=1e-12, atol=0)
