#!/usr/bin/env python
"""The iterative solver against the dense one, for errors that vary along both runs and bins (issue 16, item 1).

`IterativeSolver` (nbs/03c_iterative.ipynb) keeps the grid for any errors: preconditioned conjugate gradients,
and a log-determinant and gradient that are exact for the preconditioner plus a stochastic correction. On problems
small enough for the dense solver to check it (seed 9091, nobody tuned on it), this measures:

  at fixed hyperparameters (the dense fit's): the solve's error, the log-determinant's error (next to the part that
      is estimated at all), the error of the gradient's trace terms, with 16 (the default) and 64 probes;
  fitted: `GPCore(solver="iterative")` against `GPCore(solver="dense")` on the same data: time, the largest shift of
      a log hyperparameter, the exact (dense) negative log likelihood at both optima, held-out RMSE and 1-sigma
      coverage of the latent function at 200 random parameter points x the training x;
  one evaluation at 10,000 points: what one likelihood-and-gradient evaluation asks of each solver.

Errors: `random` (sd uniform in 0.01-0.03 at every point) or `two_percent` (2% of |value| + 0.001).
Writes benchmarks/results_iterative.md. Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/iterative_vs_dense.py
"""
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from swiftemu.emulators.engine import GPCore
from swiftemu.emulators.iterative import IterativeSolver
from swiftemu.emulators.solvers import DenseSolver
from swiftemu.emulators.structured import GridLayout, product_factors

HERE = Path(__file__).resolve().parent
SEED = 9091  # a seed nobody tuned on
CASES = [(40, 50, 3, "random"), (40, 50, 3, "two_percent"), (64, 30, 8, "random"), (64, 30, 8, "two_percent")]


def problem(runs, bins, dims, noise, seed=SEED):
    "Point-ordered inputs (x first), values and errors of a smooth relation on a grid, and 200 test points."
    rng = np.random.default_rng([seed, runs, bins, dims])
    theta, x = rng.random((runs, dims)), np.linspace(0.0, 1.0, bins)
    weights = rng.normal(size=dims) / np.sqrt(dims)
    truth = lambda t: 2.0 * np.sin(2.0 * x[None] + (t @ weights)[:, None]) + x[None] * (t[:, :1] - 0.5)
    values = truth(theta)
    sd = rng.uniform(0.01, 0.03, values.shape) if noise == "random" else 0.02 * np.abs(values) + 1e-3
    y = values + sd * rng.standard_normal(values.shape)
    X = np.column_stack([np.tile(x, runs), np.repeat(theta, bins, axis=0)])
    test = rng.random((200, dims))
    Z = np.column_stack([np.tile(x, len(test)), np.repeat(test, bins, axis=0)])
    return X, y.ravel(), sd.ravel(), Z, truth(test).ravel()


def fit(X, y, sd, solver):
    core = GPCore(random_state=SEED, solver=solver, x_axes=[0])
    started = time.perf_counter()
    core.fit(X, y, sd)
    return core, time.perf_counter() - started


def at_fixed_hyperparameters(core, X):
    "The iterative solver against the dense one at the dense fit's hyperparameters and noise."
    layout = GridLayout.from_inputs(X, [0])
    k_theta, k_x, d_theta, d_x = product_factors(core.kernel_, *layout.factor_inputs(X), gradient=True)
    # point-ordered, as the engine's arrays are (the layout's runs are sorted by their parameters)
    points = lambda a, b: a[np.ix_(layout.run, layout.run)] * b[np.ix_(layout.column, layout.column)]
    dense = DenseSolver(points(k_theta, k_x), core.noise_)
    inverse = dense.inverse()
    exact_traces = np.r_[[np.sum(inverse * points(d_theta[:, :, i], k_x)) for i in range(d_theta.shape[2])],
                         [np.sum(inverse * points(k_theta, d_x[:, :, i])) for i in range(d_x.shape[2])]]
    row = {}
    for probes in (16, 64):
        started = time.perf_counter()
        solver = IterativeSolver(k_theta, k_x, layout.to_grid(core.noise_), layout, probes=probes)
        alpha, log_det = solver.solve(core.ys_), solver.log_determinant
        traces = np.r_[solver.trace_theta(d_theta), solver.trace_x(d_x)]
        seconds = time.perf_counter() - started
        first = np.sum(layout.to_grid(solver.preconditioner.inverse_diagonal()) * solver.excess)
        row[probes] = dict(
            seconds=seconds, iterations=solver.iterations[0], lanczos=solver.lanczos_steps,
            solve=np.abs(alpha - dense.solve(core.ys_)).max() / np.abs(dense.solve(core.ys_)).max(),
            log_det=log_det - dense.log_determinant,
            estimated=dense.log_determinant - solver.preconditioner.log_determinant - first,
            # the trace terms enter the gradient as ½ tr(K⁻¹ ∂K): the error in nats per unit of log hyperparameter
            gradient=0.5 * np.abs(traces - exact_traces).max(), gradient_scale=0.5 * np.abs(exact_traces).max())
    return row


def one_evaluation(runs, bins, dims, noise):
    """Seconds for what one likelihood-and-gradient evaluation asks of its solver at fixed hyperparameters (amplitude
    1, length scales 0.5 over the parameters and 0.2 over x): the iterative solver's solve, log|K| and traces, and
    the dense Cholesky factor and inverse."""
    X, y, sd, _, _ = problem(runs, bins, dims, noise)
    layout = GridLayout.from_inputs(X, [0])
    theta = X[np.unique(layout.run, return_index=True)[1]][:, 1:]
    x = X[np.unique(layout.column, return_index=True)[1]][:, 0]
    k_theta = np.exp(-0.5 * ((theta[:, None] - theta[None]) ** 2).sum(-1) / 0.25)
    k_x = np.exp(-0.5 * (x[:, None] - x[None]) ** 2 / 0.04)
    started = time.perf_counter()
    solver = IterativeSolver(k_theta, k_x, layout.to_grid(sd**2), layout)
    solver.solve(y), solver.log_determinant, solver.trace_theta(k_theta[:, :, None]), solver.trace_x(k_x[:, :, None])
    solver.trace_diagonal()
    iterative = time.perf_counter() - started
    started = time.perf_counter()
    points = k_theta[np.ix_(layout.run, layout.run)] * k_x[np.ix_(layout.column, layout.column)]
    dense = DenseSolver(points, sd**2, condition=False)
    dense.solve(y), dense.inverse_lower()
    return dict(iterative=iterative, dense=time.perf_counter() - started, iterations=solver.iterations,
                lanczos=solver.lanczos_steps)


def main():
    started, rows = time.time(), []
    warnings.simplefilter("ignore")  # the iterative fit's note that its variance is not calibrated (GPCore: not asked)
    for runs, bins, dims, noise in CASES:
        X, y, sd, Z, truth = problem(runs, bins, dims, noise)
        dense_core, dense_time = fit(X, y, sd, "dense")
        fixed = at_fixed_hyperparameters(dense_core, X)
        iterative_core, iterative_time = fit(X, y, sd, "iterative")
        scores = {}
        for name, core in (("dense", dense_core), ("iterative", iterative_core)):
            mean, variance = core.predict(Z)
            error = mean - truth
            scores[name] = (np.sqrt(np.mean(error**2)), np.mean(np.abs(error) < np.sqrt(variance)))
        exact = dense_core.negative_log_likelihood(gradient=False)
        rows.append(dict(case=f"{runs} x {bins}, d={dims}, {noise}", fixed=fixed, times=(dense_time, iterative_time),
                         shift=np.abs(iterative_core.hyperparameters_ - dense_core.hyperparameters_).max(),
                         nll=(exact(dense_core.hyperparameters_)[0], exact(iterative_core.hyperparameters_)[0]),
                         scores=scores))
        print(rows[-1], flush=True)
    evaluations = [dict(case=f"{r} x {b}, d={d}, {noise}", **one_evaluation(r, b, d, noise))
                   for r, b, d, noise in [(200, 50, 8, "random"), (200, 50, 8, "two_percent")]]
    print(evaluations, flush=True)
    lines = ["# The iterative solver against the dense one", "",
             f"Written by `benchmarks/iterative_vs_dense.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
             f"in {(time.time() - started) / 60:.1f} min; {platform.machine()}, OPENBLAS_NUM_THREADS=1. Problems: seed "
             f"{SEED}, runs x bins x parameters as listed, a smooth relation; errors `random` (sd uniform in "
             "0.01-0.03 at every point) or `two_percent` (2% of |value| + 0.001). See the script's docstring.", "",
             "## At the dense fit's hyperparameters", "",
             "log-det error in nats, next to the part estimated at all (log|K| − log|P| − tr(P⁻¹Δ)); gradient error "
             "= ½ max |estimated − exact tr(K⁻¹ ∂K)| over the kernel's hyperparameters, in nats per unit of log "
             "hyperparameter, next to the largest ½ |tr(K⁻¹ ∂K)|.", "",
             "| case | probes | PCG iterations | Lanczos steps | solve max rel. error | log-det error (of estimated part) "
             "| gradient error (of) | s |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        for probes, f in row["fixed"].items():
            lines.append(f"| {row['case']} | {probes} | {f['iterations']} | {f['lanczos']} | {f['solve']:.1e} | "
                         f"{f['log_det']:+.2f} (of {f['estimated']:.1f}) | {f['gradient']:.2f} (of "
                         f"{f['gradient_scale']:.0f}) | {f['seconds']:.2f} |")
    lines += ["", "## Fitted", "",
              f"`GPCore(random_state={SEED}, x_axes=[0])` with `solver=\"dense\"` and `\"iterative\"` on the same data; "
              "held-out RMSE and 1σ coverage of the latent function at 200 random parameter points x the training x; "
              "-log L is the exact (dense) likelihood at each fit's hyperparameters.", "",
              "| case | fit s dense / iterative | max \\|Δ log hyperparameter\\| | exact -log L dense / iterative | "
              "RMSE dense / iterative | cov 1σ dense / iterative |", "|---|---|---|---|---|---|"]
    for row in rows:
        d, i = row["scores"]["dense"], row["scores"]["iterative"]
        lines.append(f"| {row['case']} | {row['times'][0]:.1f} / {row['times'][1]:.1f} | {row['shift']:.2f} | "
                     f"{row['nll'][0]:.1f} / {row['nll'][1]:.1f} | {d[0]:.5f} / {i[0]:.5f} | {d[1]:.2f} / {i[1]:.2f} |")
    lines += ["", "## One evaluation at 10,000 points", "",
              "What one likelihood-and-gradient evaluation asks of the iterative solver (solve, log|K|, traces) and of "
              "the dense one (Cholesky factor and inverse), at fixed hyperparameters; one timing each.", "",
              "| case | seconds iterative / dense | PCG iterations (values; probes) | Lanczos steps |", "|---|---|---|---|"]
    for row in evaluations:
        lines.append(f"| {row['case']} | {row['iterative']:.2f} / {row['dense']:.1f} | {row['iterations'][0]}; "
                     f"{row['iterations'][-1]} | {row['lanczos']} |")
    (HERE / "results_iterative.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
