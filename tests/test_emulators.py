"""Emulator behaviour that would clutter the tutorials: paths agree, files are safe, bad input is named."""
import numpy as np
import pytest
import xarray as xr
from george import kernels

import swiftemu as se
from swiftemu.design import create_cube, create_hypercube
from swiftemu.emulators import (GaussianProcessEmulator, GaussianProcessEmulatorBins, GPCore, LinearModelEmulator,
                                load_emulator)


def schechter(log_M, log_M_star, alpha):
    ratio = 10 ** (log_M - log_M_star)
    return np.log10(np.log(10) * ratio ** (alpha + 1) * np.exp(-ratio))


@pytest.fixture(scope="module")
def problem():
    spec = se.ModelSpecification(2, ["log_M_star", "alpha"], [[11, 12], [-3, -1]])
    parameters = create_hypercube(spec, 24, random_state=1)
    x = np.linspace(10, 12, 8)
    values = se.ModelValues({uid: {"independent": x, "dependent": schechter(x, **p),
                                   "dependent_error": np.full(8, 0.01)} for uid, p in parameters.items()})
    return spec, parameters, values, x


def rounding_tolerances(core, mean):
    """Two evaluation orders of one prediction agree up to rounding, which grows with the covariance's condition
    number: the engine's `relative_rounding` (10 x condition number x machine epsilon) times the size of the terms
    that are summed (the mean and the output scale; for the variance, the prior variance)."""
    return dict(mean=core.relative_rounding * (np.abs(mean).max() + core.scale_),
                variance=core.relative_rounding * core.amplitude * core.scale_**2)


@pytest.mark.parametrize("fit_error_scale", [False, "auto"])
def test_ragged_runs_use_the_factorised_path_and_agree_with_the_direct_one(problem, fit_error_scale):
    spec, parameters, values, x = problem
    ragged = se.ModelValues({uid: ({k: v[:-2] for k, v in r.items()} if i % 3 == 0 else r)
                             for i, (uid, r) in enumerate(values.items())})
    emulator = GaussianProcessEmulator(random_state=0, fit_error_scale=fit_error_scale).fit_model(
        spec, parameters, ragged)
    assert emulator.grid_ is not None
    assert (emulator.core_.error_scale_ < 0.5) == (fit_error_scale == "auto")
    assert emulator.core_.condition_number < 1e11  # the noise floor bounds it (about 1e10 in the 2-norm)
    points = create_cube(spec, 50, random_state=2)
    factorised = emulator.predict(x, points)
    emulator.grid_ = None
    direct = emulator.predict(x, points)
    tolerance = rounding_tolerances(emulator.core_, direct["dependent"].values)
    np.testing.assert_allclose(factorised["dependent"], direct["dependent"], rtol=0, atol=tolerance["mean"])
    np.testing.assert_allclose(factorised["dependent_error"] ** 2, direct["dependent_error"] ** 2, rtol=0,
                               atol=tolerance["variance"])


@pytest.mark.parametrize("fit_error_scale", [False, "auto"])
def test_chunking_does_not_change_predictions(problem, fit_error_scale):
    spec, parameters, values, x = problem
    emulator = GaussianProcessEmulator(random_state=0, fit_error_scale=fit_error_scale).fit_model(
        spec, parameters, values)
    theta = np.repeat(create_cube(spec, 30, random_state=3).to_array(), len(x), axis=0)
    Z = np.column_stack([(np.tile(x, 30) - x.min()) / np.ptp(x), spec.to_unit_cube(theta)])
    whole = emulator.core_.predict(Z)
    chunked = emulator.core_.predict(Z, max_bytes=8 * len(emulator.core_.ys_) * 7)  # 7 rows at a time
    tolerance = rounding_tolerances(emulator.core_, whole[0])
    np.testing.assert_allclose(whole[0], chunked[0], rtol=0, atol=tolerance["mean"])
    np.testing.assert_allclose(whole[1], chunked[1], rtol=0, atol=tolerance["variance"])


def test_predict_accepts_every_kind_of_point_collection(problem):
    spec, parameters, values, x = problem
    emulator = GaussianProcessEmulator(random_state=0).fit_model(spec, parameters, values)
    points = create_cube(spec, 4, prefix_unique_id="p", random_state=4)
    from_container = emulator.predict(x, points)
    from_dataset = emulator.predict(x, points.to_xarray(spec))
    from_list = emulator.predict(x, list(points.values()))
    np.testing.assert_allclose(from_container["dependent"], from_dataset["dependent"])
    np.testing.assert_allclose(from_container["dependent"].values, from_list["dependent"].values)
    assert list(from_dataset["model"].values) == ["p0", "p1", "p2", "p3"]
    assert se.ModelValues.from_xarray(from_container)["p2"]["dependent"].shape == (8,)


def test_custom_kernels_fit_save_and_load(problem, tmp_path):
    spec, parameters, values, x = problem
    kernel = kernels.ConstantKernel(0.0, ndim=3) * kernels.Matern52Kernel(np.full(3, 0.3), ndim=3)
    emulator = GaussianProcessEmulator(kernel=kernel, random_state=0).fit_model(spec, parameters, values)
    assert emulator.grid_ is None  # not the default kernel: direct path
    loaded = load_emulator(emulator.save(tmp_path / "matern.nc"))
    points = create_cube(spec, 10, random_state=5)
    np.testing.assert_allclose(loaded.predict(x, points)["dependent"], emulator.predict(x, points)["dependent"],
                               rtol=1e-9)


def test_unsaveable_kernels_are_named(problem, tmp_path):
    spec, parameters, values, x = problem
    kernel = kernels.ConstantKernel(0.0, ndim=3) * kernels.LocalGaussianKernel(0.5, 0.0, ndim=3, axes=[0]) \
        + kernels.ExpSquaredKernel(np.ones(3), ndim=3)
    emulator = GaussianProcessEmulator(kernel=kernel, n_restarts=1, random_state=0).fit_model(spec, parameters, values)
    with pytest.raises(NotImplementedError, match="LocalGaussianKernel"):
        emulator.save(tmp_path / "local.nc")
    assert not (tmp_path / "local.nc").exists()


def test_a_file_that_is_not_an_emulator_is_refused(tmp_path):
    xr.Dataset({"a": ("x", [1.0])}).to_netcdf(tmp_path / "other.nc", engine="h5netcdf")
    with pytest.raises(ValueError, match="not a swiftemu emulator"):
        load_emulator(tmp_path / "other.nc")
    with pytest.raises(FileNotFoundError, match="missing.nc"):
        load_emulator(tmp_path / "missing.nc")


def test_asymmetric_errors_are_symmetrised_for_the_gp(problem):
    spec, parameters, values, x = problem
    two_sided = se.ModelValues({uid: {**r, "dependent_error": np.stack([r["dependent_error"], 3 * r["dependent_error"]], 1)}
                                for uid, r in values.items()})
    emulator = GaussianProcessEmulator(random_state=0).fit_model(spec, parameters, two_sided)
    np.testing.assert_allclose(emulator.training_table["dependent_error"], 0.02)


def test_bins_emulator_refuses_unknown_bins_and_names_valid_ones(problem):
    spec, parameters, values, x = problem
    emulator = GaussianProcessEmulatorBins(random_state=0).fit_model(spec, parameters, values)
    with pytest.raises(ValueError, match="Valid x"):
        emulator.predict([10.1], {"log_M_star": 11.5, "alpha": -2.0})


def test_non_finite_training_values_suggest_sanitizing(problem):
    spec, parameters, values, x = problem
    core = GPCore()
    with pytest.raises(ValueError, match="sanitize_output"):
        core.fit(np.zeros((2, 3)), np.array([1.0, np.inf]))


def test_linear_emulator_recovers_a_plane():
    spec = se.ModelSpecification(2, ["a", "b"], [[0, 10], [-1, 1]])
    parameters = create_hypercube(spec, 12, random_state=0)
    x = np.linspace(0, 1, 5)
    values = se.ModelValues({uid: {"independent": x, "dependent": 1 + 0.2 * p["a"] - 3 * p["b"] + 2 * x}
                             for uid, p in parameters.items()})
    emulator = LinearModelEmulator().fit_model(spec, parameters, values)
    mean, variance = emulator.predict_values(x, {"a": 5.0, "b": 0.5})
    np.testing.assert_allclose(mean, 1 + 1 - 1.5 + 2 * x, atol=1e-9)
    assert np.all(variance < 1e-20)
