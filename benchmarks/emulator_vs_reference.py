#!/usr/bin/env python
"""swiftemu's GaussianProcessEmulator against swiftemulator 1.3.1, on the same problems in one process.

Problems:
  schechter  the seed's getting-started example: 100 random runs x 10 bins, its 2% errors
  mixed      two parameters on very different scales, a in [200, 800] and b in [0.001, 0.01]:
             y = log10(a) + x log10(b), 40-run Latin hypercubes x 10 bins, 0.001 errors, 8 designs (the RMSE is
             pooled over the 8 x 200 held-out points, and each design is also reported)
  study      the bundled 8-parameter, 64-run example study (log stellar mass function, pipeline errors)

For each: held-out RMSE against the known truth at 200 random parameter points, default fit time (swiftemu's
restarts included), and on the Schechter problem the time to predict 2,000 points x 25 x values with errors and
without, against a loop over swiftemulator's predict_values / predict_values_no_error. Writes
benchmarks/results_emulators.md next to this file. Run: .venv/bin/python benchmarks/emulator_vs_reference.py
"""
import platform
import time
import warnings
from pathlib import Path

import numpy as np

import swiftemu as se
from swiftemu.design import create_cube, create_hypercube
from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.emulators.kernels import HYPERPARAMETER_BOUNDS as _BOUNDS
from swiftemu.io.swift import example_galaxy_model, example_study, load_parameter_files, load_pipeline_outputs

from common import as_reference, log_schechter, targets_section, timed
from swiftemulator.emulators.gaussian_process import GaussianProcessEmulator as RefGaussianProcessEmulator

warnings.simplefilter("ignore")
HERE = Path(__file__).resolve().parent


def mixed_function(x, a, b):
    return np.log10(a) + x * np.log10(b)


def schechter_problem():
    rng = np.random.default_rng(2021)
    spec = se.ModelSpecification(2, ["log_M_star", "alpha"], [[11.0, 12.0], [-3.0, -1.0]])
    lm, al = rng.uniform(11, 12, 100), rng.uniform(-3, -1, 100)
    parameters = se.ModelParameters({i: {"log_M_star": lm[i], "alpha": al[i]} for i in range(100)})
    x = np.linspace(10, 12, 10)
    values = se.ModelValues({i: {"independent": x, "dependent": (y := log_schechter(x, lm[i], al[i])),
                                 "dependent_error": 0.02 * np.abs(y)} for i in range(100)})
    truth = lambda x, p: log_schechter(x, **p)
    return spec, parameters, values, x, truth


def mixed_problem(design_seed=7):
    spec = se.ModelSpecification(2, ["a", "b"], [[200.0, 800.0], [0.001, 0.01]])
    parameters = create_hypercube(spec, 40, random_state=design_seed)
    x = np.linspace(0, 1, 10)
    values = se.ModelValues({uid: {"independent": x, "dependent": mixed_function(x, **p),
                                   "dependent_error": np.full(10, 1e-3)} for uid, p in parameters.items()})
    return spec, parameters, values, x, lambda x, p: mixed_function(x, **p)


MIXED_DESIGNS = range(7, 15)


def study_problem():
    study = example_study()
    spec, parameters = load_parameter_files(study.parameter_files, study.parameters, study.log_parameters,
                                            study.parameter_printable_names, study.parameter_limits)
    values, _ = load_pipeline_outputs(study.output_files, ["stellar_mass_function_100"],
                                      log_independent=["stellar_mass_function_100"],
                                      log_dependent=["stellar_mass_function_100"], sanitize_output=True)
    x = np.round(np.arange(8.6, 11.01, 0.2), 6)  # bins every run has galaxies in
    truth = lambda x, p: example_galaxy_model(p, x)["log_mass_function"]
    return spec, parameters, values["stellar_mass_function_100"], x, truth


def run_problem(name, spec, parameters, values, x, truth, **options):
    "Fit both packages; squared errors at 200 held-out points, fit times, reproducibility."
    test = create_cube(spec, 200, random_state=99)
    expected = np.array([truth(x, p) for p in test.values()])
    ours, our_fit = timed(lambda: GaussianProcessEmulator(random_state=0, **options).fit_model(spec, parameters, values))
    again = GaussianProcessEmulator(random_state=0, **options).fit_model(spec, parameters, values)
    our_errors = (ours.predict(x, test, return_error=False)["dependent"].values - expected) ** 2
    reference, failure = RefGaussianProcessEmulator(), ""
    try:
        _, their_fit = timed(lambda: reference.fit_model(*as_reference(spec, parameters, values)))
        their_errors = (np.array([reference.predict_values_no_error(x, p) for p in test.values()]) - expected) ** 2
    except Exception as error:  # report, never hide, a reference failure
        their_fit, their_errors, failure = float("nan"), np.full_like(our_errors, np.nan), f"{type(error).__name__}: {error}"
    return dict(problem=name, our_errors=our_errors, their_errors=their_errors, our_fit=our_fit, their_fit=their_fit,
                reproducible=again.hyperparameters == ours.hyperparameters, ours=ours, reference=reference,
                failure=failure)


def ours_only(spec, parameters, values, x, truth, **options):
    "swiftemu's held-out RMSE alone, for comparing its own options."
    test = create_cube(spec, 200, random_state=99)
    expected = np.array([truth(x, p) for p in test.values()])
    emulator = GaussianProcessEmulator(random_state=0, **options).fit_model(spec, parameters, values)
    return float(np.sqrt(np.mean((emulator.predict(x, test, return_error=False)["dependent"].values - expected) ** 2)))


def summarise(name, runs):
    "Pool several runs of one problem: RMSE over all held-out points, total fit time."
    rmse = lambda key: float(np.sqrt(np.mean(np.concatenate([r[key].ravel() for r in runs]))))
    return dict(problem=name, our_rmse=rmse("our_errors"), their_rmse=rmse("their_errors"),
                our_fit=sum(r["our_fit"] for r in runs), their_fit=sum(r["their_fit"] for r in runs),
                reproducible=all(r["reproducible"] for r in runs), failures=[r["failure"] for r in runs if r["failure"]],
                runs=runs)


def prediction_timing(ours, reference, spec):
    points = create_cube(spec, 2000, random_state=5)
    x = np.linspace(10, 12, 25)
    listed = list(points.values())
    _, our_with = timed(lambda: ours.predict(x, points))
    _, our_mean = timed(lambda: ours.predict(x, points, return_error=False))
    _, their_with = timed(lambda: [reference.predict_values(x, p) for p in listed])
    _, their_mean = timed(lambda: [reference.predict_values_no_error(x, p) for p in listed])
    # the two implementations agree on what they predict (both are GPs fitted to the same data)
    ours_mean = ours.predict(x, listed[:20], return_error=False)["dependent"].values
    theirs_mean = np.array([reference.predict_values_no_error(x, p) for p in listed[:20]])
    truth = np.array([log_schechter(x, **p) for p in listed[:20]])
    return dict(our_with=our_with, our_mean=our_mean, their_with=their_with, their_mean=their_mean,
                max_difference=float(np.abs(ours_mean - theirs_mean).max()),
                our_max_error=float(np.abs(ours_mean - truth).max()), their_max_error=float(np.abs(theirs_mean - truth).max()))


def main():
    import george
    import scipy
    import threadpoolctl

    rows = []
    print("schechter ...", flush=True)
    schechter = run_problem("schechter", *schechter_problem())
    rows.append(summarise("schechter", [schechter]))
    print("mixed ...", flush=True)
    mixed = [run_problem(f"mixed design {seed}", *mixed_problem(seed)) for seed in MIXED_DESIGNS]
    rows.append(summarise("mixed", mixed))
    print("study ...", flush=True)
    study = run_problem("study", *study_problem())
    rows.append(summarise("study", [study]))
    print("errors as given ...", flush=True)
    given = {"schechter": ours_only(*schechter_problem(), fit_error_scale=False),
             "study": ours_only(*study_problem(), fit_error_scale=False),
             "mixed": float(np.sqrt(np.mean([ours_only(*mixed_problem(seed), fit_error_scale=False) ** 2
                                             for seed in MIXED_DESIGNS])))}
    factors = {"schechter": [schechter["ours"].core_.error_scale_], "study": [study["ours"].core_.error_scale_],
               "mixed": [run["ours"].core_.error_scale_ for run in mixed]}
    print("trend ablation ...", flush=True)
    ablation = {trend: {name: ours_only(*problem(), trend=trend) for name, problem in
                        (("schechter", schechter_problem), ("study", study_problem))}
                for trend in ("x", "linear", "constant", None)}
    ablation["None, errors as given"] = {name: ours_only(*problem(), trend=None, fit_error_scale=False) for name, problem
                                         in (("schechter", schechter_problem), ("study", study_problem))}
    for row in rows:
        print(f"  {row['problem']}: RMSE ours {row['our_rmse']:.5f} reference {row['their_rmse']:.5f}; "
              f"fit ours {row['our_fit']:.2f}s reference {row['their_fit']:.2f}s; failures {len(row['failures'])}")
    timing = prediction_timing(schechter["ours"], schechter["reference"], schechter_problem()[0])
    print(f"predict 2000 x 25: ours {timing['our_with']:.3f}s vs loop {timing['their_with']:.3f}s; "
          f"mean only ours {timing['our_mean']:.3f}s vs loop {timing['their_mean']:.3f}s")

    targets = []
    blas = next((info for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"),
                {"internal_api": "unknown", "num_threads": "?"})
    lines = [
        "# swiftemu vs swiftemulator 1.3.1: emulator benchmark",
        "",
        f"Written by `benchmarks/emulator_vs_reference.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, george "
        f"{george.__version__}, BLAS {blas['internal_api']} with "
        f"{blas['num_threads']} threads, {platform.machine()}. Both packages run in "
        "the same process on the same data. RMSE is against the known truth at 200 random parameter points "
        "(swiftemu default settings, `random_state=0`; swiftemulator defaults).",
        "",
        "| problem | RMSE swiftemu | RMSE swiftemulator | RMSE ratio | fit swiftemu [s] | fit swiftemulator [s] | fit ratio | same seed, same hyperparameters |",
        "|---|---|---|---|---|---|---|---|",
    ]
    def table_row(row):
        their = f"{row['their_rmse']:.5f}" if np.isfinite(row["their_rmse"]) else "failed"
        ratio = row["our_rmse"] / row["their_rmse"]
        return (f"| {row['problem']} | {row['our_rmse']:.5f} | {their} | {ratio:.3f} | {row['our_fit']:.2f} | "
                f"{row['their_fit']:.2f} | {row['our_fit'] / row['their_fit']:.2f} | {row['reproducible']} |")

    lines += [table_row(row) for row in rows]
    for row in rows:
        limit = 0.7 if row["problem"] == "mixed" else 1.0
        ratio, fit_ratio = row["our_rmse"] / row["their_rmse"], row["our_fit"] / row["their_fit"]
        targets.append((f"RMSE ratio on {row['problem']} <= {limit}", ratio <= limit, f"{ratio:.3f}"))
        targets.append((f"fit-time ratio on {row['problem']} <= 2", fit_ratio <= 2, f"{fit_ratio:.2f}"))
        targets.append((f"reproducible fit on {row['problem']}", row["reproducible"], str(row["reproducible"])))
    ratios = [np.sqrt(run["our_errors"].mean() / run["their_errors"].mean()) for run in mixed]
    converged = [ratio for ratio in ratios if ratio > 0.5] or [float("nan")]
    lines += [
        "",
        "## The mixed-scales problem, design by design",
        "",
        "| design | RMSE swiftemu | RMSE swiftemulator | ratio |",
        "|---|---|---|---|",
        *[f"| {run['problem']} | {np.sqrt(run['our_errors'].mean()):.5f} | "
          f"{np.sqrt(run['their_errors'].mean()):.5f} | {np.sqrt(run['our_errors'].mean() / run['their_errors'].mean()):.3f} |"
          for run in mixed],
        "",
        f"In the designs where swiftemulator's unscaled BFGS fit converges (ratio above 0.5) the two are within "
        f"{min(converged):.2f}-{max(converged):.2f} of each other (swiftemu's trend along x against its zero mean); "
        "where it stops in a poor optimum its error is 10-100x larger. swiftemu fits every design.",
        "",
        "## The error factor",
        "",
        "By default (`fit_error_scale=\"auto\"`) swiftemu also fits one factor on every `dependent_error` "
        f"(between {np.exp(0.5 * _BOUNDS['error_scale'][0]):g} and {np.exp(0.5 * _BOUNDS['error_scale'][1]):g}) and keeps it only if it predicts each run from the others better than the errors "
        "as given (closed-form leave-one-run-out). `fit_error_scale=False` uses the errors as given, as "
        "swiftemulator does. Held-out RMSE (mixed: pooled over its designs, each of which has the same number of "
        "test points):",
        "",
        "| problem | default | errors as given | factor kept (fitted value) |",
        "|---|---|---|---|",
        *[f"| {row['problem']} | {row['our_rmse']:.5f} | {given[row['problem']]:.5f} | "
          f"{sum(f != 1.0 for f in factors[row['problem']])} of {len(factors[row['problem']])}"
          f"{' (' + ', '.join(f'{f:.2f}' for f in factors[row['problem']] if f != 1.0) + ')' if any(f != 1.0 for f in factors[row['problem']]) else ''} |"
          for row in rows],
        "",
        "The Schechter runs are noiseless and the seed gives them 2% errors (up to 0.27 dex), which the GP would "
        "otherwise average over. The mixed-scales runs are noiseless too, but there a smaller error lets the "
        "stationary kernel overfit the curvature of log10(b), and the held-out-run error says so. The study's "
        "errors describe its scatter.",
        "",
        "## The trend under the GP",
        "",
        "swiftemu models each relation as a trend plus a zero-mean GP, with the trend profiled out of the likelihood "
        "(its generalised-least-squares estimate at every hyperparameter vector). swiftemulator's GP has a zero "
        "prior mean in the data's units; `trend=None` is that choice. swiftemu's held-out RMSE by `trend` (error factor as default):",
        "",
        "| trend | schechter | study |",
        "|---|---|---|",
        *[f"| {trend if isinstance(trend, str) and ',' in trend else repr(trend)} | {scores['schechter']:.5f} | "
          f"{scores['study']:.5f} |" for trend, scores in ablation.items()],
        f"| swiftemulator | {rows[0]['their_rmse']:.5f} | {rows[2]['their_rmse']:.5f} |",
        "",
        "With `trend=None` and `fit_error_scale=False` swiftemu reproduces swiftemulator (the engines agree). The default `\"x\"` (a constant plus a slope "
        "along the independent variable) carries the large-scale slope every relation has along x and leaves the "
        "parameters to the GP. With slopes in every input (`'linear'`), the 8-parameter study "
        "can reach a more likely optimum that extrapolates badly to the corners of the cube.",
        "",
    ]
    with_speedup = timing["their_with"] / timing["our_with"]
    mean_speedup = timing["their_mean"] / timing["our_mean"]
    targets.append(("batched predict with errors >= 3x a predict_values loop", with_speedup >= 3, f"{with_speedup:.1f}x"))
    targets.append(("batched mean >= 20x a predict_values_no_error loop", mean_speedup >= 20, f"{mean_speedup:.1f}x"))
    lines += [
        "## Batched prediction (Schechter emulators, 2,000 parameter points x 25 x values)",
        "",
        "| | swiftemu `predict` [s] | swiftemulator loop [s] | speed-up |",
        "|---|---|---|---|",
        f"| with errors | {timing['our_with']:.3f} | {timing['their_with']:.3f} | {with_speedup:.1f}x |",
        f"| mean only | {timing['our_mean']:.3f} | {timing['their_mean']:.3f} | {mean_speedup:.1f}x |",
        "",
        f"On 20 of those points the two emulators' means differ by at most {timing['max_difference']:.4f} dex; "
        f"their largest errors against the truth there are {timing['our_max_error']:.4f} dex (swiftemu) and "
        f"{timing['their_max_error']:.4f} dex (swiftemulator).",
        "",
        *targets_section(targets),
    ]
    (HERE / "results_emulators.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(met for _, met, _ in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
