#!/usr/bin/env python
"""Build swiftemu/data/example_study/: a deterministic, SWIFT-like 64-run study for the tutorials and tests.

The truth is `swiftemu.io.swift.example_galaxy_model` (documented in nbs/02_io_swift.ipynb); this script samples
it as a (100 Mpc)^3 box would and writes the files a SWIFT campaign would have:

    base_parameters.yml                 a SWIFT parameter file modelled on the EAGLE examples
    input_data/<uid>.yml                one parameter file per run (written with write_parameter_files)
    output_data/<uid>/data_0036.yml     one swift-pipeline output per run
    observations/synthetic_gsmf.hdf5    a synthetic observed mass function, in velociraptor's format
    study.yml                           the manifest example_study() reads

Usage:  python scripts/make_example_study.py [--output DIR] [--overwrite]
Running it twice gives identical YAML files (the seed is fixed).
"""
import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import yaml

from swiftemu.containers import ModelSpecification, write_text_atomic
from swiftemu.design import create_hypercube
from swiftemu.io.swift import EXAMPLE_BOX_VOLUME_MPC3, dump_swift_yaml, example_galaxy_model, write_parameter_files

SEED = 20261126
RUNS = 64
SNAPSHOT = "0036"

PARAMETERS = [
    "EAGLEFeedback:SNII_energy_fraction_min",
    "EAGLEFeedback:SNII_energy_fraction_max",
    "EAGLEFeedback:SNII_energy_fraction_n_Z",
    "EAGLEFeedback:SNII_energy_fraction_n_0_H_p_cm3",
    "EAGLEFeedback:SNII_energy_fraction_n_n",
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
    "$n_{Z}$",
    "$\\log_{10}$ $n_{\\rm H, 0}$",
    "$n_{n}$",
    "$\\log_{10}$ $C_{\\rm eff}$",
    "$\\log_{10}$ $\\alpha_{\\rm V}$",
    "AGN $\\log_{10}$ $\\Delta T$",
]
LIMITS = [[0.1, 1.0], [1.0, 7.0], [0.1, 3.0], [-1.0, 1.5], [0.1, 3.0], [-2.0, -0.5], [4.0, 8.0], [8.0, 9.0]]
HIDDEN = dict(zip(PARAMETERS, [0.35, 4.2, 1.1, 0.3, 1.4, -1.2, 5.8, 8.55]))

SMF_EDGES = np.round(np.arange(8.5, 12.1 + 1e-9, 0.2), 10)    # log10 Msun, 18 bins
SIZE_EDGES = np.round(np.arange(9.0, 11.5 + 1e-9, 0.25), 10)  # log10 Msun, 10 bins
SIZE_SCATTER_DEX = 0.18
MIN_GALAXIES_PER_MEDIAN_BIN = 10

BASE_PARAMETER_FILE = """\
# Define some meta-data about the simulation
MetaData:
  run_name:   EAGLE-L0100N0752-example

# Define the system of units to use internally.
InternalUnitSystem:
  UnitMass_in_cgs:     1.98841e43    # 10^10 M_sun in grams
  UnitLength_in_cgs:   3.08567758e24 # Mpc in centimeters
  UnitVelocity_in_cgs: 1e5           # km/s in centimeters per second
  UnitCurrent_in_cgs:  1             # Amperes
  UnitTemp_in_cgs:     1             # Kelvin

# Cosmological parameters
Cosmology:
  h:              0.6777        # Reduced Hubble constant
  a_begin:        0.0078125     # Initial scale-factor of the simulation
  a_end:          1.0           # Final scale factor of the simulation
  Omega_cdm:      0.2587481     # Cold dark matter density parameter
  Omega_lambda:   0.693         # Dark-energy density parameter
  Omega_b:        0.0482519     # Baryon density parameter

# Parameters governing the time integration
TimeIntegration:
  dt_min:     1e-10 # The minimal time-step size of the simulation (in internal units).
  dt_max:     1e-2  # The maximal time-step size of the simulation (in internal units).

# Parameters governing the snapshots
Snapshots:
  basename:            eagle # Common part of the name of output files
  output_list_on:      1
  output_list:         ./output_list.txt

# Parameters governing the conserved quantities statistics
Statistics:
  delta_time:          1.01 # Time between statistics output
  scale_factor_first:  0.01 # Scale-factor of the first stat dump

# Parameters for the self-gravity scheme
Gravity:
  eta:                    0.025     # Constant dimensionless multiplier for time integration.
  MAC:                    adaptive
  theta_cr:               0.7
  epsilon_fmm:            0.001
  mesh_side_length:       512
  comoving_DM_softening:         0.003320 # Comoving softening for DM (3.32 ckpc)
  max_physical_DM_softening:     0.001300 # Physical softening for DM (1.30 pkpc)
  comoving_baryon_softening:     0.001790 # Comoving softening for baryons (1.79 ckpc)
  max_physical_baryon_softening: 0.000700 # Physical softening for baryons (0.70 pkpc)

# Parameters for the hydrodynamics scheme
SPH:
  resolution_eta:                    1.2348   # Target smoothing length in units of the mean inter-particle separation (1.2348 == 48Ngbs with the cubic spline kernel).
  h_min_ratio:                       0.01     # Minimal smoothing length in units of softening.
  h_max:                             0.5      # Maximal smoothing length in co-moving internal units.
  CFL_condition:                     0.2      # Courant-Friedrich-Levy condition for time integration.
  minimal_temperature:               100.0    # (internal units)
  initial_temperature:               268.7    # (internal units)
  particle_splitting:                1        # Particle splitting is ON
  particle_splitting_mass_threshold: 7e-4     # (internal units, i.e. 7e6 Msun ~ 4x initial gas particle mass)

# Parameters related to the initial conditions
InitialConditions:
  file_name:                   EAGLE_L0100N0752_ICs.hdf5 # The file to read
  periodic:                    1
  cleanup_h_factors:           1               # Remove the h-factors inherited from Gadget
  cleanup_velocity_factors:    1               # Remove the sqrt(a) factor in the velocities inherited from Gadget

Scheduler:
  max_top_level_cells:  32
  tasks_per_cell:       5
  cell_split_size:      200

Restarts:
  onexit:       1
  delta_hours:  6.0
  max_run_time: 71.5                 # Three days minus fergie time
  resubmit_on_exit:   1
  resubmit_command:   ./resub.sh

# Parameters related to the equation of state
EAGLEEntropyFloor:
  Jeans_density_threshold_H_p_cm3: 0.1       # Physical density above which the EAGLE Jeans limiter entropy floor kicks in expressed in Hydrogen atoms per cm^3.
  Jeans_over_density_threshold:    10.       # Overdensity above which the EAGLE Jeans limiter entropy floor can kick in.
  Jeans_temperature_norm_K:        8000      # Temperature of the EAGLE Jeans limiter entropy floor at the density threshold expressed in Kelvin.
  Jeans_gamma_effective:           1.3333333 # Slope the of the EAGLE Jeans limiter entropy floor
  Cool_density_threshold_H_p_cm3: 1e-5       # Physical density above which the EAGLE Cool limiter entropy floor kicks in expressed in Hydrogen atoms per cm^3.
  Cool_over_density_threshold:    10.        # Overdensity above which the EAGLE Cool limiter entropy floor can kick in.
  Cool_temperature_norm_K:        8000       # Temperature of the EAGLE Cool limiter entropy floor at the density threshold expressed in Kelvin.
  Cool_gamma_effective:           1.         # Slope the of the EAGLE Cool limiter entropy floor

# EAGLE star formation parameters
EAGLEStarFormation:
  SF_threshold:                      Subgrid   # Zdep (Schaye 2004) or Subgrid
  SF_model:                          PressureLaw
  EOS_density_norm_H_p_cm3:          0.1       # Physical density used for the normalisation of the EOS assumed for the star-forming gas in Hydrogen atoms per cm^3.
  EOS_temperature_norm_K:            8000      # Temperature om the polytropic EOS assumed for star-forming gas at the density normalisation in Kelvin.
  EOS_gamma_effective:               1.3333333 # Slope the of the polytropic EOS assumed for the star-forming gas.
  KS_normalisation:                  1.515e-4  # The normalization of the Kennicutt-Schmidt law in Msun / kpc^2 / yr.
  KS_exponent:                       1.4       # The exponent of the Kennicutt-Schmidt law.
  min_over_density:                  100.0     # The over-density above which star-formation is allowed.
  KS_high_density_threshold_H_p_cm3: 1e3       # Hydrogen number density above which the Kennicut-Schmidt law changes slope in Hydrogen atoms per cm^3.
  KS_high_density_exponent:          2.0       # Slope of the Kennicut-Schmidt law above the high-density threshold.
  EOS_entropy_margin_dex:            0.3       # When using Z-based SF threshold, logarithm base 10 of the maximal entropy above the EOS at which stars can form.
  threshold_norm_H_p_cm3:            0.1       # When using Z-based SF threshold, normalisation of the metal-dependant density threshold for star formation in Hydrogen atoms per cm^3.
  threshold_Z0:                      0.002     # When using Z-based SF threshold, reference metallicity (metal mass fraction) for the metal-dependant threshold for star formation.
  threshold_slope:                   -0.64     # When using Z-based SF threshold, slope of the metal-dependant star formation threshold
  threshold_max_density_H_p_cm3:     10.0      # When using Z-based SF threshold, maximal density of the metal-dependant density threshold for star formation in Hydrogen atoms per cm^3.
  threshold_temperature1_K:          1000      # When using subgrid-based SF threshold, subgrid temperature below which gas is star-forming.
  threshold_temperature2_K:          31622     # When using subgrid-based SF threshold, subgrid temperature below which gas is star-forming if also above the density limit.
  threshold_number_density_H_p_cm3:  10        # When using subgrid-based SF threshold, subgrid number density above which gas is star-forming if also below the second temperature limit.

# Parameters for the EAGLE "equation of state"
EAGLEChemistry:
  init_abundance_metal:     0.
  init_abundance_Hydrogen:  0.752
  init_abundance_Helium:    0.248
  init_abundance_Carbon:    0.0
  init_abundance_Nitrogen:  0.0
  init_abundance_Oxygen:    0.0
  init_abundance_Neon:      0.0
  init_abundance_Magnesium: 0.0
  init_abundance_Silicon:   0.0
  init_abundance_Iron:      0.0

# EAGLE cooling parameters
EAGLECooling:
  dir_name:                ./coolingtables/
  H_reion_z:               7.5                 # Planck 2018
  H_reion_eV_p_H:          2.0
  He_reion_z_centre:       3.5
  He_reion_z_sigma:        0.5
  He_reion_eV_p_H:         2.0

# EAGLE stellar enrichment and feedback model
EAGLEFeedback:
  use_SNII_feedback:                    1               # Global switch for SNII thermal (stochastic) feedback.
  use_SNIa_feedback:                    1               # Global switch for SNIa thermal (continuous) feedback.
  use_AGB_enrichment:                   1               # Global switch for enrichement from AGB stars.
  use_SNII_enrichment:                  1               # Global switch for enrichement from SNII stars.
  use_SNIa_enrichment:                  1               # Global switch for enrichement from SNIa stars.
  filename:                             ./yieldtables/  # Path to the directory containing the EAGLE yield tables.
  IMF_min_mass_Msun:                    0.1             # Minimal stellar mass considered for the Chabrier IMF in solar masses.
  IMF_max_mass_Msun:                  100.0             # Maximal stellar mass considered for the Chabrier IMF in solar masses.
  SNII_min_mass_Msun:                   8.0             # Minimal mass considered for SNII stars in solar masses.
  SNII_max_mass_Msun:                 100.0             # Maximal mass considered for SNII stars in solar masses.
  SNII_feedback_model:                  MinimumDistance # Feedback modes: Random, Isotropic, MinimumDistance, MinimumDensity
  SNII_sampled_delay:                   1               # Sample the SNII lifetimes to do feedback.
  SNII_delta_T_K:                       3.16228e7       # Change in temperature to apply to the gas particle in a SNII thermal feedback event in Kelvin.
  SNII_energy_erg:                      1.0e51          # Energy of one SNII explosion in ergs.
  SNII_energy_fraction_function:        Independent     # Type of functional form to use for scaling the energy fraction with density and metallicity ('EAGLE', 'Separable', or 'Independent').
  SNII_energy_fraction_min:             0.5             # Minimal fraction of energy applied in a SNII feedback event.
  SNII_energy_fraction_max:             1.0             # Maximal fraction of energy applied in a SNII feedback event.
  SNII_energy_fraction_Z_0:             0.0012663729    # Pivot point for the metallicity dependance of the SNII energy fraction (metal mass fraction).
  SNII_energy_fraction_n_0_H_p_cm3:     1.4588          # Pivot point for the birth density dependance of the SNII energy fraction in cm^-3.
  SNII_energy_fraction_n_Z:             0.8686          # Power-law for the metallicity dependance of the SNII energy fraction.
  SNII_energy_fraction_n_n:             0.8686          # Power-law for the birth density dependance of the SNII energy fraction.
  SNII_energy_fraction_use_birth_density: 0             # Are we using the density at birth to compute f_E or at feedback time?
  SNII_energy_fraction_use_birth_metallicity: 0         # Are we using the metallicity at birth to compuote f_E or at feedback time?
  SNIa_DTD:                             Exponential     # Functional form of the SNIa delay time distribution.
  SNIa_DTD_delay_Gyr:                   0.04            # Stellar age after which SNIa start in Gyr (40 Myr corresponds to stars ~ 8 Msun).
  SNIa_DTD_exp_timescale_Gyr:           2.0             # Time-scale of the exponential decay of the SNIa rates in Gyr.
  SNIa_DTD_exp_norm_p_Msun:             0.002           # Normalisation of the SNIa rates in inverse solar masses.
  SNIa_energy_erg:                     1.0e51           # Energy of one SNIa explosion in ergs.
  AGB_ejecta_velocity_km_p_s:          10.0             # Velocity of the AGB ejectas in km/s.
  stellar_evolution_age_cut_Gyr:        0.1             # Stellar age in Gyr above which the enrichment is down-sampled.
  stellar_evolution_sampling_rate:       10             # Number of time-steps in-between two enrichment events for a star above the age threshold.
  SNII_yield_factor_Hydrogen:          1.0              # (Optional) Correction factor to apply to the Hydrogen yield from the SNII channel.
  SNII_yield_factor_Helium:            1.0              # (Optional) Correction factor to apply to the Helium yield from the SNII channel.
  SNII_yield_factor_Carbon:            0.5              # (Optional) Correction factor to apply to the Carbon yield from the SNII channel.
  SNII_yield_factor_Nitrogen:          1.0              # (Optional) Correction factor to apply to the Nitrogen yield from the SNII channel.
  SNII_yield_factor_Oxygen:            1.0              # (Optional) Correction factor to apply to the Oxygen yield from the SNII channel.
  SNII_yield_factor_Neon:              1.0              # (Optional) Correction factor to apply to the Neon yield from the SNII channel.
  SNII_yield_factor_Magnesium:         2.0              # (Optional) Correction factor to apply to the Magnesium yield from the SNII channel.
  SNII_yield_factor_Silicon:           1.0              # (Optional) Correction factor to apply to the Silicon yield from the SNII channel.
  SNII_yield_factor_Iron:              0.5              # (Optional) Correction factor to apply to the Iron yield from the SNII channel.

# EAGLE AGN model
EAGLEAGN:
  subgrid_seed_mass_Msun:             1.5e5      # Black hole subgrid mass at creation time in solar masses.
  use_multi_phase_bondi:              0          # Compute Bondi rates per neighbour particle?
  use_subgrid_bondi:                  0          # Compute Bondi rates using the subgrid extrapolation of the gas properties around the BH?
  with_angmom_limiter:                1          # Are we applying the Rosas-Guevara et al. (2015) viscous time-scale reduction term?
  viscous_alpha:                      1e6        # Normalisation constant of the viscous time-scale in the accretion reduction term
  with_boost_factor:                  0          # Are we using the model from Booth & Schaye (2009)?
  boost_alpha_only:                   0          # If using the boost factor, are we using a constant boost only?
  boost_alpha:                        1.         # Lowest value for the accretion effeciency for the Booth & Schaye 2009 accretion model.
  boost_beta:                         2.         # Slope of the power law for the Booth & Schaye 2009 model, set beta to zero for constant alpha models.
  boost_n_h_star_H_p_cm3:             0.1        # Normalization of the power law for the Booth & Schaye 2009 model in cgs (cm^-3).
  radiative_efficiency:               0.1        # Fraction of the accreted mass that gets radiated.
  use_nibbling:                       1          # Continuously transfer small amounts of mass from all gas neighbours to a black hole [1] or stochastically swallow whole gas particles [0]?
  min_gas_mass_for_nibbling_Msun:     7.2e6      # Minimum mass for a gas particle to be nibbled from [M_Sun]. Only used if use_nibbling is 1.
  max_eddington_fraction:             1.         # Maximal allowed accretion rate in units of the Eddington rate.
  eddington_fraction_for_recording:   0.1        # Record the last time BHs reached an Eddington ratio above this threshold.
  coupling_efficiency:                0.1        # Fraction of the radiated energy that couples to the gas in feedback events.
  AGN_feedback_model:                 Isotropic  # Feedback modes: Random, Isotropic, MinimumDistance, MinimumDensity
  AGN_use_deterministic_feedback:     1          # Deterministic (reservoir) [1] or stochastic [0] AGN feedback?
  use_variable_delta_T:               0          # Switch to enable adaptive calculation of AGN dT [1], rather than using a constant value [0].
  AGN_delta_T_K:                      3.16228e8  # Change in temperature to apply to the gas particle in an AGN feedback event in Kelvin.
  AGN_num_ngb_to_heat:                1.         # Target number of gas neighbours to heat in an AGN feedback event.
  max_reposition_mass:                1e20       # Maximal BH mass considered for BH repositioning in solar masses.
  max_reposition_distance_ratio:      3.0        # Maximal distance a BH can be repositioned, in units of the softening length.
  with_reposition_velocity_threshold: 0          # Should we only reposition to particles that move slowly w.r.t. the black hole?
  set_reposition_speed:               0          # Should we reposition black holes with (at most) a prescribed speed towards the potential minimum?
  threshold_major_merger:             0.333      # Mass ratio threshold to consider a BH merger as 'major'
  threshold_minor_merger:             0.1        # Mass ratio threshold to consider a BH merger as 'minor'
  merger_threshold_type:              DynamicalEscapeVelocity  # Type of velocity threshold for BH mergers (CircularVelocity, EscapeVelocity, DynamicalEscapeVelocity).
  merger_max_distance_ratio:          3.0        # Maximal distance over which two BHs can merge, in units of the softening length.
  minimum_timestep_Myr:               0.1        # Minimum of the accretion-limited time-step length.
"""


def sig(values, digits=5):
    "Round to `digits` significant figures, as plain floats (pipeline files print short numbers)."
    return [float(f"{value:.{digits}g}") for value in np.asarray(values, dtype=np.float64).ravel()]


def plot_entry(name, title, caption, x_quantity, y_quantity, x_label, y_label, line_type, line):
    return {
        "title": title,
        "section": "Stellar Mass Function" if "function" in name or "histogram" in name else "Sizes",
        "caption": caption,
        "show_on_webpage": True,
        "filename": f"{name}.png",
        "x_quantity": x_quantity,
        "y_quantity": y_quantity,
        "x_label": x_label,
        "y_label": y_label,
        "lines": {line_type: {"line_type": line_type, **line}},
    }


def line(centers, centers_units, values, values_units, scatter, scatter_units, bins, extra_x=(), extra_y=()):
    return {
        "centers": sig(centers, 8),
        "centers_units": centers_units,
        "values": sig(values),
        "values_units": values_units,
        "scatter": [sig(row) for row in scatter] if np.ndim(scatter) == 2 else sig(scatter),
        "scatter_units": scatter_units,
        "bins_x": sig(bins, 8),
        "bins_x_units": centers_units,
        "additional_points_x": sig(extra_x),
        "additional_points_x_units": centers_units,
        "additional_points_y": sig(extra_y),
        "additional_points_y_units": values_units,
    }


def pipeline_output(parameters, rng):
    "One run's data_0036.yml content: the model sampled as a (100 Mpc)^3 box would sample it."
    volume, width = EXAMPLE_BOX_VOLUME_MPC3, SMF_EDGES[1] - SMF_EDGES[0]
    centers = 0.5 * (SMF_EDGES[1:] + SMF_EDGES[:-1])
    expected = 10 ** example_galaxy_model(parameters, centers)["log_mass_function"] * width * volume
    counts = rng.poisson(expected)
    phi, phi_error = counts / (width * volume), np.sqrt(counts) / (width * volume)
    # Galaxies drawn for the size relation: as many per size bin as the mass function predicts.
    size_centers_all = 0.5 * (SIZE_EDGES[1:] + SIZE_EDGES[:-1])
    size_width = SIZE_EDGES[1] - SIZE_EDGES[0]
    galaxies = rng.poisson(10 ** example_galaxy_model(parameters, size_centers_all)["log_mass_function"] * size_width * volume)
    keep, medians, down, up = [], [], [], []
    for index, (low, high, number) in enumerate(zip(SIZE_EDGES[:-1], SIZE_EDGES[1:], galaxies)):
        if number < MIN_GALAXIES_PER_MEDIAN_BIN:
            continue
        log_mass = rng.uniform(low, high, number)
        log_radius = example_galaxy_model(parameters, log_mass)["log_size"] + rng.normal(0, SIZE_SCATTER_DEX, number)
        p16, p50, p84 = np.percentile(10**log_radius, [16, 50, 84])
        keep.append(index)
        medians.append(p50)
        down.append(p50 - p16)
        up.append(p84 - p50)
    size_centers = 10 ** size_centers_all[keep]
    return {
        "stellar_mass_function_100": plot_entry(
            "stellar_mass_function_100", "Stellar Mass Function (100 kpc aperture)",
            "Galaxy stellar mass function, stellar masses measured in 100 kpc apertures.",
            "apertures.mass_star_100_kpc", "apertures.mass_star_100_kpc",
            "Stellar Mass $M_*$ (100 kpc) $\\left[{\\rm M}_\\odot\\right]$",
            "Stellar Mass Function $\\phi(M_*)$ $\\left[{\\rm Mpc}^{-3}\\right]$", "mass_function",
            line(10**centers, "Msun", phi, "Mpc**(-3)", phi_error, "Mpc**(-3)", 10**SMF_EDGES),
        ),
        "stellar_mass_histogram_100": plot_entry(
            "stellar_mass_histogram_100", "Stellar Mass Histogram (100 kpc aperture)",
            "Number of galaxies in each bin of the stellar mass function.",
            "apertures.mass_star_100_kpc", "apertures.mass_star_100_kpc",
            "Stellar Mass $M_*$ (100 kpc) $\\left[{\\rm M}_\\odot\\right]$", "Number of galaxies", "histogram",
            line(10**centers, "Msun", counts, "dimensionless", np.zeros(len(counts)), "dimensionless", 10**SMF_EDGES),
        ),
        "stellar_mass_galaxy_size_100": plot_entry(
            "stellar_mass_galaxy_size_100", "Galaxy Stellar Mass-Galaxy Size (100 kpc aperture)",
            "Median projected stellar half-mass radius; scatter is the 16th to 84th percentile range.",
            "apertures.mass_star_100_kpc", "projected_apertures.projected_1_rhalfmass_star_100_kpc",
            "Stellar Mass $M_*$ (100 kpc) $\\left[{\\rm M}_\\odot\\right]$",
            "Stellar Half-Mass Radius $r_{1/2, *}$ $\\left[{\\rm kpc}\\right]$", "median",
            line(size_centers, "Msun", medians, "kpc", [down, up], "kpc", 10**SIZE_EDGES),
        ),
        "metadata": {"redshift": 0.0, "scale_factor": 1.0},
    }


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
    default = Path(__file__).resolve().parents[1] / "swiftemu" / "data" / "example_study"
    parser.add_argument("--output", type=Path, default=default, help="folder to create (default: %(default)s)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing study folder")
    args = parser.parse_args(argv)
    out = args.output
    if out.exists():
        if not args.overwrite:
            sys.exit(f"{out} exists; pass --overwrite to rebuild it.")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    spec = ModelSpecification(len(PARAMETERS), PARAMETERS, LIMITS, PRINTABLE)
    design = create_hypercube(spec, RUNS, random_state=SEED, backend="scipy")
    write_text_atomic(out / "base_parameters.yml", BASE_PARAMETER_FILE)
    write_parameter_files(
        filenames={uid: out / "input_data" / f"{uid}.yml" for uid in design},
        model_parameters=design,
        parameter_transforms={name: (lambda x: 10.0**x) for name in LOG_PARAMETERS},
        base_parameter_file=out / "base_parameters.yml",
    )
    for index, (uid, parameters) in enumerate(design.items()):
        rng = np.random.default_rng([SEED, index])
        content = dump_swift_yaml(pipeline_output(parameters, rng))
        write_text_atomic(out / "output_data" / uid / f"data_{SNAPSHOT}.yml", content)
    (out / "observations").mkdir()
    write_observation(out / "observations" / "synthetic_gsmf.hdf5", np.random.default_rng([SEED, 999]))
    manifest = {
        "description": (
            "swiftemu example study: 64 SWIFT-like runs on a Latin hypercube of eight EAGLE feedback and AGN "
            "parameters, with swift-pipeline outputs made from an analytic galaxy model sampled as a (100 Mpc)^3 "
            "box, and a synthetic (not observed) stellar mass function. Made by scripts/make_example_study.py."
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
    print(f"wrote the example study to {out}")


if __name__ == "__main__":
    main()
