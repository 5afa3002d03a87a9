"""The seed's data-loading and comparison tutorials (spec/swift-emulator-docs.txt), run on the bundled example study
with swiftemu's imports. Two changes, both on purpose: the parameter names are current SWIFT's (`..._sigma_Z`,
`..._sigma_n`, where the seed's data had `..._n_Z`, `..._n_n`), and `penalties` returns a DataArray (README's
migration table), whose `to_series()` has the `keys()` the seed's loop uses. The study's outputs are written by
velociraptor's own autoplotter, so no `sanitize_output` is needed, as in the seed."""
import os
from glob import glob
from pathlib import Path

import numpy as np
import pytest
from unyt import Mpc, Msun
from velociraptor.observations import load_observations

from swiftemu.comparison import L2PenaltyCalculator
from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.io.swift import example_study, load_parameter_files, load_pipeline_outputs


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    study = example_study()
    study.unpack(folder / "emulator_output")
    return folder, study


def seed_data_loading(folder):
    "The seed's tutorial code, verbatim but for the imports and the two parameter names."
    here = os.getcwd()
    os.chdir(folder)
    try:
        files = [Path(x) for x in glob("./emulator_output/input_data/*.yml")]
        filenames = {filename.stem: filename for filename in files}
        spec, parameters = load_parameter_files(
            filenames=filenames,
            parameters=[
                "EAGLEFeedback:SNII_energy_fraction_min",
                "EAGLEFeedback:SNII_energy_fraction_max",
                "EAGLEFeedback:SNII_energy_fraction_sigma_Z",
                "EAGLEFeedback:SNII_energy_fraction_n_0_H_p_cm3",
                "EAGLEFeedback:SNII_energy_fraction_sigma_n",
                "EAGLEAGN:coupling_efficiency",
                "EAGLEAGN:viscous_alpha",
                "EAGLEAGN:AGN_delta_T_K",
            ],
            log_parameters=[
                "EAGLEAGN:AGN_delta_T_K",
                "EAGLEAGN:viscous_alpha",
                "EAGLEAGN:coupling_efficiency",
                "EAGLEFeedback:SNII_energy_fraction_n_0_H_p_cm3",
            ],
            parameter_printable_names=[
                "$f_{\\rm E, min}$",
                "$f_{\\rm E, max}$",
                "$\\sigma_{Z}$",
                "$\\log_{10}$ $n_{\\rm H, 0}$",
                "$\\sigma_{n}$",
                "$\\log_{10}$ $C_{\\rm eff}$",
                "$\\log_{10}$ $\\alpha_{\\rm V}$",
                "AGN $\\log_{10}$ $\\Delta T$",
            ],
        )
        value_files = [Path(x) for x in glob("./emulator_output/output_data/*.yml")]
        filenames = {filename.stem: filename for filename in value_files}
        values, units = load_pipeline_outputs(
            filenames=filenames,
            scaling_relations=["stellar_mass_function_100"],
            log_independent=["stellar_mass_function_100"],
            log_dependent=["stellar_mass_function_100"],
        )
        scaling_relation = values["stellar_mass_function_100"]
        scaling_relation_units = units["stellar_mass_function_100"]
        emulator = GaussianProcessEmulator(random_state=0)
        emulator.fit_model(model_specification=spec, model_parameters=parameters, model_values=scaling_relation)
    finally:
        os.chdir(here)
    return spec, parameters, scaling_relation, scaling_relation_units, emulator


def test_the_seeds_swift_io_and_comparison_tutorials_run_on_the_example_study(unpacked):
    folder, study = unpacked
    spec, parameters, scaling_relation, units, emulator = seed_data_loading(folder)
    assert len(parameters) == 64 and len(scaling_relation) == 64
    assert units["log_dependent"] and units["dependent_units"] == "Mpc**(-3)"

    observation = load_observations(str(folder / "emulator_output" / study.observation_file.name))[0]
    L2_penalty = L2PenaltyCalculator(offset=0.5, lower=9, upper=12)
    L2_penalty.register_observation(observation, log_independent=True, log_dependent=True,
                                    independent_units=Msun, dependent_units=Mpc**-3)
    here = os.getcwd()
    os.chdir(folder)
    try:
        L2_penalty.plot_penalty(9, 12, -6, -1, "penalty_example", x_label="Stellar mass", y_label="dn/dlogM")
    finally:
        os.chdir(here)
    assert (folder / "penalty_example.png").exists()

    all_penalties = L2_penalty.penalties(emulator.model_values, np.mean).to_series()
    all_penalties_array = []
    node_number = []
    for key in all_penalties.keys():
        all_penalties_array.append(all_penalties[key])
        node_number.append(int(key))
    best = str(node_number[np.argmin(all_penalties_array)])

    predictparams = emulator.model_parameters[best].copy()
    x_to_predict = np.log10(L2_penalty.observation.x.value)
    pred, pred_var = emulator.predict_values(x_to_predict, predictparams)
    at_best = np.mean(L2_penalty.penalty(x_to_predict, pred))
    predictparams["EAGLEFeedback:SNII_energy_fraction_max"] = 1
    pred, pred_var = emulator.predict_values(x_to_predict, predictparams)
    changed = np.mean(L2_penalty.penalty(x_to_predict, pred))
    assert 0 <= at_best <= 1 and 0 <= changed <= 1 and np.all(pred_var >= 0)
    # the emulator at the best run agrees with the run itself on the penalty (the run's own points)
    assert abs(at_best - min(all_penalties_array)) < 0.1
