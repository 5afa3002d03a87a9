#!/usr/bin/env python
"""Does a leave-one-run-out factor on the emulator variance fix the held-out coverage? (issue 16, item 4)

On the generalisation benchmark's problems (`generalisation.py`: 8 families, seeds 101, 202, 303, honest errors,
200 held-out points), `GaussianProcessEmulator` is fitted with `calibrate_variance=False` and the held-out coverage of
its latent sigma (fraction of noiseless truths within 1 and 2 sigma) is measured with six variances:

  as fitted       the emulator's variance (the GP's own)
  built in        times the factor the default emulator applies (`calibrate_variance=True`): leave-one-run-out in
                  closed form at the fitted hyperparameters, log-normal prior (median 1, sd 0.3 in log)
  x estimate      times `variance_check(emulator)["estimate"]`: the maximum-likelihood factor on the variance of
                  the left-out runs (hyperparameters refitted without each run), searched over [1e-3, 1e3]
  x max(1, est.)  times the factor `calibrate` and `history_match` apply by default (`variance_calibration="auto"`)
  x fixed est.    as the second, with the hyperparameters of the fit with every run (no refit)
  x MAP est.      as the second, with a log-normal prior on the factor (median 1, sd 0.5 in log), which keeps it
                  near 1 where the runs' noise explains the left-out residuals (the estimate then runs to 1e-3)

Apart from "built in", nothing here changes the emulator; the others measure whether factors the package computes
would meet the coverage target if predictions applied them. Writes benchmarks/results_variance_factor.md.
Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/variance_factor.py
"""
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))
import generalisation as g  # noqa: E402

# generalisation puts this folder first on the path; its distributed.py must not shadow dask's
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE] + [str(HERE)]

from common import targets_section  # noqa: E402

from swiftemu.emulators import GaussianProcessEmulator  # noqa: E402
from swiftemu.emulators.leaving_out import variance_factor  # noqa: E402
from swiftemu.emulators.variance_check import left_out_residuals, variance_check  # noqa: E402

TREATMENTS = ("as fitted", "built in", "x estimate", "x max(1, est.)", "x fixed est.", "x MAP est.")
PRIOR_SD = 0.5  # of the log factor, for "x MAP est."


def map_factor(emulator) -> float:
    """The factor on the emulator variance maximising the left-out runs' likelihood (hyperparameters refitted
    without each run, as `variance_check`) times a log-normal prior (median 1, sd PRIOR_SD in log)."""
    return variance_factor(*left_out_residuals(emulator, refit=True), prior_sd=PRIOR_SD)


WINDOW_1, WINDOW_2 = (0.6, 0.8), (0.9, 0.98)


def measure(family, seed):
    problem = g.make_problem(family, seed, g.SEEDS.index(seed), g.N_TEST)
    errors = g.errors_for(problem, "honest")
    spec, params, values = g.swiftemu_inputs(problem, errors)
    emulator = GaussianProcessEmulator(random_state=seed, calibrate_variance=False).fit_model(spec, params, values)
    # what calibrate_variance=True would apply: the same fit, its runs left out in closed form
    built_in = variance_factor(*left_out_residuals(emulator, refit=False))
    mean, var = (np.asarray(a) for a in emulator.predict_array(problem["x"], problem["test"]))
    started = time.perf_counter()
    refitted = variance_check(emulator, refit=True)
    seconds = time.perf_counter() - started
    fixed = variance_check(emulator, refit=False)
    factors = dict(zip(TREATMENTS, (1.0, built_in, refitted["estimate"], max(1.0, refitted["estimate"]), fixed["estimate"],
                                    map_factor(emulator))))
    residual = np.abs(mean - problem["truth_test"])
    counts = {name: (int(np.sum(residual <= np.sqrt(var * f))), int(np.sum(residual <= 2 * np.sqrt(var * f))))
              for name, f in factors.items()}
    return dict(family=family, seed=seed, d=problem["d"], runs=problem["runs"], n=residual.size, factors=factors,
                counts=counts, seconds=seconds)


def inside(pair):
    return WINDOW_1[0] <= pair[0] <= WINDOW_1[1] and WINDOW_2[0] <= pair[1] <= WINDOW_2[1]


def main():
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    rows = []
    for family in g.FAMILIES:
        for seed in g.SEEDS:
            rows.append(measure(family, seed))
            row = rows[-1]
            print(family, seed, {k: round(v, 3) for k, v in row["factors"].items()}, flush=True)
    pooled = {}
    for family in g.FAMILIES:
        mine = [r for r in rows if r["family"] == family]
        n = sum(r["n"] for r in mine)
        pooled[family] = {t: tuple(sum(r["counts"][t][j] for r in mine) / n for j in (0, 1)) for t in TREATMENTS}
    lines = [
        "# Variance factor: held-out coverage with the leave-one-run-out factor applied", "",
        f"Written by `benchmarks/variance_factor.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in "
        f"{(time.perf_counter() - started) / 60:.1f} min.", "",
        __doc__.split("Writes")[0].split("\n\n", 1)[1].strip(), "",
        "Coverage pooled over each family's 3 problems (nominal 0.683 / 0.954; target window [0.6, 0.8] / [0.9, 0.98]):", "",
        "| family | " + " | ".join(f"{t} 1σ / 2σ" for t in TREATMENTS) + " |",
        "|---|" + "---|" * len(TREATMENTS),
        *[f"| {family} | " + " | ".join(f"{pooled[family][t][0]:.2f} / {pooled[family][t][1]:.2f}"
                                       + (" ✓" if inside(pooled[family][t]) else "") for t in TREATMENTS) + " |"
          for family in g.FAMILIES], "",
        "Per problem (factor: the one applied; time: the refitted check):", "",
        "| family | seed | d | runs | " + " | ".join(f"{t}: factor, 1σ / 2σ" for t in TREATMENTS) + " | check [s] |",
        "|---|---|---|---|" + "---|" * (len(TREATMENTS) + 1),
        *[f"| {r['family']} | {r['seed']} | {r['d']} | {r['runs']} | "
          + " | ".join(f"{r['factors'][t]:.3g}, {r['counts'][t][0] / r['n']:.2f} / {r['counts'][t][1] / r['n']:.2f}"
                       for t in TREATMENTS) + f" | {r['seconds']:.1f} |" for r in rows], "",
        *targets_section([(f"coverage in the window on every family, {t}", all(inside(pooled[f][t]) for f in g.FAMILIES),
                           f"{sum(inside(pooled[f][t]) for f in g.FAMILIES)} of {len(g.FAMILIES)} families inside")
                          for t in TREATMENTS]), ""]
    (HERE / "results_variance_factor.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
