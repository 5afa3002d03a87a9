"""Readers against files the SWIFT collaboration's own tools wrote (tests/data/real, see its README): pipeline
outputs from velociraptor's autoplotter writer, observations from velociraptor-comparison-data's conversion
scripts, and SWIFT's EAGLE_25 parameter file."""
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import unyt
import yaml
from velociraptor.observations import load_observations
from velociraptor.observations.objects import MultiRedshiftObservationalData

import swiftemu as se
from swiftemu.comparison import (GaussianDataErrorsPenaltyCalculator, L2PenaltyCalculator, calibrate,
                                 observation_in_model_space, select_observation)
from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.io.swift import (LINE_TYPES, load_parameter_files, load_pipeline_outputs,
                               load_pipeline_outputs_xarray, write_parameter_files)

REAL = Path(__file__).parent / "data" / "real"
RUNS = {i: REAL / "pipeline" / f"run_{i}" / "data_0000.yml" for i in range(5)}
OBSERVATIONS = REAL / "observations"
SMF = "stellar_mass_function_30"


def raw_line(run, plot, line_type):
    return yaml.safe_load(RUNS[run].read_text())[plot]["lines"][line_type]


# --- 1. Poisson errors from a histogram: matched by bin centre ---------------------------------------------------

def test_histogram_errors_are_matched_on_bin_centres_not_positions():
    values, _ = load_pipeline_outputs(RUNS, [SMF], log_dependent=[SMF],
                                      histogram_for_error="stellar_mass_histogram_30_bins30")
    for run in RUNS:
        relation, histogram = raw_line(run, SMF, "mass_function"), raw_line(run, "stellar_mass_histogram_30_bins30",
                                                                             "histogram")
        counts = dict(zip(np.round(histogram["centers"], 0), histogram["values"]))
        expected = [np.log10(1 + 1 / np.sqrt(counts[round(c, 0)])) for c in relation["centers"]]
        np.testing.assert_allclose(values[SMF][run]["dependent_error"], expected, rtol=1e-12)
    # the writer drops sparse mass-function bins and only empty histogram bins: position-wise the counts slip
    relation, histogram = raw_line(0, SMF, "mass_function"), raw_line(0, "stellar_mass_histogram_30_bins30", "histogram")
    assert len(histogram["centers"]) > len(relation["centers"])
    first_n = np.log10(1 + 1 / np.sqrt(np.array(histogram["values"][: len(relation["centers"])])))
    assert not np.allclose(first_n, values[SMF][0]["dependent_error"])


def test_a_histogram_binned_differently_is_refused_naming_file_relation_and_histogram():
    with pytest.raises(ValueError) as error:
        load_pipeline_outputs(RUNS, [SMF], log_dependent=[SMF], histogram_for_error="stellar_mass_histogram_30")
    message = str(error.value)
    for part in ("run_0/data_0000.yml", "'stellar_mass_histogram_30'", f"'{SMF}'", "binned like it"):
        assert part in message


# --- 2./3. empty relations and velociraptor's placeholder point --------------------------------------------------

def test_an_empty_relation_is_named_with_what_to_do():
    with pytest.raises(ValueError, match=r"run_0/data_0000.yml: stellar_mass_function_30_subsubhaloes has no points"
                                         r".*centers: \[\].*sanitize_output=True"):
        load_pipeline_outputs(RUNS, ["stellar_mass_function_30_subsubhaloes"])
    with pytest.warns(UserWarning, match="left out"), \
            pytest.raises(ValueError, match=r"No run has any point of \['stellar_mass_function_30_subsubhaloes'\]"):
        load_pipeline_outputs(RUNS, ["stellar_mass_function_30_subsubhaloes"], sanitize_output=True)


def test_a_plot_the_autoplotter_could_not_make_is_named_as_such():
    with pytest.raises(ValueError, match="could not make this plot: its bins_x is null"):
        load_pipeline_outputs(RUNS, ["stellar_mass_black_hole_mass_30"])


def test_the_placeholder_point_is_never_a_training_point(tmp_path):
    plot = "stellar_mass_galaxy_size_30_subsubhaloes"
    assert raw_line(0, plot, "median")["centers"] == [2.2250738585072014e-308]
    for line_type in ("median", "mean"):
        with pytest.warns(UserWarning, match="placeholder point"), pytest.raises(ValueError, match="has no points"):
            load_pipeline_outputs(RUNS, [plot], log_independent=[plot], log_dependent=[plot], line_types=line_type)
    # a run whose median has no populated bin (the writer's own placeholder line) next to runs with data
    data = yaml.safe_load(RUNS[0].read_text())
    data["stellar_mass_galaxy_size_30"]["lines"]["median"] = data[plot]["lines"]["median"]
    (tmp_path / "empty.yml").write_text(yaml.safe_dump(data))
    mixed = {1: RUNS[1], 2: RUNS[2], "empty": tmp_path / "empty.yml"}
    size = "stellar_mass_galaxy_size_30"
    with pytest.warns(UserWarning, match="placeholder point"), pytest.raises(ValueError, match="empty.yml"):
        load_pipeline_outputs(mixed, [size], log_independent=[size], log_dependent=[size])
    with pytest.warns(UserWarning, match="run 'empty' is left out"):
        values, _ = load_pipeline_outputs(mixed, [size], log_independent=[size], log_dependent=[size],
                                          sanitize_output=True)
    assert list(values[size]) == [1, 2]
    assert min(relation["dependent"].min() for relation in values[size].values()) > -10


# --- 4./5. every line type, and the choice between median and mean -----------------------------------------------

@pytest.mark.parametrize("plot, line_type", [
    ("stellar_mass_function_30", "mass_function"),
    ("adaptive_stellar_mass_function_30", "adaptive_mass_function"),
    ("stellar_mass_histogram_30", "histogram"),
    ("stellar_mass_cumulative_histogram_30_bins30", "cumulative_histogram"),
    ("luminosity_r_function_50", "luminosity_function"),
    ("stellar_mass_galaxy_size_30", "median"),
    ("stellar_mass_passive_fraction_30", "mean"),
])
def test_every_line_type_the_writer_emits_is_read(plot, line_type):
    assert line_type in LINE_TYPES
    values, units = load_pipeline_outputs(RUNS, [plot])
    assert units[plot]["line_type"] == line_type
    for run in RUNS:
        raw = raw_line(run, plot, line_type)
        np.testing.assert_array_equal(values[plot][run]["independent"], raw["centers"])
        np.testing.assert_array_equal(values[plot][run]["dependent"], raw["values"])
        scatter = np.asarray(raw["scatter"], dtype=float)
        expected = scatter.mean(axis=0) if scatter.ndim == 2 else scatter
        np.testing.assert_allclose(values[plot][run]["dependent_error"], expected, rtol=1e-12)
    assert units[plot]["independent_units"] == raw["centers_units"]


def test_median_or_mean_is_the_users_choice():
    plot = "stellar_mass_sfr_30_median_and_mean"
    default, units = load_pipeline_outputs(RUNS, [plot])
    mean, mean_units = load_pipeline_outputs(RUNS, [plot], line_types={plot: "mean"})
    assert (units[plot]["line_type"], mean_units[plot]["line_type"]) == ("median", "mean")
    np.testing.assert_array_equal(default[plot][2]["dependent"], raw_line(2, plot, "median")["values"])
    np.testing.assert_array_equal(mean[plot][2]["dependent"], raw_line(2, plot, "mean")["values"])
    assert not np.allclose(default[plot][2]["dependent"], mean[plot][2]["dependent"])
    with pytest.raises(KeyError, match=r"has lines \['mean', 'median'\], no 'mass_function'"):
        load_pipeline_outputs(RUNS, [plot], line_types="mass_function")
    with pytest.raises(ValueError, match="Unknown line types"):
        load_pipeline_outputs(RUNS, [plot], line_types="average")


# --- 8. adaptive bins: a compact Dataset ---------------------------------------------------------------------------

def test_adaptive_bins_have_a_compact_dataset_that_round_trips(tmp_path):
    plot = "adaptive_stellar_mass_function_30"
    values, _ = load_pipeline_outputs(RUNS, [plot], log_independent=[plot], log_dependent=[plot])
    with pytest.warns(UserWarning, match="layout='points'"):
        grid = load_pipeline_outputs_xarray(RUNS, [plot], log_independent=[plot], log_dependent=[plot])[plot]
    points = load_pipeline_outputs_xarray(RUNS, [plot], log_independent=[plot], log_dependent=[plot],
                                          layout="points")[plot]
    assert points.sizes["point"] == values[plot].number_of_variables < grid["dependent"].size / 2
    points.to_netcdf(tmp_path / "adaptive.nc", engine="h5netcdf")
    import xarray as xr
    with xr.open_dataset(tmp_path / "adaptive.nc", engine="h5netcdf") as reloaded:
        assert se.ModelValues.from_xarray(reloaded.load()) == values[plot]
    assert se.ModelValues.from_xarray(grid) == values[plot]


# --- 6./7. observations as the conversion scripts write them -------------------------------------------------------

def test_a_multi_redshift_observation_needs_a_redshift_and_lists_what_it_holds():
    thorne = MultiRedshiftObservationalData()
    thorne.load(str(OBSERVATIONS / "Thorne2021.hdf5"))
    assert len(thorne.datasets) == 15
    with pytest.raises(ValueError, match=r"15 datasets at different redshifts: z = 0.25.*Choose one with redshift="):
        observation_in_model_space(thorne, True, True, "Msun", "Mpc**(-3)")
    chosen = select_observation(thorne, redshift=1.0)
    assert chosen.redshift_lower <= 1.0 <= chosen.redshift_upper
    at_one = observation_in_model_space(thorne, True, True, "Msun", "Mpc**(-3)", redshift=1.0)
    np.testing.assert_allclose(at_one["dependent"],
                               np.log10(chosen.y.to("Mpc**(-3)").value)[np.argsort(chosen.x.value)])
    with pytest.raises(ValueError, match="No dataset of the observation covers z = 9"):
        select_observation(thorne, redshift=9.0)
    # what load_observations returns (a list) works the same way
    listed = load_observations(str(OBSERVATIONS / "Baldry2012.hdf5"))
    assert observation_in_model_space(listed, True, False, "Msun", "Mpc**(-3)")["dependent"].shape == (26,)


def test_errors_go_to_log_space_exactly_and_asymmetrically():
    lange = load_observations(str(OBSERVATIONS / "Lange2015HBand.hdf5"))[0]
    y = lange.y.to("kpc").value
    lower, upper = lange.y_scatter.to("kpc").value
    converted = observation_in_model_space(lange, True, True, "Msun", "kpc")
    order = np.argsort(lange.x.value)
    exact = np.stack([np.log10(y / (y - lower)), np.log10((y + upper) / y)], axis=1)[order]
    np.testing.assert_allclose(converted["dependent_error"], exact, rtol=1e-12)
    first = order[0]
    first_order = 0.5 * (lower[first] + upper[first]) / (y[first] * np.log(10))  # what swiftemulator uses
    print(f"Lange 2015 first point: first order {first_order:.2f} dex; exact lower {exact[0, 0]:.2f}, "
          f"upper {exact[0, 1]:.2f}")
    assert first_order > 2 * exact[0].max()
    # symmetric errors in linear space become asymmetric in log space (lower > first order > upper)
    baldry = load_observations(str(OBSERVATIONS / "Baldry2012.hdf5"))[0]
    with pytest.warns(UserWarning, match=r"Baldry et al. \(2012\): the lower error reaches zero or below at 1 point"):
        log_errors = observation_in_model_space(baldry, True, True, "Msun", "Mpc**(-3)")["dependent_error"]
    assert log_errors.shape == (26, 2) and np.all(log_errors[:, 0] > log_errors[:, 1])
    # its faintest-density point has an error as large as its value: an upper limit in log space
    y, sigma = baldry.y.value[np.argsort(baldry.x.value)], baldry.y_scatter.value[np.argsort(baldry.x.value)]
    np.testing.assert_array_equal(np.isinf(log_errors[:, 0]), sigma >= y)
    calculator = GaussianDataErrorsPenaltyCalculator(3.0, 6.0, 13.0)
    with pytest.warns(UserWarning, match="upper limits"):
        calculator.register_observation(baldry, True, True, "Msun", "Mpc**(-3)")
    x, z = np.log10(np.sort(baldry.x.value)), np.log10(y)
    below, above = calculator.penalty(x, z - 1.0), calculator.penalty(x, z + 1.0)
    assert below[sigma >= y] == 0.0 and above[sigma >= y] > 0.0
    linear = observation_in_model_space(baldry, True, False, "Msun", "Mpc**(-3)")["dependent_error"]
    assert linear.shape == (26,)


def test_penalties_and_likelihood_use_the_error_on_the_models_side():
    lange = load_observations(str(OBSERVATIONS / "Lange2015HBand.hdf5"))[0]
    calculator = GaussianDataErrorsPenaltyCalculator(3.0, 8.0, 11.0)
    calculator.register_observation(lange, True, True, "Msun", "kpc")
    converted = observation_in_model_space(lange, True, True, "Msun", "kpc")
    x, z, (lower, upper) = converted["independent"], converted["dependent"], converted["dependent_error"].T
    inside = (x >= 8.0) & (x < 11.0)
    for shift, sigma in ((-0.05, lower), (0.05, upper)):
        penalty = calculator.penalty(x, z + shift)
        np.testing.assert_allclose(penalty, (1 - np.exp(-0.5 * shift**2 / sigma**2))[inside], rtol=1e-12)


def test_units_that_cannot_convert_are_named():
    lange = load_observations(str(OBSERVATIONS / "Lange2015HBand.hdf5"))[0]
    with pytest.raises(ValueError, match=r"in kpc, which cannot be converted to the model's Mpc\*\*\(-3\)"):
        observation_in_model_space(lange, True, True, "Msun", "Mpc**(-3)")


def test_calibration_scores_runs_against_a_multi_redshift_observation():
    thorne = MultiRedshiftObservationalData()
    thorne.load(str(OBSERVATIONS / "Thorne2021.hdf5"))
    at_one = select_observation(thorne, redshift=1.0)
    x = np.log10(at_one.x.to("Msun").value)
    z = np.log10(at_one.y.to("Mpc**(-3)").value)
    spec = se.ModelSpecification(1, ["shift"], [[-0.5, 0.5]])
    runs = se.ModelParameters({i: {"shift": s} for i, s in enumerate(np.linspace(-0.5, 0.5, 8))})
    values = se.ModelValues({i: {"independent": x, "dependent": z + p["shift"], "dependent_error": np.full(len(x), 0.01)}
                             for i, p in runs.items()})
    emulator = GaussianProcessEmulator(random_state=0).fit_model(spec, runs, values)
    attrs = {"log_independent": True, "log_dependent": True, "independent_units": "Msun",
             "dependent_units": "Mpc**(-3)"}
    with pytest.raises(ValueError, match="The observation of 'smf': The observation holds 15 datasets.*redshift="):
        calibrate({"smf": emulator}, {"smf": thorne}, spec, relation_attrs={"smf": attrs}, n_steps=10, burn_in=0,
                  progress=False)
    posterior = calibrate({"smf": emulator}, {"smf": at_one}, spec, relation_attrs={"smf": attrs}, n_walkers=8,
                          n_steps=300, burn_in=100, random_state=0, progress=False)
    assert abs(float(posterior["samples"].mean())) < 0.05  # the runs shifted by 0 match the observation


# --- 9. SWIFT's own parameter file ---------------------------------------------------------------------------------

def test_swifts_eagle_25_file_reads_and_writes(tmp_path):
    base = REAL / "swift" / "eagle_25.yml"
    names = ["EAGLEFeedback:SNII_energy_fraction_sigma_Z", "EAGLEFeedback:SNII_energy_fraction_sigma_n",
             "EAGLEAGN:AGN_delta_T_K", "EAGLEAGN:viscous_alpha"]
    spec, parameters = load_parameter_files({"eagle": base}, names, log_parameters=names[2:],
                                            parameter_limits=[[0.1, 1], [0.1, 1], [8, 9], [5, 7]])
    assert parameters["eagle"]["EAGLEAGN:AGN_delta_T_K"] == pytest.approx(np.log10(4.207e8))  # '4.207e8' in YAML
    assert parameters["eagle"]["EAGLEAGN:viscous_alpha"] == pytest.approx(6.0)                 # '1e6' in YAML
    design = se.ModelParameters({"a": {names[0]: 0.2, names[1]: 0.5, names[2]: 8.5, names[3]: 6.5}})
    before = base.read_bytes()
    written = write_parameter_files({"a": tmp_path / "a.yml"}, design, {n: (lambda v: 10.0**v) for n in names[2:]},
                                    base_parameter_file=base)
    assert base.read_bytes() == before
    _, back = load_parameter_files(written, names, log_parameters=names[2:], parameter_limits=spec.parameter_limits)
    for name in names:
        assert back["a"][name] == pytest.approx(design["a"][name], rel=1e-12)
    with pytest.raises(KeyError, match="SNII_energy_fraction_sigma_Z"):
        load_parameter_files({"eagle": base}, ["EAGLEFeedback:SNII_energy_fraction_n_Z"])
