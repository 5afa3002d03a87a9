#!/usr/bin/env python
"""One parameter point at a time: `predict_values` and `predict_values_no_error` against swiftemulator's (issue 16, item 3).

Code written for swiftemulator calls `predict_values(x, point)` in a loop (its own likelihoods, its plots). On the
generalisation benchmark's problems (`generalisation.py`: 8 families x seeds 101, 202, 303 or those given, both error
modes), in one process: swiftemu's default `GaussianProcessEmulator` and swiftemulator 1.3.1's default, fitted to the
same data; then, for each package, a loop of one call per held-out parameter point (CALLS different points) at the
training bins and at 25 new x values (none a training bin), with and without the variance. A figure is the median
time per call over ROUNDS such loops, the two packages' loops interleaved so that a busy moment on the machine does
not decide a ratio. swiftemu's first call at the new x (which sets up what later calls at those x reuse) is timed
apart. Also checked: swiftemu's `predict_values` equals its batched `predict` at the same point (mean and variance,
to 1e-10 relative).

Target: every per-call time at most the reference's, on every problem.
Writes benchmarks/results_one_point.md (with --seeds, results_one_point_fresh.md).
Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/one_point.py [--seeds 404,505,606]
"""
import os
import platform
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

from common import as_reference, targets_section  # noqa: E402
from swiftemulator.emulators.gaussian_process import GaussianProcessEmulator as RefGP  # noqa: E402

from swiftemu.emulators import GaussianProcessEmulator  # noqa: E402

CALLS, ROUNDS = 50, 5
CASES = [("train x", "with error"), ("train x", "mean only"), ("new x", "with error"), ("new x", "mean only")]


def per_call(loops) -> list[float]:
    "Median seconds per call of each loop in `loops` (callables running CALLS calls), over ROUNDS interleaved rounds."
    times = [[] for _ in loops]
    for _ in range(ROUNDS):
        for loop, kept in zip(loops, times):
            started = time.perf_counter()
            loop()
            kept.append((time.perf_counter() - started) / CALLS)
    return [float(np.median(kept)) for kept in times]


def measure(family, seed, mode):
    problem, (spec, params, values), row = g.problem_for(family, seed, mode)
    row.update(runs=problem["runs"], bins=problem["bins"])
    mine = GaussianProcessEmulator(random_state=seed).fit_model(spec, params, values)
    theirs = RefGP()
    try:
        theirs.fit_model(*as_reference(spec, params, values))
    except Exception as error:  # swiftemulator's own failures (additive seeds) are reported, not hidden
        row["reference error"], theirs = f"{type(error).__name__}: {error}"[:120], None
    names = spec.parameter_names
    points = [dict(zip(names, map(float, theta))) for theta in problem["test"][:CALLS]]
    xs = {"train x": np.asarray(problem["x"], dtype=np.float64), "new x": g.new_x(problem)}
    started = time.perf_counter()
    mine.predict_values(xs["new x"], points[0])
    row["first new x"] = time.perf_counter() - started
    # swiftemu's single-point call against its batched prediction at the same point
    mean, variance = mine.predict_values(xs["new x"], points[1])
    batched = mine.predict(xs["new x"], points[1])
    row["agrees"] = bool(np.allclose(mean, batched["dependent"].values[0], rtol=1e-10, atol=0)
                         and np.allclose(variance, batched["dependent_error"].values[0] ** 2, rtol=1e-10, atol=0))
    for where, what in CASES:
        x = xs[where]
        call = {"with error": "predict_values", "mean only": "predict_values_no_error"}[what]
        loops = [lambda emulator=emulator: [getattr(emulator, call)(x, point) for point in points]
                 for emulator in (mine, theirs) if emulator is not None]
        row[f"{where} {what}"] = (per_call(loops) + [np.nan])[:2]
    return row


def main():
    seeds = g.seeds_argument(__doc__.split("\n")[0], "results_one_point_fresh.md")
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    ms = lambda seconds: f"{seconds * 1e3:.3f}"
    rows = g.measured_rows(seeds, measure, lambda r: "; ".join(
        f"{where} {what} {ms(r[f'{where} {what}'][0])} / {ms(r[f'{where} {what}'][1])} ms" for where, what in CASES))
    ratio = lambda r, case: r[case][0] / r[case][1]
    compared = [r for r in rows if "reference error" not in r]
    worst = {case: max(compared, key=lambda r: ratio(r, case)) for case in (f"{w} {h}" for w, h in CASES)}
    name = lambda r: f"{r['family']} seed {r['seed']} {r['mode']}"
    first = [r["first new x"] / r["new x with error"][1] for r in compared]
    lines = [
        "# One parameter point at a time: predict_values against swiftemulator's", "",
        f"Written by `benchmarks/one_point.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in "
        f"{(time.perf_counter() - started) / 60:.1f} min; {os.cpu_count()} cores ({platform.machine()}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}); seeds {', '.join(map(str, seeds))}; "
        f"{CALLS} points per loop, median of {ROUNDS} loops.", "",
        __doc__.split("Writes")[0].split("\n\n", 1)[1].strip(), "",
        "Per problem, milliseconds per call, swiftemu / swiftemulator (ratio):", "",
        "| family | seed | errors | d | runs x bins | " + " | ".join(f"{w}, {h}" for w, h in CASES)
        + " | swiftemu first call at new x [ms] | equals `predict` |",
        "|---|---|---|---|---|" + "---|" * len(CASES) + "---|---|",
        *[f"| {r['family']} | {r['seed']} | {r['mode']} | {r['d']} | {r['runs']} x {r['bins']} | "
          + " | ".join(f"{ms(r[f'{w} {h}'][0])} / " + (f"{ms(r[f'{w} {h}'][1])} ({ratio(r, f'{w} {h}'):.2f})"
                                                         if "reference error" not in r else "failed") for w, h in CASES)
          + f" | {ms(r['first new x'])} | {r['agrees']} |" for r in rows], "",
        *[f"- {r['family']} seed {r['seed']} {r['mode']}: swiftemulator's fit failed ({r['reference error']})"
          for r in rows if "reference error" in r], "",
        "swiftemu's first call at the new x (its very first prediction: it also makes what every later call reuses) "
        "against the reference's time per call there (which has nothing to set up): median "
        f"{np.median(first):.2f}, max {max(first):.2f}, {sum(f > 1 for f in first)} of {len(first)} over 1 "
        "(information, not a target).", "",
        *targets_section([
            *[(f"predict_values one point, {case}, at most the reference's per call on every problem",
               ratio(worst[case], case) <= 1.0,
               f"max {ratio(worst[case], case):.2f} ({name(worst[case])}); "
               f"{sum(ratio(r, case) > 1 for r in compared)} of {len(compared)} over 1; "
               f"median {np.median([ratio(r, case) for r in compared]):.2f}; the reference failed to fit "
               f"{len(rows) - len(compared)}") for case in worst],
            ("predict_values equals predict (1e-10 relative) on every problem", all(r["agrees"] for r in rows),
             f"{sum(r['agrees'] for r in rows)} of {len(rows)}")]), ""]
    (HERE / ("results_one_point.md" if seeds == list(g.SEEDS) else "results_one_point_fresh.md")).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
