"""Mocking, cross-checks and sensitivity: batched calls, untouched inputs, named mistakes."""
import numpy as np
import pytest

import swiftemu as se
from swiftemu.design import create_hypercube
from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.mocking import mock_hypercube, mock_sweep
from swiftemu.sensitivity import CrossCheck, binwise_sensitivity, emulator_sensitivity


def schechter(log_M, log_M_star, alpha):
    ratio = 10 ** (log_M - log_M_star)
    return np.log10(np.log(10) * ratio ** (alpha + 1) * np.exp(-ratio))


@pytest.fixture(scope="module")
def trained():
    spec = se.ModelSpecification(2, ["log_M_star", "alpha"], [[11, 12], [-3, -1]])
    parameters = create_hypercube(spec, 20, random_state=1)
    x = np.linspace(10, 12, 6)
    values = se.ModelValues({uid: {"independent": x, "dependent": schechter(x, **p),
                                   "dependent_error": np.full(6, 0.01)} for uid, p in parameters.items()})
    emulator = GaussianProcessEmulator(random_state=0).fit_model(spec, parameters, values)
    return spec, parameters, values, emulator


def test_mocks_use_one_batched_prediction(trained, monkeypatch):
    spec, parameters, values, emulator = trained
    calls = []
    original = emulator.predict
    monkeypatch.setattr(emulator, "predict", lambda *a, **k: calls.append(1) or original(*a, **k))
    mock_hypercube(emulator, spec, 3000, random_state=0)
    mock_sweep(emulator, spec, 50, "alpha", {"log_M_star": 11.5, "alpha": -2.0})
    assert len(calls) == 2


def test_mock_sweep_holds_the_centre_and_spans_the_limits(trained):
    spec, parameters, values, emulator = trained
    sweep = mock_sweep(emulator, spec, 5, "log_M_star", {"log_M_star": 0.0, "alpha": -1.5})
    np.testing.assert_allclose(sweep["parameters"].sel(parameter="log_M_star"), np.linspace(11, 12, 5))
    assert (sweep["parameters"].sel(parameter="alpha") == -1.5).all()
    with pytest.raises(KeyError, match="unknown \\['beta'\\]"):
        mock_sweep(emulator, spec, 5, "alpha", {"log_M_star": 11.5, "alpha": -2.0, "beta": 1.0})


def test_cross_checks_leave_the_users_containers_untouched(trained):
    spec, parameters, values, emulator = trained
    before = {uid: {k: v.copy() for k, v in r.items()} for uid, r in values.items()}
    for method in ("closed_form", "kfold"):
        CrossCheck(method=method, k=4, random_state=0).build_emulators(spec, parameters, values).summary()
    assert list(values) == list(before)
    assert all(np.array_equal(values[u][k], before[u][k]) for u in before for k in before[u])


def test_kfold_puts_every_run_in_exactly_one_fold(trained):
    spec, parameters, values, emulator = trained
    check = CrossCheck(method="kfold", k=3, random_state=2).build_emulators(spec, parameters, values)
    folds = {}
    for uid, fitted in check.cross_emulators.items():
        folds.setdefault(id(fitted), []).append(uid)
        assert uid not in fitted.model_values  # the fold's emulator never saw the run
    assert sorted(len(f) for f in folds.values()) == [6, 7, 7]
    with pytest.raises(ValueError, match="k must be between 2"):
        CrossCheck(method="kfold", k=50).build_emulators(spec, parameters, values)


def test_cross_check_predictions_are_a_complete_dataset(trained):
    spec, parameters, values, emulator = trained
    ds = CrossCheck(random_state=0).build_emulators(spec, parameters, values).predictions()
    assert ds.sizes["model"] == 20 and ds.sizes["independent"] == 6
    assert np.isfinite(ds["standardised_residual"]).all()
    assert ds.attrs["method"] == "closed_form"


def test_binwise_sensitivity_leaves_sparse_bins_nan_with_a_warning(trained):
    spec, parameters, values, emulator = trained
    with pytest.warns(UserWarning, match="too few runs"):
        result = binwise_sensitivity(spec, parameters, values)
    assert np.isnan(result["S1"]).all()  # 20 runs, RBD-FAST with M=10 needs more than 20


def test_emulator_sensitivity_rejects_unknown_methods(trained):
    spec, parameters, values, emulator = trained
    with pytest.raises(ValueError, match="method must be 'sobol'"):
        emulator_sensitivity(emulator, spec, method="morris")
    indices = emulator_sensitivity(emulator, spec, samples=256, random_state=0)
    again = emulator_sensitivity(emulator, spec, samples=256, random_state=0)
    np.testing.assert_array_equal(indices["S1"], again["S1"])  # seeded
