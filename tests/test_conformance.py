"""Every emulator type behaves alike: fit -> predict -> save -> load gives the same `predict`, `predict_values`,
`mock_hypercube` and `CrossCheck.from_emulator` results, through the one public interface."""
import numpy as np
import pytest

import swiftemu as se
from swiftemu.design import create_cube
from swiftemu.emulators import (GaussianProcessEmulator, GaussianProcessEmulator1D, GaussianProcessEmulatorBins,
                                GaussianProcessEmulatorMCMC, LinearModelEmulator, MultipleGaussianProcessEmulator,
                                PolynomialMeanModel, load_emulator)
from swiftemu.io.example import log_schechter, schechter_problem
from swiftemu.mocking import mock_hypercube
from swiftemu.sensitivity import CrossCheck

SPEC, RUNS, VALUES = schechter_problem(runs=16, bins=8, random_state=4)
ONE_VALUE = se.ModelValues({uid: {"independent": [None], "dependent": [log_schechter(11.0, **p)],
                                  "dependent_error": [0.01]} for uid, p in RUNS.items()})
MAKERS = {
    "gaussian_process": lambda: GaussianProcessEmulator(random_state=0),
    "with_mean_model": lambda: GaussianProcessEmulator(mean_model=PolynomialMeanModel(degree=1), random_state=0),
    "bins": lambda: GaussianProcessEmulatorBins(random_state=0),
    "one_dimensional": lambda: GaussianProcessEmulator1D(random_state=0),
    "mcmc": lambda: GaussianProcessEmulatorMCMC(burn_in_steps=10, mcmc_steps=10, walkers=8, samples_for_error=3,
                                                random_state=0, progress=False),
    "laplace": lambda: GaussianProcessEmulatorMCMC(sampler="laplace", samples_for_error=3, random_state=0,
                                                   progress=False),
    "multiple": lambda: MultipleGaussianProcessEmulator(independent_regions=[[None, 11.2], [10.8, None]],
                                                        random_state=0),
    "linear": lambda: LinearModelEmulator(),
}


def same(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)


@pytest.mark.parametrize("kind", list(MAKERS))
def test_fit_predict_save_load_and_everything_built_on_them(kind, tmp_path):
    values = ONE_VALUE if kind == "one_dimensional" else VALUES
    emulator = MAKERS[kind]().fit_model(SPEC, RUNS, values)
    x = None if kind == "one_dimensional" else np.linspace(10, 12, 8)
    points = create_cube(SPEC, 5, random_state=1)
    loaded = load_emulator(emulator.save(tmp_path / f"{kind}.nc"))
    assert type(loaded) is type(emulator) and loaded.settings() == emulator.settings()
    before, after = emulator.predict(x, points), loaded.predict(x, points)
    same(after["dependent"].values, before["dependent"].values)
    same(after["dependent_error"].values, before["dependent_error"].values)
    assert np.all(np.isfinite(before["dependent"].values)) and np.all(before["dependent_error"].values >= 0)
    point = dict(points["0"])
    for a, b in zip(emulator.predict_values(x, point), loaded.predict_values(x, point)):
        same(np.atleast_1d(b), np.atleast_1d(a))
    same(mock_hypercube(loaded, SPEC, 6, random_state=2)["dependent"].values,
         mock_hypercube(emulator, SPEC, 6, random_state=2)["dependent"].values)
    fixed = [CrossCheck.from_emulator(e, refit_hyperparameters=False) for e in (emulator, loaded)]
    assert fixed[0].summary() == fixed[1].summary()  # the same arithmetic
    checked, checked_loaded = CrossCheck.from_emulator(emulator), CrossCheck.from_emulator(loaded)
    summary, summary_loaded = checked.summary(), checked_loaded.summary()
    # a refit without each run starts from the loaded state, whose values before the trend differ from the fit's by
    # a constant the trend absorbs; where the Newton step falls back to L-BFGS-B, the two stop within its tolerance
    assert summary.keys() == summary_loaded.keys() and summary["points"] > 0 and summary["rmse"] < 1.0
    for key, value in summary.items():
        assert value == summary_loaded[key] if isinstance(value, (str, int)) else np.isclose(value, summary_loaded[key], rtol=1e-3)
    same(fixed[1].predictions()["dependent"].values[np.isfinite(fixed[0].predictions()["dependent"].values)],
         fixed[0].predictions()["dependent"].values[np.isfinite(fixed[0].predictions()["dependent"].values)])
    assert loaded.training_table["uids"] == emulator.training_table["uids"]
    assert loaded.model_values == emulator.model_values


@pytest.mark.parametrize("kind", list(MAKERS))
def test_predict_array_is_what_predict_is_built_on(kind):
    values = ONE_VALUE if kind == "one_dimensional" else VALUES
    emulator = MAKERS[kind]().fit_model(SPEC, RUNS, values)
    x = None if kind == "one_dimensional" else np.linspace(10, 12, 8)
    points = create_cube(SPEC, 4, random_state=3)
    mean, variance = emulator.predict_array(x, points.to_array(emulator.parameter_names))
    ds = emulator.predict(x, points)
    same(ds["dependent"].values.reshape(mean.shape), mean)
    same(ds["dependent_error"].values.reshape(mean.shape) ** 2, variance)
    assert mean.shape == (4, 1 if x is None else 8)
