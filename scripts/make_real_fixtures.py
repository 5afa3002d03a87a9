#!/usr/bin/env python
"""Make the test artefacts under tests/data/real/ with the collaboration's own tools.

Three sub-commands, each independent:

``pipeline CONFIG.yml [CONFIG.yml ...]``
    Writes synthetic VELOCIraptor ``.properties`` catalogues (seeded numpy
    galaxies), loads each with ``velociraptor.load`` exactly as swift-pipeline
    does (``disregard_units=True`` plus a registration file of derived
    quantities), runs ``velociraptor.autoplotter.objects.AutoPlotter`` on a
    selection of plots taken from the given COLIBRE auto_plotter files and
    writes ``data_0000.yml`` per run with
    ``velociraptor.autoplotter.metadata.AutoPlotterMetadata.write_metadata``.
    The CONFIG files are the COLIBRE ``auto_plotter/*.yml`` files of
    SWIFTSIM/pipeline-configs from the last VELOCIraptor-era commit (the one
    before "Use swiftsimio to read catalogues"), which use VELOCIraptor names
    such as ``apertures.mass_star_30_kpc``.

``observations VCD_ROOT``
    Runs, unchanged, conversion scripts of SWIFTSIM/velociraptor-comparison-data
    from a checkout at VCD_ROOT the way that repository's ``convert.py`` runs
    them (working directory = the script's ``conversion`` folder, argument
    ``../../../cosmology.py``, warnings as errors), copies the HDF5 files they
    write and records what ``velociraptor.observations`` reads back.

``swift PARAMETER_FILE``
    Copies a SWIFT parameter file and records the EAGLE feedback parameter
    names and which values PyYAML's ``safe_load`` returns as strings.

Nothing here is copied from upstream code; the upstream tools are imported and
called, and the upstream files are read from paths given on the command line.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

from velociraptor_catalogues import (
    MAGNITUDES_REGISTRATION,
    MASS_UNIT_MSUN,
    LENGTH_UNIT_KPC,
    SFR_UNIT_MSUN_PER_YR,
    STRUCTURE_CENTRAL,
    STRUCTURE_SATELLITE,
    STRUCTURE_SUBSUB,
    VELOCITY_UNIT_KMS,
    r_band_luminosity,
    sample_log_masses,
    write_pipeline_output,
)

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "tests" / "data" / "real"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# A. pipeline outputs
# ---------------------------------------------------------------------------

# Catalogue units, structure types, the catalogue writer and the autoplotter run are in
# velociraptor_catalogues.py (shared with make_example_study.py).
BOX_MPC = 25.0

# Runs: different seeds and slightly different galaxy populations, so that the
# fixed bins are the same across runs but adaptive bins and populated bins are
# not.  ``size_norm_kpc`` and ``sfms_norm`` play the role of model parameters.
RUNS = [
    dict(seed=101, n_galaxies=2400, alpha=-1.30, log_mchar=10.75, size_norm_kpc=3.0, sfms_norm=0.00, n_subsub=6),
    dict(seed=202, n_galaxies=2650, alpha=-1.38, log_mchar=10.65, size_norm_kpc=2.6, sfms_norm=0.15, n_subsub=7),
    dict(seed=303, n_galaxies=2150, alpha=-1.25, log_mchar=10.85, size_norm_kpc=3.5, sfms_norm=-0.10, n_subsub=5),
    dict(seed=404, n_galaxies=2900, alpha=-1.42, log_mchar=10.70, size_norm_kpc=2.2, sfms_norm=0.25, n_subsub=8),
    dict(seed=505, n_galaxies=2500, alpha=-1.33, log_mchar=10.90, size_norm_kpc=4.0, sfms_norm=-0.20, n_subsub=9),
]

# Plots used as they are in the COLIBRE files (observational_data removed:
# it changes the figure only, never the written lines).
UPSTREAM_PLOTS = [
    "stellar_mass_function_30",            # massfunction, number_of_bins 30
    "adaptive_stellar_mass_function_30",   # adaptivemassfunction
    "stellar_mass_histogram_30",           # histogram, number_of_bins 120
    "luminosity_r_function_50",            # luminosityfunction (magnitudes, linear bins)
    "stellar_mass_galaxy_size_30",         # scatter + adaptive median
    "stellar_mass_passive_fraction_30",    # scatter + adaptive mean
    "stellar_mass_black_hole_mass_30",     # needs black_hole_masses.max: the plot fails
]

# Plots derived from a COLIBRE plot with small changes (recorded in the plot's
# caption and in the manifest).  The "_subsubhaloes" ones select structure
# type 20, whose few objects make_galaxies places one per fixed 30-edge bin,
# so no bin of those plots reaches the writer's minimum of 3 objects.
DERIVED_PLOTS = {
    # the COLIBRE cumulative histogram (reverse_cumsum: true) with the mass
    # function's 30 bin edges instead of 120, to keep the files small
    "stellar_mass_cumulative_histogram_30_bins30": dict(
        base="stellar_mass_cumulative_histogram_30", set={"number_of_bins": 30}),
    # the COLIBRE stellar-mass histogram with the mass function's 30 bin edges: the two share bins, but the
    # writer drops sparse mass-function bins and only empty histogram bins, so their positions differ
    "stellar_mass_histogram_30_bins30": dict(
        base="stellar_mass_histogram_30", set={"number_of_bins": 30}),
    # median and mean in one plot, from the COLIBRE M*-SFR plot
    "stellar_mass_sfr_30_median_and_mean": dict(
        base="stellar_mass_sfr_30", add_mean_like_median=True),
    # a relation with no populated bin: median and mean both fall back to the
    # placeholder point; every object becomes an additional point
    "stellar_mass_galaxy_size_30_subsubhaloes": dict(
        base="stellar_mass_galaxy_size_30", add_mean_like_median=True,
        set={"select_structure_type": STRUCTURE_SUBSUB, "min_num_points_highlight": 0},
        line_set={"adaptive": False}),
    # a mass function where every bin has fewer than 3 objects: centers: []
    "stellar_mass_function_30_subsubhaloes": dict(
        base="stellar_mass_function_30",
        set={"select_structure_type": STRUCTURE_SUBSUB}),
}

# Derived quantities, executed by velociraptor.catalogue.derived.DerivedQuantities
# (``self`` and ``catalogue`` are given by that class), as a pipeline
# registration.py does.  Our own minimal version: r-band AB magnitudes (shared
# with make_example_study.py) and the passive flag for the apertures used above.
REGISTRATION = MAGNITUDES_REGISTRATION + '''
for aperture in [30, 50, 100]:
    stellar_mass = catalogue.get_quantity(f"apertures.mass_star_{aperture}_kpc")
    sfr = catalogue.get_quantity(f"apertures.sfr_gas_{aperture}_kpc")
    ssfr = unyt.unyt_array(np.zeros(stellar_mass.shape), units="1/Gyr")
    massive = stellar_mass.value > 0.0
    ssfr[massive] = (sfr[massive] / stellar_mass[massive]).to("1/Gyr")
    ssfr.name = f"Specific SFR ({aperture} kpc)"
    passive = unyt.unyt_array((ssfr.value < 0.0101).astype(float), units="dimensionless")
    passive.name = "Passive Fraction"
    setattr(self, f"specific_sfr_gas_{aperture}_kpc", ssfr)
    setattr(self, f"is_passive_{aperture}_kpc", passive)
'''


def schechter_log_masses(rng, n, alpha, log_mchar, lo=6.0, hi=12.3):
    """Draw n values of log10(M) from dN/dlogM ~ (M/M*)^(alpha+1) exp(-M/M*)."""
    grid = np.linspace(lo, hi, 4001)
    pdf = 10 ** ((alpha + 1) * (grid - log_mchar)) * np.exp(-(10 ** (grid - log_mchar)))
    return sample_log_masses(rng, n, grid, pdf)


def make_galaxies(run: dict) -> dict:
    """Seeded synthetic galaxy population in physical units (Msun, kpc, Msun/yr)."""
    rng = np.random.default_rng(run["seed"])
    n = run["n_galaxies"]
    log_m30 = schechter_log_masses(rng, n, run["alpha"], run["log_mchar"])
    structure = np.where(rng.random(n) < 0.7, STRUCTURE_CENTRAL, STRUCTURE_SATELLITE)

    # Sub-subhaloes: one per chosen fixed bin of logspace(6, 12, 30), never two
    # in a bin, so no bin of a plot restricted to them reaches 3 objects.
    edges = np.linspace(6.0, 12.0, 30)
    chosen = rng.choice(np.arange(6, 26, 2), size=run["n_subsub"], replace=False)
    log_ss = 0.5 * (edges[chosen] + edges[chosen + 1]) + rng.uniform(-0.05, 0.05, run["n_subsub"])
    log_m30 = np.concatenate([log_m30, log_ss])
    structure = np.concatenate([structure, np.full(run["n_subsub"], STRUCTURE_SUBSUB)])
    n = log_m30.size

    m30 = 10 ** log_m30
    m50 = m30 * (1.0 + 0.08 * rng.random(n) * (log_m30 > 10.0))
    m100 = m50 * (1.0 + 0.10 * rng.random(n) * (log_m30 > 10.5))
    size30 = run["size_norm_kpc"] * (m30 / 1e10) ** 0.22 * 10 ** rng.normal(0.0, 0.18, n)
    size50 = size30 * (m50 / m30) ** 1.5
    size100 = size50 * (m100 / m50) ** 1.5
    log_sfr = 0.8 * (log_m30 - 10.0) + 0.1 + run["sfms_norm"] + rng.normal(0.0, 0.3, n)
    passive = rng.random(n) < np.clip(0.1 + 0.35 * (log_m30 - 9.5), 0.05, 0.8)
    log_sfr[passive] -= rng.uniform(1.5, 3.0, passive.sum())
    sfr30 = 10 ** log_sfr
    sfr30[rng.random(n) < 0.05] = 0.0  # some galaxies with no star-forming gas
    sfr50 = sfr30 * (m50 / m30)
    sfr100 = sfr50 * (m100 / m50)
    # r-band: M_r = 4.65 - 2.5 log10(M*/Upsilon), Upsilon ~ 1.5 with scatter;
    # the catalogue stores L with m_AB = -2.5 log10(L)
    lum_r50 = r_band_luminosity(rng, m50)
    m200 = 10 ** (11.3 + 0.55 * (log_m30 - 9.0) + rng.normal(0.0, 0.15, n))
    return dict(structure=structure, m30=m30, m50=m50, m100=m100,
                size30=size30, size50=size50, size100=size100,
                sfr30=sfr30, sfr50=sfr50, sfr100=sfr100, lum_r50=lum_r50, m200=m200)


def select_plots(config_files: list[Path]) -> dict:
    """Merge the COLIBRE files, keep the chosen plots and build the derived ones."""
    merged = {}
    for path in config_files:
        with open(path) as handle:
            merged.update(yaml.safe_load(handle))
    missing = [p for p in UPSTREAM_PLOTS + [d["base"] for d in DERIVED_PLOTS.values()]
               if p not in merged]
    if missing:
        raise SystemExit(f"plots {missing} not found in {[str(p) for p in config_files]}")

    plots = {}
    for name in UPSTREAM_PLOTS:
        plot = dict(merged[name])
        plot.pop("observational_data", None)
        plots[name] = plot
    for name, recipe in DERIVED_PLOTS.items():
        plot = yaml.safe_load(yaml.safe_dump(merged[recipe["base"]]))  # deep copy
        plot.pop("observational_data", None)
        plot.update(recipe.get("set", {}))
        for line in ("median", "mean"):
            if line in plot:
                plot[line].update(recipe.get("line_set", {}))
        if recipe.get("add_mean_like_median"):
            plot["mean"] = dict(plot["median"])
        plot.setdefault("metadata", {})
        plot["metadata"]["title"] = f"{plot['metadata'].get('title', name)} [swiftemu fixture]"
        plot["metadata"]["caption"] = (
            f"Derived by swiftemu's make_real_fixtures.py from COLIBRE plot "
            f"'{recipe['base']}': {recipe_text(recipe)}")
        plots[name] = plot
    return plots


def recipe_text(recipe: dict) -> str:
    parts = []
    if recipe.get("set"):
        parts.append(f"set {recipe['set']}")
    if recipe.get("line_set"):
        parts.append(f"lines {recipe['line_set']}")
    if recipe.get("add_mean_like_median"):
        parts.append("mean line added with the median's settings")
    return "; ".join(parts)


def plot_summary(plots: dict) -> dict:
    out = {}
    for name, p in plots.items():
        entry = dict(type=p.get("type", "scatter"),
                     x=p["x"]["quantity"], x_units=p["x"].get("units"),
                     x_start=p["x"].get("start"), x_end=p["x"].get("end"))
        if "number_of_bins" in p:
            entry["number_of_bins"] = p["number_of_bins"]
        if "quantity" in p.get("y", {}):
            entry["y"] = p["y"]["quantity"]
            entry["y_units"] = p["y"].get("units")
        for key in ("select_structure_type", "min_num_points_highlight", "reverse_cumsum"):
            if key in p:
                entry[key] = p[key]
        for line in ("median", "mean"):
            if line in p:
                entry[line] = {k: v for k, v in p[line].items() if k != "plot"}
        base = DERIVED_PLOTS.get(name, {}).get("base")
        entry["source"] = f"derived from '{base}'" if base else "COLIBRE config as is"
        if base:
            entry["changes"] = recipe_text(DERIVED_PLOTS[name])
        out[name] = entry
    return out


def run_autoplotter(run: dict, plots: dict, workdir: Path, out_yml: Path) -> dict:
    galaxies = make_galaxies(run)
    created = write_pipeline_output(galaxies, plots, workdir, out_yml, box_mpc=BOX_MPC,
                                    registration=REGISTRATION,
                                    catalogue_name=f"halo_{run['seed']}.properties")
    # Independent count of the fixed 30-edge stellar-mass-function bins, to
    # document which bins the writer drops (fewer than 3 objects).
    edges = np.logspace(6, 12, 30)
    counts = np.histogram(galaxies["m30"], edges)[0]
    sparse = [dict(lo=float(lo), hi=float(hi), n=int(c))
              for lo, hi, c in zip(edges[:-1], edges[1:], counts) if 0 < c < 3]
    return dict(n_objects=int(galaxies["m30"].size), created=created,
                smf30_bins_with_1_or_2_objects=sparse,
                max_m30_msun=float(galaxies["m30"].max()))


def cmd_pipeline(args):
    import velociraptor

    os.environ.setdefault("MPLBACKEND", "Agg")
    config_files = [Path(p) for p in args.configs]
    plots = select_plots(config_files)
    out = Path(args.out) / "pipeline"
    out.mkdir(parents=True, exist_ok=True)
    manifest = dict(
        generator="scripts/make_real_fixtures.py pipeline",
        # velociraptor 0.21.1's __version__ module still says 0.21.0
        velociraptor_version=importlib.metadata.version("velociraptor"),
        velociraptor_dunder_version=velociraptor.__version__,
        writer="velociraptor.autoplotter.metadata.AutoPlotterMetadata.write_metadata",
        catalogue=("synthetic VELOCIraptor .properties HDF5 written by this script and read with "
                   "velociraptor.load(path, disregard_units=True, registration_file_path=[...]) "
                   "as swift-pipeline does; not committed (regenerate with the script)"),
        config_files=[p.name for p in config_files],
        box_size_mpc=BOX_MPC, redshift=0.0, internal_units=dict(
            mass_msun=MASS_UNIT_MSUN, length_kpc=LENGTH_UNIT_KPC,
            velocity_kms=VELOCITY_UNIT_KMS, sfr_msun_per_yr=SFR_UNIT_MSUN_PER_YR),
        plots=plot_summary(plots),
        runs=[],
    )
    with tempfile.TemporaryDirectory() as tmp:
        for i, run in enumerate(RUNS):
            workdir = Path(tmp) / f"run_{i}"
            workdir.mkdir()
            rel = Path(f"run_{i}") / "data_0000.yml"
            info = run_autoplotter(run, plots, workdir, out / rel)
            manifest["runs"].append(dict(name=f"run_{i}", file=str(rel), **run, **info,
                                         sha256=sha256(out / rel),
                                         bytes=(out / rel).stat().st_size))
            print(f"run_{i}: {out / rel} ({(out / rel).stat().st_size} bytes)", file=sys.stderr)
    with open(out / "manifest.yml", "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False)


# ---------------------------------------------------------------------------
# B. observation files
# ---------------------------------------------------------------------------

CONVERSIONS = [
    # (conversion script, outputs to keep)
    ("data/GalaxyStellarMassFunction/conversion/convertBaldry2012.py", ["Baldry2012.hdf5"]),
    ("data/GalaxyStellarMassFunction/conversion/convertDriver2022.py", ["Driver2022.hdf5"]),
    ("data/GalaxyStellarMassFunction/conversion/convertThorne2021.py", ["Thorne2021.hdf5"]),
    ("data/GalaxyStellarMassGalaxySize/conversion/convertHardwick2022.py",
     ["Hardwick2022_halfmass.hdf5", "Hardwick2022_halflight.hdf5"]),
    ("data/GalaxyStellarMassGalaxySize/conversion/convertLange2015.py",
     ["Lange2015HBand.hdf5", "Lange2015rBand.hdf5"]),
]


def observation_facts(path: Path) -> dict:
    import warnings

    import h5py
    from velociraptor.observations import load_observation, load_observations
    from velociraptor.observations.objects import MultiRedshiftObservationalData

    with h5py.File(path, "r") as handle:
        multi = "multi_file_metadata" in handle
    if multi:
        container = MultiRedshiftObservationalData()
        container.load(str(path))
        datasets = container.datasets
    else:
        datasets = load_observations(str(path))
    default_list = load_observations(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            single = load_observation(str(path))
            load_observation_result = f"ObservationalData at z={float(single.redshift)}"
        except Exception as error:  # noqa: BLE001 - record what happens
            load_observation_result = f"raises {type(error).__name__}: {error}"

    def one(d):
        ys = d.y_scatter
        entry = dict(
            redshift=float(d.redshift), redshift_lower=float(d.redshift_lower),
            redshift_upper=float(d.redshift_upper), n_points=int(d.x.size),
            x_units=str(d.x_units), y_units=str(d.y_units),
            x_comoving=bool(d.x_comoving), y_comoving=bool(d.y_comoving),
            x_description=d.x_description, y_description=d.y_description,
            x_scatter_shape=None if d.x_scatter is None else list(d.x_scatter.shape),
            y_scatter_shape=None if ys is None else list(ys.shape),
            y_scatter_asymmetric=bool(ys is not None and ys.ndim == 2 and ys.shape[0] == 2),
            # the format has no log flag; values are stored linearly, which
            # we check as: all y > 0 and y has physical units
            y_stored_linear=bool((d.y.value > 0).all() and str(d.y_units) != "dimensionless"),
            y_min=float(d.y.min()), y_max=float(d.y.max()),
            first_x=float(d.x[0]), first_y=float(d.y[0]), plot_as=str(d.plot_as),
        )
        if ys is not None:
            if ys.ndim == 2:
                entry["first_y_scatter_lower"] = float(ys[0, 0])
                entry["first_y_scatter_upper"] = float(ys[1, 0])
            else:
                entry["first_y_scatter"] = float(ys[0])
        return entry

    first = datasets[0]
    return dict(
        file=path.name, bytes=path.stat().st_size, sha256=sha256(path),
        multi_redshift=multi, n_redshift_datasets=len(datasets),
        redshifts=[float(d.redshift) for d in datasets],
        load_observations_default_returns=[float(d.redshift) for d in default_list],
        load_observation=load_observation_result,
        name=str(first.name), citation=str(first.citation), bibcode=str(first.bibcode),
        cosmology=getattr(first.cosmology, "name", None),
        datasets=[one(d) for d in datasets],
    )


def cmd_observations(args):
    root = Path(args.vcd_root).resolve()
    out = Path(args.out) / "observations"
    out.mkdir(parents=True, exist_ok=True)
    facts = dict(generator="scripts/make_real_fixtures.py observations", files={})
    for script, outputs in CONVERSIONS:
        script_path = root / script
        workdir = script_path.parent
        command = [sys.executable, "-W", "error", "-W", "ignore::UserWarning",
                   script_path.name, "../../../cosmology.py"]
        print(f"{workdir}$ {' '.join(command)}", file=sys.stderr)
        subprocess.run(command, cwd=workdir, check=True)
        for name in outputs:
            produced = workdir.parent / name
            shutil.copy2(produced, out / name)
            entry = observation_facts(out / name)
            entry["conversion_script"] = script
            entry["command"] = f"cd {Path(script).parent} && python -W error -W ignore::UserWarning {script_path.name} ../../../cosmology.py"
            facts["files"][name] = entry
    with open(out / "facts.yml", "w") as handle:
        yaml.safe_dump(facts, handle, sort_keys=False)


# ---------------------------------------------------------------------------
# C. SWIFT parameter file
# ---------------------------------------------------------------------------

FLOAT_LIKE = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def cmd_swift(args):
    src = Path(args.parameter_file)
    out = Path(args.out) / "swift"
    out.mkdir(parents=True, exist_ok=True)
    target = out / src.name
    shutil.copy2(src, target)
    with open(target) as handle:
        params = yaml.safe_load(handle)
    strings = {}
    for section, values in params.items():
        for key, value in (values or {}).items():
            if isinstance(value, str) and FLOAT_LIKE.fullmatch(value.strip()):
                strings[f"{section}:{key}"] = value
    facts = dict(
        file=target.name, bytes=target.stat().st_size, sha256=sha256(target),
        pyyaml_version=yaml.__version__,
        snii_energy_fraction_parameters={k: v for k, v in params["EAGLEFeedback"].items()
                                         if k.startswith("SNII_energy_fraction")},
        agn_parameters_in_EAGLEAGN=sorted(params["EAGLEAGN"]),
        numbers_read_as_strings_by_safe_load=strings,
    )
    with open(out / "facts.yml", "w") as handle:
        yaml.safe_dump(facts, handle, sort_keys=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help="output root (default: tests/data/real next to this script)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pipeline", help="velociraptor AutoPlotter data_XXXX.yml files")
    p.add_argument("configs", nargs="+", help="COLIBRE auto_plotter .yml files")
    p.set_defaults(func=cmd_pipeline)
    o = sub.add_parser("observations", help="run velociraptor-comparison-data conversions")
    o.add_argument("vcd_root", help="checkout of SWIFTSIM/velociraptor-comparison-data")
    o.set_defaults(func=cmd_observations)
    s = sub.add_parser("swift", help="copy a SWIFT parameter file and record facts")
    s.add_argument("parameter_file")
    s.set_defaults(func=cmd_swift)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
