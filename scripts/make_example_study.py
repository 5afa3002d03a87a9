#!/usr/bin/env python
"""Build swiftemu/data/example_study/: a deterministic, SWIFT-like 64-run study for the tutorials and tests.

The truth is `swiftemu.io.swift.example_galaxy_model` (documented in nbs/02_io_swift.ipynb). For each run of a
seeded maximin Latin hypercube of eight EAGLE feedback and AGN parameters, this script draws a synthetic galaxy
catalogue in a (100 Mpc)^3 box from that model (stellar masses in 100 kpc apertures, half-mass radii, r-band
luminosities), writes it as a VELOCIraptor .properties file and runs velociraptor's own AutoPlotter on it, as
swift-pipeline does, so every data_0036.yml is written by the real pipeline writer
(velociraptor.autoplotter.metadata.AutoPlotterMetadata.write_metadata). The catalogue and autoplotter
machinery is shared with make_real_fixtures.py (scripts/velociraptor_catalogues.py). It writes:

    base_parameters.yml                 SWIFT's examples/EAGLE_ICs/EAGLE_25/eagle_25.yml (run name and ICs changed)
    input_data/<uid>.yml                one parameter file per run (written with write_parameter_files)
    output_data/<uid>/data_0036.yml     one swift-pipeline output per run, written by velociraptor's autoplotter
    observations/synthetic_gsmf.hdf5    a synthetic observed mass function, in velociraptor's format
    study.yml                           the manifest example_study() reads

Usage:  python scripts/make_example_study.py [--output DIR] [--overwrite] [--swift-parameter-file FILE]
Running it twice gives byte-identical files (the seed is fixed). The catalogues are temporary, not kept.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from swiftemu.containers import ModelSpecification, write_text_atomic
from swiftemu.design import create_hypercube
from swiftemu.io.swift import EXAMPLE_BOX_VOLUME_MPC3, example_galaxy_model, write_parameter_files
from velociraptor_catalogues import MAGNITUDES_REGISTRATION, r_band_luminosity, sample_log_masses, write_pipeline_output

SEED = 20261126
RUNS = 64
SNAPSHOT = "0036"
ROOT = Path(__file__).resolve().parents[1]
# SWIFTSIM/SWIFT examples/EAGLE_ICs/EAGLE_25/eagle_25.yml at 8a8f0d794430c7654396230f04b4b815936fe8a5, as copied
# by make_real_fixtures.py (see tests/data/real/README.md)
EAGLE_25 = ROOT / "tests" / "data" / "real" / "swift" / "eagle_25.yml"

PARAMETERS = [
    "EAGLEFeedback:SNII_energy_fraction_min",
    "EAGLEFeedback:SNII_energy_fraction_max",
    "EAGLEFeedback:SNII_energy_fraction_sigma_Z",
    "EAGLEFeedback:SNII_energy_fraction_n_0_H_p_cm3",
    "EAGLEFeedback:SNII_energy_fraction_sigma_n",
    "EAGLEAGN:coupling_efficiency",
    "EAGLEAGN:viscous_alpha",
    "EAGLEAGN:AGN_delta_T_K",
]
LOG_PARAMETERS = [
    "EAGLEAGN:AGN_delta_T_K",
    "EAGLEAGN:viscous_alpha",
    "EAGLEAGN:coupling_efficiency",
    "EAGLEFeedback:SNII_energy_fraction_n_0_H_p_cm3",
]
PRINTABLE = [
    "$f_{\\rm E, min}$",
    "$f_{\\rm E, max}$",
    "$\\sigma_{Z}$",
    "$\\log_{10}$ $n_{\\rm H, 0}$",
    "$\\sigma_{n}$",
    "$\\log_{10}$ $C_{\\rm eff}$",
    "$\\log_{10}$ $\\alpha_{\\rm V}$",
    "AGN $\\log_{10}$ $\\Delta T$",
]
LIMITS = [[0.1, 1.0], [1.0, 7.0], [0.15, 1.5], [-1.0, 1.5], [0.15, 1.5], [-2.0, -0.5], [4.0, 8.0], [8.0, 9.0]]
# sigma_Z and sigma_n at eagle_25.yml's values
HIDDEN = dict(zip(PARAMETERS, [0.35, 4.2, 0.311, 0.3, 0.428, -1.2, 5.8, 8.55]))

# Galaxy catalogues
BOX_MPC = 100.0  # comoving Mpc on a side
assert BOX_MPC**3 == EXAMPLE_BOX_VOLUME_MPC3
LOG_MASS_GRID = np.linspace(8.0, 12.6, 4601)  # log10 Msun: the draw goes down to 1e8 Msun; 0.001 dex steps
SIZE_SCATTER_DEX = 0.18

# Binning (swift-pipeline's number_of_bins N gives N edges, N - 1 bins)
SMF_LOG_RANGE, SMF_EDGES = (8.5, 12.1), 19         # 18 bins of 0.2 dex, the same for the histograms
SIZE_LOG_RANGE, SIZE_EDGES = (9.0, 11.5), 11       # 10 fixed bins of 0.25 dex
MAGNITUDE_RANGE, MAGNITUDE_EDGES = (-25.0, -16.5), 18  # 17 bins of 0.5 mag, all brighter than the 1e8 Msun cut

MASS_LABEL = "apertures.mass_star_100_kpc"


def mass_axis(log_range):
    return {"quantity": MASS_LABEL, "units": "Solar_Mass", "start": float(10 ** log_range[0]),
            "end": float(10 ** log_range[1])}


def metadata(title, caption, section):
    return {"title": title, "caption": caption, "section": section, "show_on_webpage": True}


def binned_line():
    return {"plot": True, "log": True, "adaptive": False, "number_of_bins": SIZE_EDGES,
            "start": {"value": float(10 ** SIZE_LOG_RANGE[0]), "units": "Solar_Mass"},
            "end": {"value": float(10 ** SIZE_LOG_RANGE[1]), "units": "Solar_Mass"}}


def plot_configuration():
    """The auto_plotter configuration, in the style of COLIBRE's auto_plotter/*.yml (100 kpc apertures)."""
    phi_axis = {"units": "1/Mpc**3", "start": 1e-6, "end": 1e0}
    smf = "showing all galaxies with a fixed bin-width of 0.2 dex"
    return {
        "stellar_mass_function_100": {
            "type": "massfunction", "legend_loc": "lower left", "number_of_bins": SMF_EDGES,
            "x": mass_axis(SMF_LOG_RANGE), "y": dict(phi_axis),
            "metadata": metadata("Stellar Mass Function (100 kpc aperture)",
                                 f"100 kpc aperture GSMF, {smf}.", "Stellar Mass Function"),
        },
        "adaptive_stellar_mass_function_100": {
            "type": "adaptivemassfunction", "legend_loc": "lower left", "number_of_bins": SMF_EDGES,
            "x": mass_axis(SMF_LOG_RANGE), "y": dict(phi_axis),
            "metadata": metadata("Stellar Mass Function (100 kpc aperture, adaptive)",
                                 "100 kpc aperture GSMF, showing all galaxies with an adaptive bin-width.",
                                 "Stellar Mass Function"),
        },
        "stellar_mass_histogram_100": {
            "type": "histogram", "legend_loc": "upper right", "number_of_bins": SMF_EDGES,
            "x": mass_axis(SMF_LOG_RANGE), "histogram": {"scatter": "none"},
            "metadata": metadata("Stellar Mass Histogram (100 kpc aperture)",
                                 "Histogram of stellar masses using the same bins as the mass function.",
                                 "Histograms"),
        },
        "stellar_mass_cumulative_histogram_100": {
            "type": "cumulative_histogram", "reverse_cumsum": True, "legend_loc": "upper right",
            "number_of_bins": SMF_EDGES, "x": mass_axis(SMF_LOG_RANGE), "histogram": {"scatter": "none"},
            "metadata": metadata("Stellar Mass Cumulative Histogram (100 kpc aperture)",
                                 "Cumulative histogram of stellar masses (reverse_cumsum: the number in each bin "
                                 "and every bin above it) using the same bins as the mass function.", "Histograms"),
        },
        "stellar_mass_galaxy_size_100": {
            "type": "scatter", "legend_loc": "upper left", "x": mass_axis((8.0, 12.0)),
            "y": {"quantity": "apertures.rhalfmass_star_100_kpc", "units": "kpc", "start": 1e-1, "end": 3e1},
            "median": binned_line(), "mean": binned_line(),
            "metadata": metadata("Stellar Mass-Galaxy Size relation (100 kpc aperture)",
                                 "Uses a 100 kpc 3D aperture. Median (16th to 84th percentile scatter) and mean "
                                 "(standard deviation) half-mass radius in fixed bins of 0.25 dex.", "Sizes"),
        },
        "luminosity_r_function_100": {
            "type": "luminosityfunction", "legend_loc": "lower left", "number_of_bins": MAGNITUDE_EDGES,
            "x": {"quantity": "derived_quantities.magnitudes_r_band_100_kpc", "log": False,
                  "units": "dimensionless", "start": MAGNITUDE_RANGE[0], "end": MAGNITUDE_RANGE[1]},
            "y": {"units": "1/Mpc**3", "start": 1e-6, "end": 0.316},
            "metadata": metadata("r-band Luminosity Function (100 kpc aperture)",
                                 "100 kpc aperture r-band luminosity function, from a mass-to-light ratio of 1.5 "
                                 "with 0.1 dex scatter, with a fixed bin-width of 0.5 mag.", "Luminosity Function"),
        },
    }


def base_parameter_file(eagle_25: Path) -> str:
    "eagle_25.yml with the run name and initial conditions of a 100 Mpc box; every other line as SWIFT has it."
    text = eagle_25.read_text()
    for old, new in [("run_name:   SWIFT-EAGLE-L0025N0376-Ref", "run_name:   swiftemu-example-L0100"),
                     ("file_name:  EAGLE_L0025N0376_ICs.hdf5", "file_name:  EAGLE_L0100N1504_ICs.hdf5")]:
        if text.count(old) != 1:
            raise SystemExit(f"{eagle_25}: expected one line with {old!r}; is it SWIFT's eagle_25.yml?")
        text = text.replace(old, new)
    header = ("# swiftemu example study: SWIFT's examples/EAGLE_ICs/EAGLE_25/eagle_25.yml (SWIFTSIM/SWIFT 8a8f0d79)\n"
              "# with MetaData:run_name and InitialConditions:file_name changed for a 100 Mpc box. Each run's file\n"
              "# (input_data/<uid>.yml) sets the eight varied parameters listed in study.yml.\n")
    return header + text


def draw_catalogue(parameters, rng):
    """A (100 Mpc)^3 box of galaxies above 1e8 Msun drawn from the model at `parameters`: a Poisson number,
    inverse-CDF stellar masses (100 kpc apertures), lognormal half-mass radii, r-band luminosities."""
    model = example_galaxy_model(parameters, LOG_MASS_GRID)
    density = 10 ** model["log_mass_function"]  # dn/dlog10M per Mpc^3
    expected = EXAMPLE_BOX_VOLUME_MPC3 * np.trapezoid(density, LOG_MASS_GRID)
    log_mass = sample_log_masses(rng, rng.poisson(expected), LOG_MASS_GRID, density)
    log_size = example_galaxy_model(parameters, log_mass)["log_size"] + rng.normal(0.0, SIZE_SCATTER_DEX, log_mass.size)
    mass = 10**log_mass
    return {"m100": mass, "size100": 10**log_size, "lum_r100": r_band_luminosity(rng, mass)}


def write_observation(path, rng):
    "A synthetic observed mass function at HIDDEN, in velociraptor's ObservationalData format."
    import unyt
    from astropy.cosmology import Planck15
    from velociraptor.observations.objects import ObservationalData

    centers = np.arange(8.6, 11.41, 0.2)  # where a (100 Mpc)^3 box still has galaxies to compare with
    truth = example_galaxy_model(HIDDEN, centers)["log_mass_function"]
    phi = 10 ** (truth + rng.normal(0.0, 0.05, len(centers)))
    observation = ObservationalData()
    observation.associate_x(unyt.unyt_array(10**centers, "Msun"), scatter=None, comoving=True,
                            description="Galaxy Stellar Mass")
    observation.associate_y(unyt.unyt_array(phi, "Mpc**(-3)"), scatter=unyt.unyt_array(0.1 * phi, "Mpc**(-3)"),
                            comoving=True, description="Phi (GSMF)")
    observation.associate_citation("swiftemu synthetic GSMF (not an observation)", "synthetic")
    observation.associate_name("Synthetic galaxy stellar mass function for the swiftemu example study")
    observation.associate_comment(
        "SYNTHETIC DATA, not an observation: the swiftemu example-study galaxy model at the hidden parameters in "
        "study.yml, with 0.05 dex Gaussian noise and 10% errors. Made by scripts/make_example_study.py."
    )
    observation.associate_redshift(0.0, 0.0, 0.1)
    observation.associate_plot_as("points")
    observation.associate_cosmology(Planck15)
    observation.write(str(path))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ROOT / "swiftemu" / "data" / "example_study"
    parser.add_argument("--output", type=Path, default=default, help="folder to create (default: %(default)s)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing study folder")
    parser.add_argument("--swift-parameter-file", type=Path, default=EAGLE_25,
                        help="SWIFT's eagle_25.yml, the base parameter file's source (default: %(default)s)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    started = time.perf_counter()
    out = args.output
    if out.exists():
        if not args.overwrite:
            sys.exit(f"{out} exists; pass --overwrite to rebuild it.")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    spec = ModelSpecification(len(PARAMETERS), PARAMETERS, LIMITS, PRINTABLE)
    design = create_hypercube(spec, RUNS, random_state=SEED, backend="scipy")
    write_text_atomic(out / "base_parameters.yml", base_parameter_file(args.swift_parameter_file))
    write_parameter_files(
        filenames={uid: out / "input_data" / f"{uid}.yml" for uid in design},
        model_parameters=design,
        parameter_transforms={name: (lambda x: 10.0**x) for name in LOG_PARAMETERS},
        base_parameter_file=out / "base_parameters.yml",
    )
    plots = plot_configuration()
    with tempfile.TemporaryDirectory() as tmp:
        for index, (uid, parameters) in enumerate(design.items()):
            galaxies = draw_catalogue(parameters, np.random.default_rng([SEED, index]))
            workdir = Path(tmp) / uid
            workdir.mkdir()
            target = out / "output_data" / uid / f"data_{SNAPSHOT}.yml"
            created = write_pipeline_output(galaxies, plots, workdir, target, box_mpc=BOX_MPC,
                                            registration=MAGNITUDES_REGISTRATION,
                                            catalogue_name=f"halo_{SNAPSHOT}.properties")
            failed = [name for name, ok in created.items() if not ok]
            if failed:
                raise SystemExit(f"run {uid}: the autoplotter could not make {failed}")
            shutil.rmtree(workdir)
    (out / "observations").mkdir()
    write_observation(out / "observations" / "synthetic_gsmf.hdf5", np.random.default_rng([SEED, 999]))
    manifest = {
        "description": (
            "swiftemu example study: 64 SWIFT-like runs on a Latin hypercube of eight EAGLE feedback and AGN "
            "parameters (names as in SWIFT's eagle_25.yml). Each run's swift-pipeline output is written by "
            "velociraptor's autoplotter from a synthetic VELOCIraptor catalogue of a (100 Mpc)^3 box drawn from an "
            "analytic galaxy model (swiftemu.io.swift.example_galaxy_model); the observation is a synthetic (not "
            "observed) stellar mass function. Made by scripts/make_example_study.py."
        ),
        "runs": list(design.keys()),
        "base_parameter_file": "base_parameters.yml",
        "observation_file": "observations/synthetic_gsmf.hdf5",
        "parameters": PARAMETERS,
        "log_parameters": LOG_PARAMETERS,
        "parameter_printable_names": PRINTABLE,
        "parameter_limits": LIMITS,
        "scaling_relations": ["stellar_mass_function_100", "stellar_mass_galaxy_size_100"],
        "log_independent": ["stellar_mass_function_100", "stellar_mass_galaxy_size_100"],
        "log_dependent": ["stellar_mass_function_100", "stellar_mass_galaxy_size_100"],
        "histogram_for_error": "stellar_mass_histogram_100",
        "hidden_parameters": HIDDEN,
        "seed": SEED,
    }
    write_text_atomic(out / "study.yml", yaml.safe_dump(manifest, sort_keys=False, width=4096))
    print(f"wrote the example study to {out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
