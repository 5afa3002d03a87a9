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
import contextlib
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))
import generalisation as g  # noqa: E402
from variants import compare_variants, run_variants  # noqa: E402

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


def measure(family, seed, mode):
    "Every prior on one problem: RMSE, held-out coverage counts, fit time."
    problem, (spec, params, values), row = g.problem_for(family, seed, mode)
    for name, prior in PRIORS.items():
        with length_scale_prior(*prior) if prior else contextlib.nullcontext():
            started = time.perf_counter()
            emulator = GaussianProcessEmulator(random_state=seed).fit_model(spec, params, values)
            fit = time.perf_counter() - started
        row[name] = dict(g.held_out(problem, emulator), fit=fit)
    return row


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
