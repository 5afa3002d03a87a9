"""Scale curve: fit and first-predict time and peak memory of a default GaussianProcessEmulator fit, swiftemu against
swiftemulator 1.3.1, for 50-1,000 runs x 20-100 bins with 2 and 8 parameters.

Every case runs in its own process (so peak memory is that case's), on a problem generated here: a smooth function of
x and the parameters, known noise of 0.01 given as the same error for every point (so swiftemu's structured solver
applies). The reference is run while its previous (smaller) case took under its budget (10 minutes by default).
Then swiftemu alone with errors that vary along both runs and bins (drawn for every point): 2,000 points (the
dense solver) and 20,000 (past DENSE_LIMIT: the iterative solver).

    python benchmarks/scale.py [--quick] [--reference-budget SECONDS] [--reuse-reference]

With --reuse-reference, swiftemulator's rows are taken from the last run's results_scale.json (same problems, same
seed; the reference has not changed) instead of being rerun, which takes most of the hour; the report says so.

Writes benchmarks/results_scale.md (and .json)."""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def problem(runs, bins, dims, seed, errors="uniform"):
    """Containers (swiftemu's) for a smooth relation, seeded, with noise 0.01 at every point (`errors` "uniform") or
    an error drawn for every point between 0.005 and 0.02 ("per_point")."""
    from swiftemu.containers import ModelParameters, ModelSpecification, ModelValues

    rng = np.random.default_rng(seed)
    names = [f"p{i}" for i in range(dims)]
    spec = ModelSpecification(dims, names, [[0.0, 1.0]] * dims, names)
    theta = rng.random((runs, dims))
    weights = rng.normal(size=dims) / np.sqrt(dims)
    x = np.linspace(9.0, 12.0, bins)

    def truth(t, xs):
        u = (xs - 9.0) / 3.0
        return 2.0 * np.sin(2.0 * u + t @ weights) + u * (t[0] - 0.5) + 0.5 * np.cos(3.0 * t[-1] * u)

    parameters = ModelParameters({f"r{i}": dict(zip(names, t)) for i, t in enumerate(theta)})
    sd = np.full((runs, bins), 0.01) if errors == "uniform" else np.random.default_rng([seed, 1]).uniform(0.005, 0.02, (runs, bins))
    values = ModelValues({f"r{i}": {"independent": x, "dependent": truth(t, x) + sd[i] * rng.standard_normal(bins),
                                    "dependent_error": sd[i]} for i, t in enumerate(theta)})
    test = rng.random((200, dims))
    return spec, parameters, values, x, test, truth


def run_case(package, runs, bins, dims, seed, errors="uniform"):
    "One fit and one first prediction (200 points x 25 new x) in this process: a dict of figures."
    spec, parameters, values, x, test, truth = problem(runs, bins, dims, seed, errors)
    new_x = np.linspace(9.05, 11.95, 25)
    if package == "swiftemu":
        from swiftemu.emulators import GaussianProcessEmulator

        start = time.perf_counter()
        emulator = GaussianProcessEmulator(random_state=seed).fit_model(spec, parameters, values)
        fit = time.perf_counter() - start
        start = time.perf_counter()
        mean, _ = emulator.predict_array(new_x, test)
        predict = time.perf_counter() - start
        solver = type(emulator.core_.solver_).__name__
    else:
        from common import as_reference
        from swiftemulator.emulators.gaussian_process import GaussianProcessEmulator as Reference

        spec_r, parameters_r, values_r = as_reference(spec, parameters, values)
        emulator = Reference()
        start = time.perf_counter()
        emulator.fit_model(model_specification=spec_r, model_parameters=parameters_r, model_values=values_r)
        fit = time.perf_counter() - start
        start = time.perf_counter()
        mean = np.array([emulator.predict_values(new_x, dict(zip(spec.parameter_names, t)))[0] for t in test])
        predict = time.perf_counter() - start
        solver = "george dense"
    rmse = float(np.sqrt(np.mean((mean - np.array([truth(t, new_x) for t in test])) ** 2)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # GB (ru_maxrss is in kB on Linux)
    return dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins, fit_s=fit, predict_s=predict,
                peak_gb=peak, rmse=rmse, solver=solver, errors=errors)


def find_row(rows, package, **key):
    "The row of `package` whose fields match `key`, or None."
    return next((row for row in rows if row["package"] == package and all(row.get(k) == v for k, v in key.items())), None)


def in_subprocess(package, runs, bins, dims, seed, timeout, errors="uniform"):
    "run_case in a fresh process (its own peak memory); None when it exceeds `timeout` seconds."
    command = [sys.executable, __file__, "--case", package, str(runs), str(bins), str(dims), str(seed), errors]
    case = dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins, errors=errors)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return dict(case, timeout=timeout)
    if done.returncode:
        return dict(case, error=done.stderr[-800:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", nargs=6)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reference-budget", type=float, default=600.0)
    parser.add_argument("--swiftemu-budget", type=float, default=1800.0)
    parser.add_argument("--reuse-reference", action="store_true", help="swiftemulator's rows from results_scale.json")
    args = parser.parse_args()
    if args.case:
        package, runs, bins, dims, seed, errors = args.case
        print(json.dumps(run_case(package, int(runs), int(bins), int(dims), int(seed), errors)))
        return
    sizes = [(50, 20), (200, 20), (400, 50)] if args.quick else [(50, 20), (100, 20), (200, 20), (400, 20), (400, 50),
                                                                (1000, 20), (1000, 100)]
    rows, seed = [], 4817  # a seed nobody tuned on
    saved = json.loads((HERE / "results_scale.json").read_text()) if args.reuse_reference else []
    for dims in (2, 8):
        reference_alive = True
        for runs, bins in sizes:
            for package in ("swiftemu", "swiftemulator"):
                if package == "swiftemulator" and not reference_alive:
                    rows.append(dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins,
                                     skipped="a smaller case took over the budget"))
                    continue
                budget = args.reference_budget if package == "swiftemulator" else args.swiftemu_budget
                if package == "swiftemulator" and args.reuse_reference:
                    row = find_row(saved, package, runs=runs, bins=bins, dims=dims)
                    if row is None:
                        raise SystemExit(f"--reuse-reference: no saved swiftemulator row for {runs} x {bins}, {dims} "
                                         "parameters in results_scale.json")
                else:
                    row = in_subprocess(package, runs, bins, dims, seed, budget)
                rows.append(row)
                print(json.dumps(row), flush=True)
                if package == "swiftemulator" and ("timeout" in row or "error" in row):
                    reference_alive = False
    # errors that vary along runs and bins: the dense solver at 2,000 points, the iterative one at 20,000 (swiftemu only:
    # the reference is dense whatever the errors)
    for dims in (2, 8):
        for runs, bins in [(100, 20)] if args.quick else [(100, 20), (400, 50)]:
            row = in_subprocess("swiftemu", runs, bins, dims, seed, args.swiftemu_budget, "per_point")
            rows.append(row)
            print(json.dumps(row), flush=True)
    (HERE / "results_scale.json").write_text(json.dumps(rows, indent=1))
    write_report(rows, args)


def cell(row, key, fmt):
    if row is None:
        return "-"
    for flag in ("timeout", "error", "skipped"):
        if flag in row:
            return {"timeout": f"> {row.get('timeout', 0):.0f} s", "error": "failed", "skipped": "not run"}[flag]
    return fmt.format(row[key])


def write_report(rows, args):
    from common import targets_section

    find = lambda package, key: find_row(rows, package, **key)
    lines = ["# Scale curve: default fit and first prediction", "",
             f"{time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores "
             f"(OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}); "
             "every case in its own process (peak resident memory of that process); problem generated by "
             "`benchmarks/scale.py` (seed 4817), errors 0.01 the same for every point; prediction: 200 parameter "
             "points x 25 new x, first call (swiftemu's `predict_array`; the reference's `predict_values` in a loop)."
             + (" swiftemulator's rows are reused from the previous run's results_scale.json (--reuse-reference)."
                if args.reuse_reference else ""),
             "", "| params | runs x bins | points | swiftemu solver | fit s (swiftemu / ref) | first predict s (swiftemu / ref) "
             "| peak GB (swiftemu / ref) | held-out RMSE (swiftemu / ref) |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if row["package"] != "swiftemu" or row.get("errors") == "per_point":
            continue
        key = dict(runs=row["runs"], bins=row["bins"], dims=row["dims"], errors="uniform")
        ref = find("swiftemulator", key)
        lines.append(f"| {row['dims']} | {row['runs']} x {row['bins']} | {row['points']} | {row.get('solver', '-')} | "
                     f"{cell(row, 'fit_s', '{:.2f}')} / {cell(ref, 'fit_s', '{:.2f}')} | "
                     f"{cell(row, 'predict_s', '{:.3f}')} / {cell(ref, 'predict_s', '{:.3f}')} | "
                     f"{cell(row, 'peak_gb', '{:.2f}')} / {cell(ref, 'peak_gb', '{:.2f}')} | "
                     f"{cell(row, 'rmse', '{:.4f}')} / {cell(ref, 'rmse', '{:.4f}')} |")
    lines += ["", "Errors that vary along both runs and bins (drawn between 0.005 and 0.02 for every point; swiftemu only, "
              "the reference's dense fit does not depend on them): below `DENSE_LIMIT` (15,000 points) `solver=\"auto\"` "
              "fits densely, past it with the iterative solver, which does not calibrate the variance (see "
              "nbs/03c_iterative.ipynb).", "",
              "| params | runs x bins | points | swiftemu solver | fit s | first predict s | peak GB | held-out RMSE |",
              "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if row.get("errors") == "per_point":
            lines.append(f"| {row['dims']} | {row['runs']} x {row['bins']} | {row['points']} | {row.get('solver', '-')} | "
                         f"{cell(row, 'fit_s', '{:.2f}')} | {cell(row, 'predict_s', '{:.3f}')} | "
                         f"{cell(row, 'peak_gb', '{:.2f}')} | {cell(row, 'rmse', '{:.4f}')} |")
    big = find("swiftemu", dict(runs=400, bins=50, dims=8, errors="uniform"))
    huge = [find("swiftemu", dict(runs=1000, bins=100, dims=d, errors="uniform")) for d in (2, 8)]
    targets = []
    if big is not None and "fit_s" in big:
        targets.append(("400 runs x 50 bins x 8 parameters fits in under 60 s and 2 GB",
                        big["fit_s"] < 60 and big["peak_gb"] < 2, f"{big['fit_s']:.1f} s, {big['peak_gb']:.2f} GB"))
    for d, row in zip((2, 8), huge):
        if row is not None:
            targets.append((f"1,000 runs x 100 bins ({d} parameters) fits", "fit_s" in row,
                            cell(row, "fit_s", "{:.0f} s") + (f", {row['peak_gb']:.2f} GB" if "peak_gb" in row else "")))
    lines += ["", *targets_section(targets), ""]
    (HERE / ("results_scale_quick.md" if args.quick else "results_scale.md")).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
