"""Synthetic VELOCIraptor catalogues, and swift-pipeline outputs written from them by velociraptor itself.

Shared by ``make_real_fixtures.py`` (tests/data/real/pipeline) and ``make_example_study.py``
(swiftemu/data/example_study). Both need the same three steps, done here once:

1. draw galaxies with numpy (``sample_log_masses``, ``r_band_luminosity``);
2. write them as a VELOCIraptor ``.properties`` HDF5 catalogue (``write_properties``);
3. load that catalogue with ``velociraptor.load`` and run velociraptor's ``AutoPlotter`` on it the way
   swift-pipeline does, writing ``data_XXXX.yml`` with ``AutoPlotterMetadata.write_metadata``
   (``write_pipeline_output``).

Nothing here is copied from upstream code: velociraptor is imported and called.

A galaxy population is a dict of equal-length numpy arrays in physical units (Msun, kpc, Msun/yr):
``m{A}``, ``size{A}``, ``sfr{A}`` and ``lum_r{A}`` for apertures A in ``APERTURES_KPC`` (stellar mass,
3D stellar half-mass radius, gas SFR, r-band luminosity with m_AB = -2.5 log10 L), ``structure``
(VELOCIraptor structure type) and ``m200`` (M_200crit); every key is optional, each one present is written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

# Internal units of the synthetic catalogue, those of a SWIFT/COLIBRE run:
# 10^10 Msun, Mpc, km/s.  With ``disregard_units=True`` velociraptor derives
# the SFR unit as velocity * mass / length = 1e10 Msun km/s/Mpc.
MASS_UNIT_MSUN = 1.0e10
LENGTH_UNIT_KPC = 1.0e3
VELOCITY_UNIT_KMS = 1.0
SECONDS_PER_YEAR = 365.25 * 24 * 3600.0
KPC_KM = 3.0856775814913673e16
SFR_UNIT_MSUN_PER_YR = MASS_UNIT_MSUN * VELOCITY_UNIT_KMS * SECONDS_PER_YEAR / (
    LENGTH_UNIT_KPC * KPC_KM
)
# VELOCIraptor structure types: field haloes (centrals), subhaloes, sub-subhaloes
STRUCTURE_CENTRAL, STRUCTURE_SATELLITE, STRUCTURE_SUBSUB = 10, 15, 20
APERTURES_KPC = (30, 50, 100)
R_BAND_INDEX = 2  # index of the r band in velociraptor's stellar_luminosities registration (u g r i z Y J H K)

# Derived quantities, executed by velociraptor.catalogue.derived.DerivedQuantities
# (``self`` and ``catalogue`` are given by that class), as a pipeline
# registration.py does: r-band AB magnitudes, with COLIBRE's names
# (derived_quantities.magnitudes_r_band_{A}_kpc), for every aperture with a luminosity.
MAGNITUDES_REGISTRATION = '''
for aperture in [30, 50, 100]:
    try:
        luminosity = catalogue.get_quantity(
            f"stellar_luminosities.r_luminosity_{aperture}_kpc")
        magnitude = np.zeros(luminosity.shape)
        positive = luminosity.value > 0.0
        magnitude[positive] = -2.5 * np.log10(luminosity.value[positive])
        magnitude = unyt.unyt_array(magnitude, units="dimensionless")
        magnitude.name = f"r-band AB magnitudes ({aperture} kpc)"
        setattr(self, f"magnitudes_r_band_{aperture}_kpc", magnitude)
    except AttributeError:
        pass
'''


def sample_log_masses(rng: np.random.Generator, n: int, grid: np.ndarray, density: np.ndarray) -> np.ndarray:
    """n values of log10(M) drawn by inverse CDF from dN/dlog10M ~ `density` tabulated on `grid` (log10 M)."""
    cdf = np.cumsum(density)
    cdf /= cdf[-1]
    return np.interp(rng.random(n), cdf, grid)


def r_band_luminosity(rng: np.random.Generator, stellar_mass: np.ndarray, mass_to_light: float = 1.5,
                      scatter_dex: float = 0.1, solar_magnitude: float = 4.65) -> np.ndarray:
    """r-band luminosity L (m_AB = -2.5 log10 L, VELOCIraptor's convention) from a mass-to-light ratio with
    lognormal scatter: M_r = 4.65 - 2.5 log10(M* / Upsilon), Upsilon = 1.5 x 10^N(0, 0.1)."""
    n = np.size(stellar_mass)
    magnitude = solar_magnitude - 2.5 * np.log10(stellar_mass / (mass_to_light * 10 ** rng.normal(0.0, scatter_dex, n)))
    return 10 ** (-0.4 * magnitude)


def write_properties(path: Path, galaxies: dict, *, box_mpc: float, scale_factor: float = 1.0):
    """Write a VELOCIraptor ``.properties`` HDF5 file that velociraptor.load reads.

    velociraptor.units.VelociraptorUnits reads the root attributes
    Length_unit_to_kpc, Mass_unit_to_solarmass, Velocity_to_kms, Time,
    Cosmological_Sim, Comoving_or_Physical, Period (and, unless
    disregard_units, the optional SFR/metallicity/age unit attributes), and
    the Configuration group attributes h_val, w_of_DE, Omega_DE, Omega_b,
    Omega_m for the cosmology.  Each root dataset is matched by name against
    velociraptor.catalogue.registration.  SimulationInfo and UnitInfo are
    present in real VELOCIraptor files and are written here too.  The box is
    ``box_mpc`` comoving Mpc on a side (``Period``, stored physical).
    """
    import h5py

    sizes = {np.size(values) for values in galaxies.values()}
    if len(sizes) != 1:
        raise ValueError(f"galaxy arrays differ in length: {sorted(sizes)}")
    n = sizes.pop()
    mass = lambda m: (m / MASS_UNIT_MSUN).astype(np.float64)  # noqa: E731
    length = lambda r_kpc: (r_kpc / LENGTH_UNIT_KPC).astype(np.float64)  # noqa: E731
    sfr = lambda s: (s / SFR_UNIT_MSUN_PER_YR).astype(np.float64)  # noqa: E731
    h = 0.681
    with h5py.File(path, "w") as f:
        a = f.attrs
        a["Length_unit_to_kpc"] = LENGTH_UNIT_KPC
        a["Mass_unit_to_solarmass"] = MASS_UNIT_MSUN
        a["Velocity_to_kms"] = VELOCITY_UNIT_KMS
        a["SFR_unit_to_solarmassperyear"] = SFR_UNIT_MSUN_PER_YR
        a["Metallicity_unit_to_solar"] = 1.0 / 0.0134
        a["Stellar_age_unit_to_yr"] = LENGTH_UNIT_KPC * KPC_KM / VELOCITY_UNIT_KMS / SECONDS_PER_YEAR
        a["Time"] = scale_factor
        a["Period"] = box_mpc * scale_factor  # physical, in length units
        a["Cosmological_Sim"] = 1
        a["Comoving_or_Physical"] = 0
        a["Num_of_files"] = 1
        a["File_id"] = 0
        a["Num_of_groups"] = n
        a["Total_num_of_groups"] = n
        a["ThisTask"] = 0
        a["NProcs"] = 1
        cosmo = dict(h_val=h, w_of_DE=-1.0, Omega_DE=0.693922, Omega_Lambda=0.693922,
                     Omega_b=0.0486, Omega_cdm=0.2574, Omega_k=0.0, Omega_m=0.306,
                     Omega_nu=0.0, Omega_r=0.0, Period=box_mpc * scale_factor,
                     Cosmological_Sim=1, Time=scale_factor)
        for group in ("Configuration", "SimulationInfo"):
            g = f.create_group(group)
            for k, v in cosmo.items():
                g.attrs[k] = v
        u = f.create_group("UnitInfo")
        u.attrs["Length_unit_to_kpc"] = LENGTH_UNIT_KPC
        u.attrs["Mass_unit_to_solarmass"] = MASS_UNIT_MSUN
        u.attrs["Velocity_unit_to_kms"] = VELOCITY_UNIT_KMS
        u.attrs["Comoving_or_Physical"] = 0
        u.attrs["Cosmological_Sim"] = 1
        f["ID"] = np.arange(1, n + 1, dtype=np.uint64)
        if "structure" in galaxies:
            f["Structuretype"] = np.asarray(galaxies["structure"]).astype(np.int32)
        if "m200" in galaxies:
            f["Mass_200crit"] = mass(galaxies["m200"])
        for ap in APERTURES_KPC:
            if f"m{ap}" in galaxies:
                f[f"Aperture_mass_star_{ap}_kpc"] = mass(galaxies[f"m{ap}"])
            if f"size{ap}" in galaxies:
                f[f"Aperture_rhalfmass_star_{ap}_kpc"] = length(galaxies[f"size{ap}"])
            if f"sfr{ap}" in galaxies:
                f[f"Aperture_SFR_gas_{ap}_kpc"] = sfr(galaxies[f"sfr{ap}"])
            if f"lum_r{ap}" in galaxies:
                f[f"Aperture_Luminosities_index_{R_BAND_INDEX}_aperture_total_star_{ap}_kpc"] = galaxies[f"lum_r{ap}"]


def write_pipeline_output(galaxies: dict, plots: dict, workdir: Path, out_yml: Path, *, box_mpc: float,
                          registration: str = MAGNITUDES_REGISTRATION,
                          catalogue_name: str = "halo.properties") -> dict:
    """One run of swift-pipeline on a synthetic catalogue: writes `out_yml` with velociraptor's own writer.

    `galaxies` is written to ``workdir/catalogue_name``; `plots` (a dict in the auto_plotter YAML format)
    to ``workdir/auto_plotter.yml``; `registration` (derived-quantities code) to ``workdir/registration.py``.
    Then, as swift-pipeline does: ``AutoPlotter(config)``, ``velociraptor.load(catalogue,
    disregard_units=True, registration_file_path=[registration])``, ``link_catalogue``, ``create_plots``
    (``no_plots=True``: lines only, no figures) and ``AutoPlotterMetadata(...).write_metadata(out_yml)``.
    Returns {plot filename: created successfully}.
    """
    import velociraptor
    import velociraptor.tools.adaptive as adaptive
    from velociraptor.autoplotter.metadata import AutoPlotterMetadata
    from velociraptor.autoplotter.objects import AutoPlotter

    # velociraptor caches adaptive bins in a module-level dict keyed on the
    # array size, name and range; swift-pipeline starts one process per run,
    # so empty it to keep runs independent within this one process.
    adaptive.adaptive_bin_cache.clear()

    workdir = Path(workdir)
    catalogue_path = workdir / catalogue_name
    write_properties(catalogue_path, galaxies, box_mpc=box_mpc)
    config_path = workdir / "auto_plotter.yml"
    with open(config_path, "w") as handle:
        yaml.safe_dump(plots, handle, sort_keys=False)
    registration_path = workdir / "registration.py"
    registration_path.write_text(registration)

    auto_plotter = AutoPlotter(str(config_path), observational_data_directory=str(workdir))
    catalogue = velociraptor.load(str(catalogue_path), disregard_units=True,
                                  registration_file_path=[str(registration_path)])
    auto_plotter.link_catalogue(catalogue=catalogue, global_mask_tag=None)
    auto_plotter.create_plots(directory=str(workdir / "plots"), file_extension="png",
                              no_plots=True)
    out_yml = Path(out_yml)
    out_yml.parent.mkdir(parents=True, exist_ok=True)
    AutoPlotterMetadata(auto_plotter=auto_plotter).write_metadata(str(out_yml))
    return {p.filename: ok for p, ok in zip(auto_plotter.plots, auto_plotter.created_successfully)}
