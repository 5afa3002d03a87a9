#!/usr/bin/env python
"""Does calibration keep a planted truth at its stated rate? Simulation-based checks of `calibrate` and `history_match`.

For each problem the runs, their emulator and the observed x values are fixed; then, for every planted truth (drawn
uniformly from the central 80% of the parameter cube, seeded), an observation is made from the *true* function at
the truth plus Gaussian noise of the stated error, and:

- `calibrate` is run with the joint emulator error (the default), with the per-point ("diagonal") error, and with an
  exact emulator (the true function, zero variance) as the reference. The truth lies inside the q credible region
  when the fraction of posterior samples more probable than the truth is at most q (highest-posterior-density
  regions, exact for any posterior shape); the fractions for q = 0.68 and 0.95 are reported;
- `history_match` is evaluated at the truth with the default rule, the maximum and the multivariate rule, for
  observations at 10, 30 and 100 x values, with the emulator and with the exact emulator; and the NROY fraction of
  20,000 random points is compared between the emulator and the exact one (12 x values).

Options, each on its own planted truths' observations (seeded apart from the runs above), with its own reference:
  x_shift         schechter: the observation's x values are off by a shift drawn from N(0, 0.1) dex, and calibrate
                  samples it as a nuisance parameter with that prior (the truth is then the parameters and the shift).
  discrepancy_sd  two_relations: the quadratic relation's observation carries extra scatter of a standard deviation
                  drawn from a half-normal of scale 0.05, sampled as a nuisance "discrepancy_sd" with that prior.
  variance        overconfident: the Schechter problem with 20 runs whose values scatter by 0.02 while they claim
                  0.002, fitted with fit_error_scale=False, so the emulator believes them: calibrate with the
                  leave-one-run-out variance factor (default, "auto") and without it ("off").
  nroy_volume     both problems: the NROY volume from sample_nroy (12 x values), emulator / exact emulator.

Problems:
  overconfident   3 parameters, 20 runs x 12 bins whose values carry 0.02 dex of scatter claimed as 0.002.
  schechter      3 parameters (toy Schechter mass function), 10 runs x 12 bins, run errors 0.005 dex, observation
                 errors 0.03 dex: the emulator's error is comparable to the observation's.
  two_relations  6 parameters, two relations (a Schechter function whose knee also moves with a fourth parameter,
                 and a smooth quadratic relation of all six), 48 runs x 12 bins, observation errors 0.03.

Writes benchmarks/results_calibration_coverage.md and .json (or the --output stem's).
Run:  OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/calibration_coverage.py [--truths 100 | --truths a=100,b=30]
      [--problems a,b] [--options problem=option,... | ""] [--option-truths 100] [--append] [--report-only]
      [--workers 2] [--seed 20261127]
"""
import argparse
import json
import platform
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import targets_section  # noqa: E402

from swiftemu.comparison import calibrate, history_match, sample_nroy  # noqa: E402
from swiftemu.comparison.nuisance import nuisance_terms  # noqa: E402
from swiftemu.comparison.relations import log_likelihood, match_relations  # noqa: E402
from swiftemu.containers import ModelSpecification, ModelValues  # noqa: E402
from swiftemu.design import create_hypercube  # noqa: E402
from swiftemu.emulators import GaussianProcessEmulator  # noqa: E402
from swiftemu.io.example import TOY_SPECIFICATION, toy_mass_function  # noqa: E402

OBSERVATION_ERROR = 0.03
X_RANGE = (9.0, 11.75)
OUTPUT_COUNTS = (10, 30, 100)


def schechter(x, theta):
    "(points, x) values of the toy mass function at parameter rows theta (log_M_star, alpha, log_phi_star)."
    theta = np.atleast_2d(theta)
    return toy_mass_function(np.asarray(x)[None, :], theta[:, :1], theta[:, 1:2], theta[:, 2:3])


def knee_moved(x, theta):
    "The Schechter function with its knee moved by 0.3 x the fourth parameter."
    theta = np.atleast_2d(theta)
    moved = np.column_stack([theta[:, 0] + 0.3 * theta[:, 3], theta[:, 1], theta[:, 2]])
    return schechter(x, moved)


def quadratic(x, theta):
    "A smooth relation of all six parameters: level, slope and curvature along x."
    theta = np.atleast_2d(theta)
    u = (np.asarray(x)[None, :] - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0])
    level = 0.5 * theta[:, 3:4] + 0.2 * (theta[:, 0:1] - 11.0) - 0.3 * (theta[:, 1:2] + 1.5)
    return level + 0.4 * theta[:, 4:5] * u + 0.3 * theta[:, 5:6] * u**2 + 0.1 * theta[:, 2:3] * u


OPTIONS = {"schechter": ("x_shift", "nroy_volume"), "two_relations": ("discrepancy_sd", "nroy_volume"),
           "overconfident": ("variance",)}
PROBLEMS = {
    "schechter": dict(spec=TOY_SPECIFICATION, runs=10, relations={"smf": schechter}),
    "two_relations": dict(
        spec=dict(number_of_parameters=6, parameter_names=["log_M_star", "alpha", "log_phi_star", "a", "b", "c"],
                  parameter_limits=[*TOY_SPECIFICATION["parameter_limits"], [-1.0, 1.0], [-1.0, 1.0], [-1.0, 1.0]]),
        runs=48, relations={"smf": knee_moved, "other": quadratic}),
    "overconfident": dict(spec=TOY_SPECIFICATION, runs=20, relations={"smf": schechter}, run_scatter=0.02,
                          claimed=0.002),
}


class ExactEmulator:
    "The true function as an emulator with no error: what calibration would do with a perfect emulator."

    has_independent, grid_only = True, False

    def __init__(self, specification, function):
        self.model_specification, self.function, self.independent_range_ = specification, function, X_RANGE

    def check_fitted(self):
        return None

    def predict_array(self, x, theta, return_variance=True):
        mean = self.function(np.atleast_1d(x), theta)
        return mean, np.zeros_like(mean)

    def predict_covariance(self, x, theta):
        if np.ndim(x) == 2:  # a row of x per point
            mean = np.concatenate([self.function(row, point[None]) for row, point in zip(x, np.atleast_2d(theta))])
        else:
            mean = self.function(np.atleast_1d(x), theta)
        return mean, np.zeros(mean.shape + mean.shape[-1:])


_BUILT = {}


def build(name):
    "The problem's specification, emulators (fitted once per process) and exact emulators."
    if name in _BUILT:
        return _BUILT[name]
    problem = PROBLEMS[name]
    spec = ModelSpecification(**problem["spec"])
    runs = create_hypercube(spec, problem["runs"], random_state=7)
    theta = runs.to_array()
    x = np.linspace(*X_RANGE, 12)
    emulators = {}
    scatter = np.random.default_rng(11).normal(0, problem.get("run_scatter", 0.0), (len(theta), 12))
    for relation, function in problem["relations"].items():
        values = function(x, theta) + scatter
        table = ModelValues({uid: {"independent": x, "dependent": values[i],
                                   "dependent_error": np.full(12, problem.get("claimed", 0.005))}
                             for i, uid in enumerate(runs)})
        fitter = GaussianProcessEmulator(random_state=0, fit_error_scale="auto" if "claimed" not in problem else False)
        emulators[relation] = fitter.fit_model(spec, runs, table)
    exact = {relation: ExactEmulator(spec, function) for relation, function in problem["relations"].items()}
    _BUILT[name] = spec, emulators, exact
    return _BUILT[name]


def observe(name, truth, rng, count=12):
    "Observations of every relation at `count` x values: the true function at the truth plus noise."
    x = np.linspace(*X_RANGE, count)
    return {relation: {"independent": x, "dependent": function(x, truth)[0] + rng.normal(0, OBSERVATION_ERROR, count),
                       "dependent_error": np.full(count, OBSERVATION_ERROR)}
            for relation, function in PROBLEMS[name]["relations"].items()}


def hpd_rank(posterior, relations, truth, emulator_error):
    "The fraction of posterior samples more probable than the truth (the truth is in the q HPD region iff <= q)."
    at_truth = log_likelihood(relations, truth[None], emulator_error)[0]
    return float(np.mean(posterior["log_probability"].values > at_truth))


def one_truth(args):
    name, index, seed = args
    warnings.simplefilter("ignore")
    spec, emulators, exact = build(name)
    rng = np.random.default_rng([seed, index])
    truth = spec.from_unit_cube(rng.uniform(0.1, 0.9, (1, len(spec.parameter_names))))[0]
    observations = observe(name, truth, rng)
    row = dict(problem=name, index=index)
    for label, chosen, error in (("joint", emulators, "joint"), ("diagonal", emulators, "diagonal"),
                                 ("exact", exact, "joint")):
        started = time.perf_counter()
        posterior = calibrate(chosen, observations, spec, random_state=int(rng.integers(2**31)), progress=False,
                              emulator_error=error, max_steps=10_000)
        relations = match_relations(chosen, observations, spec)
        row[label] = dict(rank=hpd_rank(posterior, relations, truth, error), seconds=time.perf_counter() - started,
                          steps=int(posterior.attrs["n_steps"]), converged=int(posterior.attrs["autocorrelation_reliable"]),
                          max_rhat=float(posterior["split_rhat"].max()))
    for count in OUTPUT_COUNTS:
        many = observe(name, truth, rng, count)
        for label, chosen in (("emulator", emulators), ("exact", exact)):
            for rule in ("auto", "maximum", "multivariate"):
                kept = history_match(chosen, many, spec, points=truth[None], rule=rule)["nroy"].values[0]
                row[f"nroy_{label}_{rule}_{count}"] = bool(kept)
    sample_seed = int(rng.integers(2**31))
    fractions = {label: history_match(chosen, observations, spec, samples=20_000, random_state=sample_seed).attrs["nroy_fraction"]
                 for label, chosen in (("emulator", emulators), ("exact", exact))}
    row.update(nroy_fraction_emulator=float(fractions["emulator"]), nroy_fraction_exact=float(fractions["exact"]))
    return row


SHIFT_SD, SCATTER_SCALE = 0.1, 0.05


def _rank(posterior, at_truth):
    "The fraction of posterior samples more probable than the truth's log posterior `at_truth`."
    return float(np.mean(posterior["log_probability"].values > at_truth))


def _chain_row(posterior, rank, started):
    return dict(rank=rank, seconds=time.perf_counter() - started, steps=int(posterior.attrs["n_steps"]),
                converged=int(posterior.attrs["autocorrelation_reliable"]),
                max_rhat=float(max(posterior["split_rhat"].max(), posterior.get("nuisance_split_rhat", posterior["split_rhat"]).max())))


def one_option(args):
    "One planted truth for one option (see the docstring); its own random stream, apart from one_truth's."
    name, option, index, seed = args
    warnings.simplefilter("ignore")
    spec, emulators, exact = build(name)
    rng = np.random.default_rng([seed, index, 1 + sorted(sum(OPTIONS.values(), ())).index(option)])
    truth = spec.from_unit_cube(rng.uniform(0.1, 0.9, (1, len(spec.parameter_names))))[0]
    row = dict(problem=name, option=option, index=index)
    if option in ("x_shift", "discrepancy_sd"):  # a nuisance parameter, its true value drawn from its prior
        if option == "x_shift":
            true_value = float(np.clip(rng.normal(0, SHIFT_SD), -0.3, 0.3))
            x = np.linspace(X_RANGE[0] + 0.3, X_RANGE[1] - 0.3, 12)
            observations = {"smf": {"independent": x, "dependent": schechter(x + true_value, truth)[0]
                                    + rng.normal(0, OBSERVATION_ERROR, 12),
                                    "dependent_error": np.full(12, OBSERVATION_ERROR)}}
            nuisance = {"shift": {"relation": "smf", "on": "x", "prior": ("normal", 0.0, SHIFT_SD)}}
        else:
            true_value = float(abs(rng.normal(0, SCATTER_SCALE)))
            observations = observe(name, truth, rng)
            observations["other"]["dependent"] = observations["other"]["dependent"] + rng.normal(0, true_value, 12)
            nuisance = {"scatter": {"relation": "other", "on": "discrepancy_sd", "prior": ("halfnormal", SCATTER_SCALE)}}
        terms = nuisance_terms(nuisance, list(observations))
        for label, chosen in (("emulator", emulators), ("exact", exact)):
            started = time.perf_counter()
            posterior = calibrate(chosen, observations, spec, random_state=int(rng.integers(2**31)), progress=False,
                                  nuisance=nuisance, max_steps=20_000)
            at_truth = (log_likelihood(match_relations(chosen, observations, spec), truth[None], "joint", terms,
                                       [[true_value]])[0] + terms[0].log_prior(true_value))
            row[label] = _chain_row(posterior, _rank(posterior, at_truth), started)
    elif option == "variance":
        observations = observe(name, truth, rng)
        for label, chosen, setting in (("auto", emulators, "auto"), ("off", emulators, "off"), ("exact", exact, "off")):
            started = time.perf_counter()
            posterior = calibrate(chosen, observations, spec, random_state=int(rng.integers(2**31)), progress=False,
                                  variance_calibration=setting, max_steps=10_000)
            relations = match_relations(chosen, observations, spec, variance_calibration=setting)
            row[label] = _chain_row(posterior, _rank(posterior, log_likelihood(relations, truth[None])[0]), started)
        row["factor"] = match_relations(emulators, observations, spec)[0].variance_factor
        row["nroy_auto"] = bool(history_match(emulators, observations, spec, points=truth[None])["nroy"].values[0])
        row["nroy_off"] = bool(history_match(emulators, observations, spec, points=truth[None],
                                             variance_calibration="off")["nroy"].values[0])
    else:  # nroy_volume
        observations = observe(name, truth, rng)
        seed_here = int(rng.integers(2**31))
        for label, chosen in (("emulator", emulators), ("exact", exact)):
            sampled = sample_nroy(chosen, observations, spec, n_points=2_000, random_state=seed_here,
                                  max_evaluations=1_000_000)
            row[label] = dict(fraction=float(sampled.attrs["nroy_fraction"]),
                              error=float(sampled.attrs["nroy_fraction_error"]), points=int(sampled.sizes["model"]))
    return row


def summarise_options(rows):
    "Per problem and option: coverage of the credible regions (or the NROY volume ratio)."
    out = {}
    for key in sorted({(r["problem"], r["option"]) for r in rows}):
        these = [r for r in rows if (r["problem"], r["option"]) == key]
        entry = dict(truths=len(these))
        if key[1] == "nroy_volume":
            ratio = np.array([r["emulator"]["fraction"] / r["exact"]["fraction"] for r in these
                              if r["exact"]["fraction"] > 0])
            entry.update(ratio_truths=len(ratio), ratio_median=float(np.median(ratio)) if len(ratio) else float("nan"),
                         ratio_q90=float(np.quantile(ratio, 0.9)) if len(ratio) else float("nan"),
                         exact_fraction_median=float(np.median([r["exact"]["fraction"] for r in these])),
                         within_2x=float(np.mean(ratio <= 2)) if len(ratio) else float("nan"),
                         ratio_max=float(np.max(ratio)) if len(ratio) else float("nan"),
                         exact_at_max=float(min((r for r in these if r["exact"]["fraction"] > 0), key=lambda r:
                                                -r["emulator"]["fraction"] / r["exact"]["fraction"])["exact"]["fraction"]))
        else:
            for label in [k for k in these[0] if isinstance(these[0][k], dict)]:
                ranks = np.array([r[label]["rank"] for r in these])
                entry[label] = dict(in68=float(np.mean(ranks <= 0.68)), in95=float(np.mean(ranks <= 0.95)),
                                    seconds=float(np.median([r[label]["seconds"] for r in these])),
                                    converged=float(np.mean([r[label]["converged"] for r in these])),
                                    max_rhat=float(np.max([r[label]["max_rhat"] for r in these])))
            if key[1] == "variance":
                entry.update(factor=float(np.median([r["factor"] for r in these])),
                             nroy_auto=float(np.mean([r["nroy_auto"] for r in these])),
                             nroy_off=float(np.mean([r["nroy_off"] for r in these])))
        out["/".join(key)] = entry
    return out


def summarise(rows, name):
    "Per-problem coverage and NROY figures."
    rows = [r for r in rows if r["problem"] == name]
    out = dict(truths=len(rows))
    for label in ("joint", "diagonal", "exact"):
        ranks = np.array([r[label]["rank"] for r in rows])
        out[label] = dict(in68=float(np.mean(ranks <= 0.68)), in95=float(np.mean(ranks <= 0.95)),
                          seconds=float(np.median([r[label]["seconds"] for r in rows])),
                          converged=float(np.mean([r[label]["converged"] for r in rows])),
                          max_rhat=float(np.max([r[label]["max_rhat"] for r in rows])))
    for label in ("emulator", "exact"):
        for rule in ("auto", "maximum", "multivariate"):
            for count in OUTPUT_COUNTS:
                out[f"nroy_{label}_{rule}_{count}"] = float(np.mean([r[f"nroy_{label}_{rule}_{count}"] for r in rows]))
    ratio = [r["nroy_fraction_emulator"] / r["nroy_fraction_exact"] for r in rows if r["nroy_fraction_exact"] > 0]
    out["nroy_ratio_truths"] = len(ratio)  # truths whose exact NROY held any of the 20,000 points
    out["nroy_ratio_median"] = float(np.median(ratio)) if ratio else float("nan")
    out["nroy_ratio_max"] = float(np.max(ratio)) if ratio else float("nan")
    return out


def band(n, p):
    "The binomial 2-sigma band of a fraction p over n truths (how far sampling alone moves it)."
    return 2 * np.sqrt(p * (1 - p) / n)


def variance_checks(names):
    "The leave-one-run-out check of every relation's emulator, per problem."
    from swiftemu.emulators.variance_check import variance_check
    return {name: {relation: variance_check(emulator) for relation, emulator in build(name)[1].items()} for name in names}


def report(summaries, args, elapsed, options=None, checks=None):
    options, checks = options or {}, checks or {}
    lines = [
        "# Calibration coverage: planted truths",
        "",
        f"Written by `benchmarks/calibration_coverage.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in "
        f"{elapsed / 60:.1f} min with {args.workers} worker processes; Python {platform.python_version()}, numpy "
        f"{np.__version__}; truths seeded by {args.seed} (not tuned on).",
        "",
        __doc__.split("Writes")[0].strip().split("\n\n", 1)[1],
        "",
        "## Credible regions (highest posterior density) holding the truth",
        "",
        "| problem | truths | likelihood | in 68% | in 95% | chains converged | max split R-hat | median time [s] |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in summaries.items():
        for label in ("joint", "diagonal", "exact"):
            lines.append(f"| {name} | {s['truths']} | {label} | {s[label]['in68']:.2f} | {s[label]['in95']:.2f} | "
                         f"{s[label]['converged']:.2f} | {s[label]['max_rhat']:.3f} | {s[label]['seconds']:.1f} |")
    lines += ["", "Sampling alone moves a fraction by about " + "; ".join(
              f"±{band(s['truths'], 0.68):.2f} (68%) and ±{band(s['truths'], 0.95):.2f} (95%) at {s['truths']} truths"
              for s in summaries.values()) + " (2 sigma, binomial).", "",
              "## Truth inside NROY (cutoff 3), by rule and number of observed x values", "",
              "| problem | emulator | rule | " + " | ".join(f"{c} x" for c in OUTPUT_COUNTS) + " |",
              "|---|---|---|" + "---|" * len(OUTPUT_COUNTS)]
    for name, s in summaries.items():
        for label in ("emulator", "exact"):
            for rule in ("auto", "maximum", "multivariate"):
                lines.append(f"| {name} | {label} | {rule} | " +
                             " | ".join(f"{s[f'nroy_{label}_{rule}_{c}']:.3f}" for c in OUTPUT_COUNTS) + " |")
    lines += ["", "NROY of 20,000 random points (12 x values), emulator / exact emulator, over the truths whose exact "
              "NROY held at least one of those points: "
              + "; ".join(f"{name} median {s['nroy_ratio_median']:.2f}, max {s['nroy_ratio_max']:.2f} "
                          f"({s['nroy_ratio_truths']} of {s['truths']} truths)" for name, s in summaries.items()), ""]
    lines += ["## Variance factors (leave-one-run-out check, refitted without each run)", "",
              "| problem | relation | estimate | applied | left-out within 1σ / 2σ |", "|---|---|---|---|---|"]
    for name, relations in checks.items():
        for relation, check in relations.items():
            lines.append(f"| {name} | {relation} | {check['estimate']:.2f} | {check['factor']:.2f} | "
                         f"{check['within_1_sigma']:.2f} / {check['within_2_sigma']:.2f} |")
    lines += ["", "Where the estimate is below 1 nothing is applied, so on schechter and two_relations the default "
              "(\"auto\") is the joint likelihood above.", "", "## Options", "",
              "| problem / option | truths | likelihood | in 68% | in 95% | chains converged | max split R-hat | median time [s] |",
              "|---|---|---|---|---|---|---|---|"]
    for key, entry in options.items():
        for label, value in entry.items():
            if isinstance(value, dict):
                lines.append(f"| {key} | {entry['truths']} | {label} | {value['in68']:.2f} | {value['in95']:.2f} | "
                             f"{value['converged']:.2f} | {value['max_rhat']:.3f} | {value['seconds']:.1f} |")
    for key, entry in options.items():
        if key.endswith("variance"):
            lines += ["", f"{key}: median variance factor {entry['factor']:.2f}; truth inside NROY (default rule, 12 x) "
                      f"{entry['nroy_auto']:.2f} with it, {entry['nroy_off']:.2f} without."]
        if key.endswith("nroy_volume"):
            lines += ["", f"{key}: NROY volume by sample_nroy, emulator / exact emulator, median "
                      f"{entry['ratio_median']:.2f}, 90th percentile {entry['ratio_q90']:.2f} over {entry['ratio_truths']} "
                      f"of {entry['truths']} truths (exact NROY median fraction {entry['exact_fraction_median']:.2g}); "
                      f"within 2x for {entry['within_2x']:.2f} of the truths; the largest ratio {entry['ratio_max']:.0f}x "
                      f"is at a truth whose exact NROY is {entry['exact_at_max']:.1e} of the cube (the observation's "
                      "noise left almost no point consistent; any emulator error keeps relatively more there)."]
    lines.append("")
    targets = []
    for name, s in summaries.items():
        targets.append((f"{name}: truth in the 68% region 0.68 ± 0.07 (joint, default)", abs(s["joint"]["in68"] - 0.68) <= 0.07,
                        f"{s['joint']['in68']:.2f}"))
        targets.append((f"{name}: truth in the 95% region 0.95 ± 0.04 (joint, default)", abs(s["joint"]["in95"] - 0.95) <= 0.04,
                        f"{s['joint']['in95']:.2f}"))
        worst = min(s[f"nroy_emulator_auto_{c}"] for c in OUTPUT_COUNTS)
        targets.append((f"{name}: truth in NROY >= 0.99 with the default rule, 10-100 outputs", worst >= 0.99, f"{worst:.3f}"))
        volume = options.get(f"{name}/nroy_volume")
        if volume is not None:
            targets.append((f"{name}: NROY volume at most 2x the exact emulator's (median, sample_nroy)",
                            volume["ratio_median"] <= 2, f"{volume['ratio_median']:.2f}"))
    for key, entry in options.items():
        label = {"x_shift": "emulator", "discrepancy_sd": "emulator", "variance": "auto"}.get(key.split("/")[1])
        if label is not None and label in entry:
            targets.append((f"{key}: truth in the 68% region 0.68 ± 0.07", abs(entry[label]["in68"] - 0.68) <= 0.07,
                            f"{entry[label]['in68']:.2f}"))
            targets.append((f"{key}: truth in the 95% region 0.95 ± 0.04", abs(entry[label]["in95"] - 0.95) <= 0.04,
                            f"{entry[label]['in95']:.2f}"))
    lines += targets_section(targets)
    return "\n".join(lines) + "\n", targets


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--truths", default="100", help="planted truths: N for every problem, or name=N,name=N")
    parser.add_argument("--problems", default="schechter,two_relations")
    parser.add_argument("--options", default=",".join(f"{p}={o}" for p, os in OPTIONS.items() for o in os),
                        help="problem=option pairs to run (see the docstring); '' for none")
    parser.add_argument("--option-truths", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the saved rows")
    parser.add_argument("--append", action="store_true", help="keep the saved rows; run only the truths they lack")
    parser.add_argument("--output", default=str(HERE / "results_calibration_coverage"), help="path stem of the .md/.json")
    args = parser.parse_args(argv)
    md, saved_json = Path(args.output + ".md"), Path(args.output + ".json")
    if args.report_only:
        saved = json.loads(saved_json.read_text())
        summaries = {name: summarise(saved["rows"], name) for name in saved["summaries"]}
        text, _ = report(summaries, args, saved.get("elapsed_seconds", float("nan")),
                         summarise_options(saved.get("option_rows", [])), variance_checks(list(summaries)))
        md.write_text(text)
        return print(text)
    names = args.problems.split(",")
    started = time.perf_counter()
    counts = dict(item.split("=") for item in args.truths.split(",")) if "=" in args.truths else {}
    jobs = [(name, index, args.seed) for name in names for index in range(int(counts.get(name, args.truths)))]
    pairs = [pair.split("=") for pair in args.options.split(",") if pair]
    option_jobs = [(p, o, index, args.seed) for p, o in pairs for index in range(args.option_truths)]
    rows, option_rows, earlier = [], [], 0.0
    if args.append:  # the same seeds give the same truths: reuse the rows already computed
        saved = json.loads(saved_json.read_text())
        rows, option_rows, earlier = saved["rows"], saved.get("option_rows", []), saved.get("elapsed_seconds", 0.0)
        done = {(row["problem"], row["index"]) for row in rows}
        jobs = [job for job in jobs if job[:2] not in done]
        done = {(row["problem"], row["option"], row["index"]) for row in option_rows}
        option_jobs = [job for job in option_jobs if job[:3] not in done]
    with Pool(args.workers) as pool:
        for row in pool.imap_unordered(one_truth, jobs):
            rows.append(row)
            print(f"[{time.perf_counter() - started:7.0f}s] {row['problem']} #{row['index']}: ranks joint "
                  f"{row['joint']['rank']:.2f}, diagonal {row['diagonal']['rank']:.2f}, exact {row['exact']['rank']:.2f}",
                  flush=True)
        for row in pool.imap_unordered(one_option, option_jobs):
            option_rows.append(row)
            print(f"[{time.perf_counter() - started:7.0f}s] {row['problem']}/{row['option']} #{row['index']}: " +
                  ", ".join(f"{k} {v.get('rank', v.get('fraction', float('nan'))):.3g}" for k, v in row.items()
                            if isinstance(v, dict)), flush=True)
    names = sorted({row["problem"] for row in rows}, key=list(PROBLEMS).index)
    summaries = {name: summarise(rows, name) for name in names}
    text, targets = report(summaries, args, earlier + time.perf_counter() - started, summarise_options(option_rows),
                           variance_checks(names))
    md.write_text(text)
    saved_json.write_text(json.dumps(
        dict(summaries=summaries, rows=rows, option_rows=option_rows, elapsed_seconds=earlier + time.perf_counter() - started, workers=args.workers),
        indent=1))
    print(text)


if __name__ == "__main__":
    main()
