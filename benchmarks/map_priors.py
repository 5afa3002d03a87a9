#!/usr/bin/env python
"""Do weakly informative priors on the length scales (MAP instead of maximum likelihood) mend the squared
exponential's narrow error bars? (issue 16, item 4)

On the generalisation benchmark's problems (`generalisation.py`: 8 families x 3 seeds, both error modes), in one
process: swiftemu's default `GaussianProcessEmulator` fitted by maximum likelihood, and fitted by maximum a
posteriori with a log-normal prior on every length scale l (in the unit cube the engine scales x and the
parameters to), log l ~ N(log median, sd^2), added to the negative log likelihood (and its gradient) that the
optimiser, the restart screens and the choice of the error factor all see. The prior is applied by wrapping the
engine's public `GPCore.negative_log_likelihood`; nothing else changes. For every fit: the held-out RMSE and
coverage as `generalisation.py` measures them (200 uniform random parameter points at the training bins, truth =
the noiseless function). RMSE ratios against swiftemulator come from the generalisation run on the same seeds.

Writes benchmarks/results_map_priors.md. Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/map_priors.py
[--seeds 404,505,606] [--output STEM]
"""
import argparse
import contextlib
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
import kernel_choice as kc  # noqa: E402

from swiftemu.emulators import GaussianProcessEmulator  # noqa: E402
from swiftemu.emulators.engine import GPCore  # noqa: E402
from swiftemu.emulators.kernels import hyperparameter_kind  # noqa: E402

# name -> (median length scale in the unit cube, sd of log l), None for maximum likelihood
PRIORS = {"ML": None, "weak (0.5, 1)": (0.5, 1.0), "moderate (0.3, 0.5)": (0.3, 0.5), "strong (0.2, 0.3)": (0.2, 0.3)}


@contextlib.contextmanager
def length_scale_prior(median: float, sd: float):
    """Inside: every GPCore objective adds -log p(l) of a log-normal prior on each length scale. george's metric
    parameter is log l^2, so log l = p / 2."""
    original = GPCore.negative_log_likelihood

    def with_prior(self, rows=None, gradient=True, kernel=None):
        objective = original(self, rows, gradient, kernel)
        names = (self.kernel_ if kernel is None else kernel).get_parameter_names()
        if self.fit_white_noise:
            raise ValueError("map_priors.py assumes no fitted white noise (george's vector = the kernel's).")
        metric = np.array([i for i, name in enumerate(names) if hyperparameter_kind(name) == "metric"])

        def value_and_gradient(p):
            value, grad = objective(p)
            offset = np.asarray(p, dtype=np.float64)[metric] / 2 - np.log(median)
            value = value + np.sum(offset**2) / (2 * sd**2)
            if grad is not None:
                grad = np.array(grad, dtype=np.float64)
                grad[metric] += offset / sd**2 / 2
            return value, grad

        return value_and_gradient

    GPCore.negative_log_likelihood = with_prior
    try:
        yield
    finally:
        GPCore.negative_log_likelihood = original


def problem_for(family, seed, mode):
    "A generated problem, its swiftemu inputs (specification, parameters, values) and the start of its report row."
    problem = g.make_problem(family, seed, g.seed_index(seed), g.N_TEST)
    inputs = g.swiftemu_inputs(problem, g.errors_for(problem, mode))
    return problem, inputs, dict(family=family, seed=seed, mode=mode, d=problem["d"])


def held_out(problem, emulator) -> dict:
    "RMSE and coverage counts (within 1 and 2 sigma) of a fitted emulator on the problem's held-out points."
    mean, variance = (np.asarray(a) for a in emulator.predict_array(problem["x"], problem["test"]))
    miss = np.abs(mean - problem["truth_test"])
    return dict(rmse=float(np.sqrt(np.mean(miss**2))), count=miss.size,
                within=[int(np.sum(miss <= k * np.sqrt(variance))) for k in (1, 2)])


def measure(family, seed, mode):
    "Every prior on one problem: RMSE, held-out coverage counts, fit time."
    problem, (spec, params, values), row = problem_for(family, seed, mode)
    for name, prior in PRIORS.items():
        with length_scale_prior(*prior) if prior else contextlib.nullcontext():
            started = time.perf_counter()
            emulator = GaussianProcessEmulator(random_state=seed).fit_model(spec, params, values)
            fit = time.perf_counter() - started
        row[name] = dict(held_out(problem, emulator), fit=fit)
    return row


def compare_variants(rows, names, known) -> list:
    """Report lines comparing the variants `names` (keys of every row, each {rmse, fit, count, within}; the first is
    the reference): coverage pooled per family with honest errors and the families in issue 16's window, RMSE
    ratios to the first variant, to swiftemulator and to sklearn (`known`, from a generalisation run), per problem."""
    first = names[0]
    lines = [
        "Coverage pooled per family with honest errors (nominal 0.683 / 0.954; the window is [0.6, 0.8] / [0.9, 0.98]), "
        f"and the median over the family's problems (both error modes) of the RMSE ratio to {first}:", "",
        "| family | " + " | ".join(f"{name} cov 1σ / 2σ" for name in names) + " | "
        + " | ".join(f"{name} RMSE / {first}" for name in names[1:]) + " |",
        "|---|" + "---|" * (2 * len(names) - 1),
    ]
    inside = dict.fromkeys(names, 0)
    for family in g.FAMILIES:
        mine = [r for r in rows if r["family"] == family]
        honest = [r for r in mine if r["mode"] == "honest"]
        cells = []
        for name in names:
            cov = kc.coverage(honest, lambda row, name=name: name)
            inside[name] += kc.in_window(cov)
            cells.append(" / ".join(f"{c:.2f}" for c in cov))
        ratios = [f"{np.median([r[name]['rmse'] / r[first]['rmse'] for r in mine]):.3g}" for name in names[1:]]
        lines.append(f"| {family} | " + " | ".join(cells + ratios) + " |")
    lines += ["", "## Summary", ""]
    for name in names:
        ratio = np.array([r[name]["rmse"] / r[first]["rmse"] for r in rows])
        worst = {f"{f} / {m}": kc.ratio_to([r for r in rows if r["family"] == f and r["mode"] == m], name,
                                             "swiftemulator", known)
                 for f in g.FAMILIES for m in ("honest", "two_percent")}
        fit = np.array([r[name]["fit"] / r[first]["fit"] for r in rows])
        lines.append(f"- {name}: honest families inside the coverage window {inside[name]} of {len(g.FAMILIES)}; RMSE / "
                     f"{first} median {np.median(ratio):.3g}, max {ratio.max():.3g}; worst family and error mode against "
                     f"swiftemulator {np.nanmax(list(worst.values())):.3g} "
                     f"({max(worst, key=lambda f: np.nan_to_num(worst[f], nan=-1))}); median ratio to swiftemulator "
                     f"{kc.ratio_to(rows, name, 'swiftemulator', known):.3g}, to sklearn "
                     f"{kc.ratio_to(rows, name, 'sklearn', known):.3g}; fit time / {first} median {np.median(fit):.2f}")
    lines += ["", "Per problem, held-out RMSE and coverage at 1σ / 2σ:", "",
              "| family | seed | errors | d | " + " | ".join(names) + " |", "|---|---|---|---|" + "---|" * len(names),
              *[f"| {r['family']} | {r['seed']} | {r['mode']} | {r['d']} | "
                + " | ".join(f"{r[k]['rmse']:.4g}, " + " / ".join(f"{w / r[k]['count']:.2f}" for w in r[k]["within"])
                             for k in names) + " |" for r in rows], ""]
    return lines


def run_variants(script: str, title: str, doc: str, stem: str, measure, describe):
    """The shared run of a script comparing variants over the generalisation suite: parse --seeds and --output, run
    `measure` on every problem (printing `describe(row)`), and return (rows, the RMSEs of swiftemulator and sklearn
    from the generalisation run on the same seeds, the report's heading lines, the report's path)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--seeds", default="404,505,606", help="comma-separated seeds")
    parser.add_argument("--output", default=str(HERE / stem), help="path stem of the .md")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    baseline = "results_generalisation_fresh.json" if seeds == [404, 505, 606] else "results_generalisation.json"
    known = kc.baselines(HERE / baseline)
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    rows = g.measured_rows(seeds, measure, describe)
    heading = [
        f"# {title}", "",
        f"Written by `benchmarks/{script}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in "
        f"{(time.perf_counter() - started) / 60:.1f} min; {os.cpu_count()} cores ({platform.machine()}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}); seeds {', '.join(map(str, seeds))}; "
        f"swiftemulator's and sklearn's RMSEs from `{baseline}`.", "",
        doc.split("Writes")[0].split("\n\n", 1)[1].strip(), ""]
    return rows, known, heading, Path(args.output).with_suffix(".md")


def main():
    rows, known, heading, path = run_variants(
        "map_priors.py", "MAP with length-scale priors against maximum likelihood", __doc__, "results_map_priors",
        measure, lambda row: ", ".join(f"{k} {row[k]['rmse']:.4g}" for k in PRIORS))
    lines = [
        *heading,
        "Priors: " + "; ".join(f"{name}: " + ("none" if p is None else f"log l ~ N(log {p[0]}, {p[1]}²)")
                               for name, p in PRIORS.items()) + ".", "",
        *compare_variants(rows, list(PRIORS), known)]
    path.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
