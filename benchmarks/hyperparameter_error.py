#!/usr/bin/env python
"""Does averaging the predictions over the hyperparameters' posterior (the Laplace approximation) mend the narrow
error bars of maximum likelihood? (issue 16, item 4)

On the generalisation benchmark's problems (`generalisation.py`: 8 families x 3 seeds, both error modes), in one
process, each problem fitted four ways: swiftemu's default `GaussianProcessEmulator` (maximum likelihood, the
squared exponential), `GaussianProcessEmulatorMCMC(sampler="laplace")` (the same most likely hyperparameters, then
predictions averaged over 20 draws of the Gaussian whose covariance is the inverse Hessian of the negative log
likelihood; the spread between draws adds to the variance), and both again with `kernel="matern52"`. For every fit:
the held-out RMSE and coverage as `generalisation.py` measures them (200 uniform random parameter points at the
training bins, truth = the noiseless function), the fit time, and the time of the first prediction of those points
at 25 new x values (one `predict_array`; what averaging over draws costs). For the squared exponential, with and
without the draws, also the closed-form cross-check `CrossCheck.from_emulator(emulator).summary()` (each run left
out, hyperparameters refitted without it; for the sampled emulator every draw moves by the refit's displacement),
compared with the held-out coverage as `generalisation.py` compares them. RMSE ratios against swiftemulator and
sklearn come from the generalisation run on the same seeds.

Writes benchmarks/results_hyperparameter_error.md. Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python
benchmarks/hyperparameter_error.py [--seeds 404,505,606] [--output STEM]
"""
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))
import generalisation as g  # noqa: E402
from common import timed  # noqa: E402
import kernel_choice as kc  # noqa: E402
from variants import compare_variants, run_variants  # noqa: E402

from swiftemu.emulators import GaussianProcessEmulator, GaussianProcessEmulatorMCMC  # noqa: E402

CROSS_CHECKED = ("ML", "Laplace")
VARIANTS = {
    "ML": lambda seed: GaussianProcessEmulator(random_state=seed),
    "Laplace": lambda seed: GaussianProcessEmulatorMCMC(sampler="laplace", random_state=seed, progress=False),
    "ML M52": lambda seed: GaussianProcessEmulator(kernel="matern52", random_state=seed),
    "Laplace M52": lambda seed: GaussianProcessEmulatorMCMC(sampler="laplace", kernel="matern52", random_state=seed,
                                                            progress=False),
}


def measure(family, seed, mode):
    "Every variant on one problem: RMSE, held-out coverage counts, fit time, first prediction at new x."
    problem, (spec, params, values), row = g.problem_for(family, seed, mode)
    for name, make in VARIANTS.items():
        emulator, fit = timed(lambda: make(seed).fit_model(spec, params, values))
        row[name] = g.held_out(problem, emulator)
        _, row[name]["predict_new"] = timed(lambda: g.check_new_shape(
            problem, emulator.predict_array(g.new_x(problem), problem["test"])))
        row[name]["fit"] = fit
        if name in CROSS_CHECKED:
            row[name].update(g.crosscheck(emulator))
    return row


def crosscheck_lines(rows) -> list:
    """Per family with honest errors: the cross-check's coverage (pooled over the left-out points) against the
    held-out coverage, for the variants in CROSS_CHECKED, and the families where both differ by at most 0.05."""
    lines = ["Cross-check against held-out coverage, per family with honest errors (the cross-check compares the left-out "
             "runs' noisy values with the total variance, the held-out coverage the noiseless truth with the latent "
             "variance, as in `generalisation.py`; 1σ / 2σ):", "",
             "| family | " + " | ".join(f"{n} held-out | {n} cross-check" for n in CROSS_CHECKED) + " |",
             "|---|" + "---|---|" * len(CROSS_CHECKED)]
    close = dict.fromkeys(CROSS_CHECKED, 0)
    for family in g.FAMILIES:
        honest = [r for r in rows if r["family"] == family and r["mode"] == "honest"]
        cells = []
        for name in CROSS_CHECKED:
            held = kc.coverage(honest, lambda row, name=name: name)
            cross = [g.pooled_crosscheck(honest, name, f"crosscheck_within{k}") for k in (1, 2)]
            close[name] += all(abs(c - h) <= 0.05 for c, h in zip(cross, held))
            cells += [" / ".join(f"{h:.2f}" for h in held), " / ".join(f"{c:.2f}" for c in cross)]
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    lines += ["", *[f"- {name}: honest families whose cross-check is within 0.05 of the held-out coverage (1σ and 2σ) "
                    f"{close[name]} of {len(g.FAMILIES)}; cross-check time per problem, median "
                    f"{np.median([r[name]['crosscheck_time'] for r in rows]):.3g} s, max "
                    f"{max(r[name]['crosscheck_time'] for r in rows):.3g} s" for name in CROSS_CHECKED], ""]
    return lines


def main():
    rows, known, heading, path = run_variants(
        "hyperparameter_error.py", "Averaging over the hyperparameters (Laplace) against maximum likelihood", __doc__,
        "results_hyperparameter_error", measure, lambda row: ", ".join(
            f"{k} {row[k]['rmse']:.4g} ({row[k]['within'][0] / row[k]['count']:.2f})" for k in VARIANTS))
    names = list(VARIANTS)
    cost = [f"- {name}: fit time / ML median {np.median([r[name]['fit'] / r['ML']['fit'] for r in rows]):.2f}, "
            f"max {max(r[name]['fit'] / r['ML']['fit'] for r in rows):.2f}; first prediction at 25 new x / ML median "
            f"{np.median([r[name]['predict_new'] / r['ML']['predict_new'] for r in rows]):.2f}, max "
            f"{max(r[name]['predict_new'] / r['ML']['predict_new'] for r in rows):.2f} (its median "
            f"{np.median([r[name]['predict_new'] for r in rows]):.3g} s)" for name in names[1:]]
    lines = [*heading, *compare_variants(rows, names, known)]
    summary = lines.index("## Summary") + 2
    lines[summary:summary] = ["Cost against maximum likelihood (the squared exponential), per problem:", "", *cost, "",
                              *crosscheck_lines(rows)]
    path.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
