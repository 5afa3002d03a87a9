"""The nine penalty calculators agree with swiftemulator 1.3.1 on the same inputs, and score many models at once."""
import numpy as np
import pytest
import unyt
import xarray as xr
from velociraptor.observations import load_observations

import swiftemu as se
import swiftemu.comparison as ours
from swiftemu.io.swift import example_study

reference = pytest.importorskip("swiftemulator.comparison.penalty")

STUDY = example_study()
OBSERVATION = load_observations(str(STUDY.observation_file))[0]

# (name, positional arguments in log space)
LOG_CASES = [
    ("L1PenaltyCalculator", (0.3, 9.0, 11.5)),
    ("L1PenaltyCalculatorOneSided", (0.3, "above", 9.0, 11.5)),
    ("L1PenaltyCalculatorOneSided", (0.3, "below", 9.0, 11.5)),
    ("L2PenaltyCalculator", (0.3, 9.0, 11.5)),
    ("L1VariablePenaltyCalculator", (0.2, 0.5, 10.5, 0.3, 9.0, 11.5, 0.7)),
    ("L1SqueezePenaltyCalculator", (0.1, 0.4, 10.0, 0.4, 9.0, 11.5, 1.5)),
    ("GaussianDataErrorsPenaltyCalculator", (3.0, 9.0, 11.5)),
    ("GaussianPercentErrorsPenaltyCalculator", (5.0, 3.0, 9.0, 11.5)),
    ("GaussianDataErrorsPercentFloorPenaltyCalculator", (5.0, 3.0, 9.0, 11.5)),
    ("GaussianWeightedDataErrorsPercentFloorPenaltyCalculator", (5.0, 3.0, 0.5, 9.0, 11.5)),
]


def models(count=40, seed=0):
    rng = np.random.default_rng(seed)
    x = np.linspace(8.7, 11.9, 17)
    base = np.interp(x, np.log10(OBSERVATION.x.to("Msun").value), np.log10(OBSERVATION.y.to("Mpc**(-3)").value))
    return x, base[None, :] + rng.normal(0, 0.3, (count, len(x)))


def registered(module, name, arguments, log=True):
    calculator = getattr(module, name)(*arguments)
    calculator.register_observation(OBSERVATION, log, log, unyt.Unit("Msun"), unyt.Unit("Mpc**(-3)"))
    return calculator


def exact_log_errors(at):
    "The observation's lower and upper errors in log10, transformed exactly, interpolated to `at`."
    x = np.log10(OBSERVATION.x.to("Msun").value)
    y, sigma = OBSERVATION.y.to("Mpc**(-3)").value, OBSERVATION.y_scatter.to("Mpc**(-3)").value
    lower, upper = np.log10(y) - np.log10(y - sigma), np.log10(y + sigma) - np.log10(y)
    return np.interp(at, x, lower), np.interp(at, x, upper)


@pytest.mark.parametrize("name, arguments", LOG_CASES)
def test_every_calculator_matches_swiftemulator_in_log_space(name, arguments):
    """As swiftemulator, except that errors go to log10 exactly (the side of the data each model lies on sets the
    error) where swiftemulator takes the first-order error sigma / (y ln 10)."""
    mine, theirs = registered(ours, name, arguments), registered(reference, name, arguments)
    x, ys = models()
    for y in ys:
        expected = theirs.penalty(x, y)
        if mine.uses_observation_errors:
            observed = theirs.interpolator_values(x)
            lower, upper = exact_log_errors(x)
            variance = np.where(y < observed, lower, upper) ** 2
            if "PercentFloor" in name:
                variance = variance + (observed * theirs.percent_error / 100) ** 2
            expected = 1.0 - np.exp(-0.5 * (y - observed) ** 2 / variance)  # capped at sigma_max sigma
            expected = np.where(expected > 1.0 - np.exp(-0.5 * theirs.sigma_max**2), 1.0, expected)
            expected = expected[(x >= theirs.lower) & (x < theirs.upper)]
            first_order = theirs.error_interpolator_values(x)
            assert np.all(upper < first_order) and np.all(first_order < lower)  # between the exact two sides
        np.testing.assert_allclose(mine.penalty(x, y), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name, arguments", LOG_CASES)
def test_vectorised_penalties_equal_the_per_model_ones(name, arguments):
    mine, theirs = registered(ours, name, arguments), registered(reference, name, arguments)
    x, ys = models(seed=1)
    values = se.ModelValues({f"m{i}": {"independent": x, "dependent": y} for i, y in enumerate(ys)})
    collated = mine.penalties(values, np.mean)
    expected = [np.mean(mine.penalty(x, y)) for y in ys]
    np.testing.assert_allclose(collated.values, expected, rtol=1e-10, atol=1e-12)
    assert ((collated >= 0) & (collated <= 1)).all()


def test_linear_space_with_units_works_where_swiftemulator_raises():
    arguments = lambda: (unyt.unyt_quantity(2e-3, "Mpc**(-3)"), unyt.unyt_quantity(1e9, "Msun"),
                         unyt.unyt_quantity(3e11, "Msun"))
    mine, theirs = registered(ours, "L1PenaltyCalculator", arguments(), log=False), \
        registered(reference, "L1PenaltyCalculator", arguments(), log=False)
    x = np.logspace(8.7, 11.9, 17)
    y = OBSERVATION.y.to("Mpc**(-3)").value.mean() * np.ones_like(x)
    observed = np.interp(x, OBSERVATION.x.to("Msun").value, OBSERVATION.y.to("Mpc**(-3)").value)
    inside = (x >= 1e9) & (x < 3e11)
    np.testing.assert_allclose(mine.penalty(x, y), np.minimum(np.abs(observed - y)[inside] / 2e-3, 1.0), rtol=1e-12)
    # swiftemulator 1.3.1 keeps the offset's units and fails on np.minimum(penalty [Mpc**3], 1.0)
    with pytest.raises(unyt.exceptions.UnitOperationError):
        theirs.penalty(x, y)


def test_ragged_datasets_and_nan_models():
    calculator = registered(ours, "L2PenaltyCalculator", (0.3, 9.0, 11.5))
    x, ys = models(count=3, seed=2)
    ds = se.ModelValues({i: {"independent": x[: 10 + i], "dependent": y[: 10 + i]} for i, y in enumerate(ys)}).to_xarray()
    per_model = calculator.penalties(ds, np.max)
    for i, y in enumerate(ys):
        assert per_model.sel(model=str(i)).item() == pytest.approx(np.max(calculator.penalty(x[: 10 + i], y[: 10 + i])))
    broken = ds.copy()
    broken["dependent"][1] = np.nan
    with pytest.raises(ValueError, match="no finite predictions"):
        calculator.penalties(broken)
    with pytest.raises(TypeError, match="ModelValues or a Dataset"):
        calculator.penalties({"a": 1})
