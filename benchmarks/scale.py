"""Scale curve: fit and first-predict time and peak memory of a default GaussianProcessEmulator fit, swiftemu against
swiftemulator 1.3.1, for 50-1,000 runs x 20-100 bins with 2 and 8 parameters.

Every case runs in its own process (so peak memory is that case's), on a problem generated here: a smooth function of
x and the parameters, known noise of 0.01 given as the same error for every point (so swiftemu's structured solver
applies; with errors that vary along both runs and bins it would use the dense solver, as the reference does).
The reference is run while its previous (smaller) case took under its budget (10 minutes by default).

    python benchmarks/scale.py [--quick] [--reference-budget SECONDS]

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


def problem(runs, bins, dims, seed):
    "Containers (swiftemu's) for a smooth relation with noise 0.01, seeded."
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
    values = ModelValues({f"r{i}": {"independent": x, "dependent": truth(t, x) + 0.01 * rng.standard_normal(bins),
                                    "dependent_error": np.full(bins, 0.01)} for i, t in enumerate(theta)})
    test = rng.random((200, dims))
    return spec, parameters, values, x, test, truth


def run_case(package, runs, bins, dims, seed):
    "One fit and one first prediction (200 points x 25 new x) in this process: a dict of figures."
    spec, parameters, values, x, test, truth = problem(runs, bins, dims, seed)
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
                peak_gb=peak, rmse=rmse, solver=solver)


def in_subprocess(package, runs, bins, dims, seed, timeout):
    "run_case in a fresh process (its own peak memory); None when it exceeds `timeout` seconds."
    command = [sys.executable, __file__, "--case", package, str(runs), str(bins), str(dims), str(seed)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins, timeout=timeout)
    if done.returncode:
        return dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins, error=done.stderr[-800:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", nargs=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reference-budget", type=float, default=600.0)
    parser.add_argument("--swiftemu-budget", type=float, default=1800.0)
    args = parser.parse_args()
    if args.case:
        package, runs, bins, dims, seed = args.case
        print(json.dumps(run_case(package, int(runs), int(bins), int(dims), int(seed))))
        return
    sizes = [(50, 20), (200, 20), (400, 50)] if args.quick else [(50, 20), (100, 20), (200, 20), (400, 20), (400, 50),
                                                                (1000, 20), (1000, 100)]
    rows, seed = [], 4817  # a seed nobody tuned on
    for dims in (2, 8):
        reference_alive = True
        for runs, bins in sizes:
            for package in ("swiftemu", "swiftemulator"):
                if package == "swiftemulator" and not reference_alive:
                    rows.append(dict(package=package, runs=runs, bins=bins, dims=dims, points=runs * bins,
                                     skipped="a smaller case took over the budget"))
                    continue
                budget = args.reference_budget if package == "swiftemulator" else args.swiftemu_budget
                row = in_subprocess(package, runs, bins, dims, seed, budget)
                rows.append(row)
                print(json.dumps(row), flush=True)
                if package == "swiftemulator" and ("timeout" in row or "error" in row):
                    reference_alive = False
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

    find = lambda package, r: next((row for row in rows if all(row.get(k) == v for k, v in r.items())
                                    and row["package"] == package), None)
    lines = ["# Scale curve: default fit and first prediction", "",
             f"{time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
             "every case in its own process (peak resident memory of that process); problem generated by "
             "`benchmarks/scale.py` (seed 4817), errors 0.01 the same for every point; prediction: 200 parameter "
             "points x 25 new x, first call (swiftemu's `predict_array`; the reference's `predict_values` in a loop).",
             "", "| params | runs x bins | points | swiftemu solver | fit s (swiftemu / ref) | first predict s (swiftemu / ref) "
             "| peak GB (swiftemu / ref) | held-out RMSE (swiftemu / ref) |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if row["package"] != "swiftemu":
            continue
        key = dict(runs=row["runs"], bins=row["bins"], dims=row["dims"])
        ref = find("swiftemulator", key)
        lines.append(f"| {row['dims']} | {row['runs']} x {row['bins']} | {row['points']} | {row.get('solver', '-')} | "
                     f"{cell(row, 'fit_s', '{:.2f}')} / {cell(ref, 'fit_s', '{:.2f}')} | "
                     f"{cell(row, 'predict_s', '{:.3f}')} / {cell(ref, 'predict_s', '{:.3f}')} | "
                     f"{cell(row, 'peak_gb', '{:.2f}')} / {cell(ref, 'peak_gb', '{:.2f}')} | "
                     f"{cell(row, 'rmse', '{:.4f}')} / {cell(ref, 'rmse', '{:.4f}')} |")
    big = find("swiftemu", dict(runs=400, bins=50, dims=8))
    huge = [find("swiftemu", dict(runs=1000, bins=100, dims=d)) for d in (2, 8)]
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
