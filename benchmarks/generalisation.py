#!/usr/bin/env python
"""Emulator accuracy on generated problems nobody tuned for: swiftemu vs swiftemulator 1.3.1 vs scikit-learn.

Every problem is generated from a seed: a function family f(x, theta) with random coefficients, a parameter
dimension d (2-10) with parameter ranges on different scales, a Latin-hypercube design of 8 d runs (clipped to
[16, 128]) at 12 x bins (10 when d >= 8), and noisy training values. Families:

  smooth        low-order polynomial in the parameters, slopes along x varying with them
  oscillatory   sines whose phase moves with x and the parameters (about one cycle across the cube)
  mixed_scales  parameters spanning orders of magnitude ([1e-3, 1e-1], [100, 5000], ...) acting through their logs
  knee          a broken power law whose (sharp, softplus) knee and slopes move with the parameters
  additive      a sum of one-parameter sines (no parameter-parameter interactions)
  interactions  pairwise products of the parameters and a tanh of their sum, scaled along x
  near_linear   linear in x and the parameters with a 5% quadratic part
  noisy         the smooth form with 0.1 dex noise

Two error modes per problem, with the same noise draw: "honest" (dependent_error = the noise sd) and
"two_percent" (dependent_error = 2% of |value|, the swiftemulator seed's convention). Each fitted emulator
predicts 200 held-out uniform random parameter points at the same bins; the truth there is the noiseless f.
Reported: held-out RMSE, coverage of the predicted sigma of the latent function (fraction of truths within 1
and 2 sigma), fit time. Also: the first prediction of the held-out points at 25 new x values (inside the x range,
none a training bin; swiftemu one predict_array call, swiftemulator a loop of predict_values) timed against
swiftemulator; and swiftemu's closed-form leave-one-run-out cross-check (CrossCheck.from_emulator(...).summary()),
whose coverage (noisy left-out values vs the total variance) is set next to the held-out coverage (noiseless
truth vs the latent variance): two calibration measures. scikit-learn's baseline is GaussianProcessRegressor(ConstantKernel() * anisotropic
RBF, alpha = the given errors squared, normalize_y=True, 5 optimiser starts) on (x, theta) scaled to the unit
cube. Since sklearn adds alpha to the kernel of the *normalised* y, the errors are divided by std(y) first so
that alpha carries the given errors in sklearn's units.

Writes benchmarks/results_generalisation.md and .json next to this file.
Run:  OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/generalisation.py [--quick] [--families a,b]
      [--seeds 101,202] [--variant default={}] [--variant NAME='{"option": value}'] ...
"""
import argparse
import json
import os
import platform
import sys
import time
import traceback
import warnings
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import as_reference, targets_section, timed  # noqa: E402

import swiftemulator as ref  # noqa: E402,F401
from swiftemulator.emulators.gaussian_process import GaussianProcessEmulator as RefGP  # noqa: E402

from swiftemu.containers import ModelParameters, ModelSpecification, ModelValues  # noqa: E402
from swiftemu.design import create_hypercube  # noqa: E402
from swiftemu.emulators import GaussianProcessEmulator  # noqa: E402

warnings.simplefilter("ignore")

SEEDS = (101, 202, 303)
DIMENSIONS = (2, 3, 5, 8, 10)
N_TEST = 200
N_NEW_X = 25  # x values of the first-call timing: np.linspace(lo, hi, N_NEW_X + 2)[1:-1] of the family's x range
# family: (x range, noise sd of the honest mode)
FAMILIES = {
    "smooth": ((9.0, 12.0), 0.02),
    "oscillatory": ((0.0, 1.0), 0.02),
    "mixed_scales": ((9.0, 12.0), 0.01),
    "knee": ((9.0, 12.0), 0.03),
    "additive": ((0.0, 1.0), 0.02),
    "interactions": ((0.0, 1.0), 0.02),
    "near_linear": ((9.0, 12.0), 0.01),
    "noisy": ((9.0, 12.0), 0.10),
}
QUICK_FAMILIES = ("smooth", "mixed_scales", "knee", "noisy")
MODES = ("honest", "two_percent")


def measured_rows(seeds, measure, describe) -> list:
    """`measure(family, seed, mode)` for every generated problem (the other scripts' loop over this suite), in its
    order; each row is printed as it comes, after its problem, by `describe(row)`."""
    rows = []
    for family in FAMILIES:
        for seed in seeds:
            for mode in MODES:
                rows.append(measure(family, seed, mode))
                print(f"{family} {seed} {mode}: {describe(rows[-1])}", flush=True)
    return rows


def seeds_argument(description: str, fresh_output: str) -> list:
    "The seeds a suite script runs on, from its --seeds (default SEEDS; any other set writes `fresh_output`)."
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seeds", help=f"comma-separated seeds (default {','.join(map(str, SEEDS))}; others write "
                        f"{fresh_output})")
    seeds = parser.parse_args().seeds
    return [int(s) for s in seeds.split(",")] if seeds else list(SEEDS)


def problem_for(family, seed, mode):
    "A generated problem, its swiftemu inputs (specification, parameters, values) and the start of its report row."
    problem = make_problem(family, seed, seed_index(seed), N_TEST)
    inputs = swiftemu_inputs(problem, errors_for(problem, mode))
    return problem, inputs, dict(family=family, seed=seed, mode=mode, d=problem["d"])


def held_out(problem, emulator) -> dict:
    "RMSE and coverage counts (within 1 and 2 sigma) of a fitted emulator on the problem's held-out points."
    mean, variance = (np.asarray(a) for a in emulator.predict_array(problem["x"], problem["test"]))
    miss = np.abs(mean - problem["truth_test"])
    return dict(rmse=float(np.sqrt(np.mean(miss**2))), count=miss.size,
                within=[int(np.sum(miss <= k * np.sqrt(variance))) for k in (1, 2)])


# ----------------------------------------------------------------------------------------------------------------
# problem generation

def family_rng(family, seed, stream):
    "An independent generator for (family, seed, stream): 0 coefficients, 1 design, 2 noise, 3 test points, 4 test noise."
    return np.random.default_rng([seed, zlib.crc32(family.encode()), stream])


def seed_index(seed):
    "Where a seed sits in the cycle of DIMENSIONS: its place in SEEDS, or (any other seed) seed mod len(DIMENSIONS)."
    return SEEDS.index(seed) if seed in SEEDS else seed % len(DIMENSIONS)


def dimension(family, seed_index):
    "d cycles through DIMENSIONS with the family and the seed, so each family sees three different d."
    return DIMENSIONS[(list(FAMILIES).index(family) + 2 * seed_index) % len(DIMENSIONS)]


def generic_limits(rng, d):
    "Ranges on different scales: a random scale 10^U(-2, 3), a start within one scale of zero, width 0.5-2 scales."
    scale = 10 ** rng.uniform(-2, 3, d)
    lo = scale * rng.uniform(-1, 1, d)
    hi = lo + scale * rng.uniform(0.5, 2, d)
    return np.column_stack([lo, hi]), np.zeros(d, bool)


def mixed_limits(rng, d):
    "The first two [1e-3, 1e-1] and [100, 5000]; others 50/50 log-spanning (1.5-3 decades) or generic."
    limits, is_log = generic_limits(rng, d)
    for j in range(d):
        if j == 0:
            limits[j], is_log[j] = (1e-3, 1e-1), True
        elif j == 1:
            limits[j], is_log[j] = (100.0, 5000.0), True
        elif rng.uniform() < 0.5:
            a = rng.uniform(-4, 3)
            limits[j], is_log[j] = (10**a, 10 ** (a + rng.uniform(1.5, 3))), True
    return limits, is_log


def offset(rng):
    "A level of order 1-5, either sign."
    return rng.choice([-1, 1]) * rng.uniform(1.5, 5)


def make_function(family, rng, d, limits, is_log, x_range):
    """f(x, theta) -> (points, len(x)) for theta (points, d). Internally u = x on [0, 1], t = the parameters on
    [0, 1] (through log10 for the log-spanning ones) and z = 2 t - 1."""
    lo, hi = limits[:, 0], limits[:, 1]
    x0, x1 = x_range

    def unit(x, theta):
        theta = np.atleast_2d(theta)
        t = (theta - lo) / (hi - lo)
        if is_log.any():
            t[:, is_log] = np.log10(theta[:, is_log] / lo[is_log]) / np.log10(hi[is_log] / lo[is_log])
        u = (np.asarray(x, float) - x0) / (x1 - x0)
        return u[None, :], t, 2 * t - 1

    if family in ("smooth", "noisy"):
        c0, a0, g = offset(rng), rng.normal(0, 1), rng.normal(0, 1)
        a, b, e = rng.normal(0, 1 / np.sqrt(d), d), rng.uniform(-1, 1, d), rng.normal(0, 0.3 / np.sqrt(d), d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            return (c0 + a0 * (u - 0.5) + g * (u - 0.5) ** 2
                    + np.einsum("pj,j,jx->px", z, a, 1 + b[:, None] * (u - 0.5)) + (z**2 @ e)[:, None])
    elif family == "oscillatory":
        c0, A, k, phi = offset(rng), rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5), rng.uniform(0, 2 * np.pi)
        w = rng.choice([-1, 1], d) * rng.uniform(0.5, 1.5, d) / np.sqrt(d)
        B, m, v = rng.uniform(0.2, 0.6), rng.uniform(1, 3), rng.uniform(0.5, 1.5, d) / np.sqrt(d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            return (c0 + A * np.sin(2 * np.pi * (k * u + (t @ w)[:, None]) + phi)
                    + B * np.cos(np.pi * (m * u - (t @ v)[:, None])))
    elif family == "mixed_scales":
        c0, a0 = offset(rng), rng.normal(0, 1)
        a, b, e = rng.normal(0, 1.5 / np.sqrt(d), d), rng.uniform(-1, 1, d), rng.normal(0, 0.5)

        def f(x, theta):
            u, t, z = unit(x, theta)
            return (c0 + a0 * (u - 0.5) + np.einsum("pj,j,jx->px", t, a, 1 + b[:, None] * (u - 0.5))
                    + e * (t[:, 0] * t[:, 1])[:, None])
    elif family == "knee":
        phi0, width = rng.uniform(-4, -2), rng.uniform(0.03, 0.1)
        where = rng.dirichlet(np.ones(d))                       # knee at 10 + 1.5 (where . t): [10, 11.5]
        s1, s2 = rng.uniform(-1, 0), rng.uniform(-4, -2)        # slopes below and above the knee
        c1, c2 = rng.normal(0, 0.3 / np.sqrt(d), d), rng.normal(0, 0.5 / np.sqrt(d), d)
        e = rng.normal(0, 0.3 / np.sqrt(d), d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            xx = x0 + u * (x1 - x0)
            knee = (10 + 1.5 * (t @ where))[:, None]
            low, high = s1 + (z @ c1)[:, None], s2 + (z @ c2)[:, None]
            return (phi0 + (z @ e)[:, None] + low * (xx - knee)
                    + (high - low) * width * np.logaddexp(0, (xx - knee) / width))
    elif family == "additive":
        c0, a0 = offset(rng), rng.normal(0, 1)
        A, fr = rng.uniform(0.3, 1, d) / np.sqrt(d) * 1.5, rng.uniform(0.5, 2, d)
        g, ph = rng.uniform(0, 1, d), rng.uniform(0, 2 * np.pi, d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            return c0 + a0 * u + np.sum(A * np.sin(np.pi * (fr * t[:, None, :] + g * u[..., None]) + ph), axis=-1)
    elif family == "interactions":
        c0 = offset(rng)
        pairs = np.triu(rng.normal(0, 1.5 / np.sqrt(max(1, d * (d - 1) / 2)), (d, d)), 1)
        C, w = rng.normal(0, 1), rng.normal(0, 1 / np.sqrt(d), d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            return (c0 + (0.5 + u) * np.einsum("pj,jk,pk->p", z, pairs, z)[:, None]
                    + C * u * np.tanh(2 * (z @ w))[:, None])
    elif family == "near_linear":
        c0, a0 = offset(rng), rng.normal(0, 1)
        a, b, e = rng.normal(0, 1 / np.sqrt(d), d), rng.normal(0, 0.3 / np.sqrt(d), d), rng.normal(0, 1, d)

        def f(x, theta):
            u, t, z = unit(x, theta)
            linear = c0 + a0 * (u - 0.5) + (z @ a)[:, None] + (z @ b)[:, None] * (u - 0.5)
            return linear + 0.05 * np.sqrt(np.mean(a**2) * d) * (z**2 @ e / np.sqrt(d))[:, None]
    else:
        raise ValueError(family)
    return f


def make_problem(family, seed, seed_index, n_test):
    x_range, noise_sd = FAMILIES[family]
    rng = family_rng(family, seed, 0)
    d = dimension(family, seed_index)
    runs, bins = int(np.clip(8 * d, 16, 128)), (12 if d <= 5 else 10)
    limits, is_log = mixed_limits(rng, d) if family == "mixed_scales" else generic_limits(rng, d)
    f = make_function(family, rng, d, limits, is_log, x_range)
    names = [f"p{j}" for j in range(d)]
    spec_args = dict(number_of_parameters=d, parameter_names=names, parameter_limits=[list(map(float, l)) for l in limits],
                     parameter_printable_names=names)
    spec = ModelSpecification(**spec_args)
    design = create_hypercube(spec, runs, random_state=int(family_rng(family, seed, 1).integers(2**31)))
    uids = list(design.keys())
    theta = np.array([[design[uid][n] for n in names] for uid in uids], float)
    x = np.linspace(*x_range, bins)
    truth = f(x, theta)
    noisy = truth + family_rng(family, seed, 2).normal(0, noise_sd, truth.shape)
    test = family_rng(family, seed, 3).uniform(limits[:, 0], limits[:, 1], (n_test, d))
    return dict(family=family, seed=seed, d=d, runs=runs, bins=bins, noise_sd=noise_sd, names=names, spec=spec,
                spec_args=spec_args, limits=limits, design=design, uids=uids, theta=theta, x=x, y=noisy,
                truth_train=truth, test=test, truth_test=f(x, test))


def errors_for(problem, mode):
    y = problem["y"]
    return np.full_like(y, problem["noise_sd"]) if mode == "honest" else 0.02 * np.abs(y)


# ----------------------------------------------------------------------------------------------------------------
# the three emulators: each returns (mean, variance of the latent function) at the test points, (points, bins)

def swiftemu_inputs(problem, errors):
    "A problem as swiftemu's containers, with the errors given: (specification, parameters, values)."
    spec = ModelSpecification(**problem["spec_args"])
    params = ModelParameters({uid: dict(problem["design"][uid]) for uid in problem["uids"]})
    values = ModelValues({uid: {"independent": problem["x"], "dependent": problem["y"][i],
                                "dependent_error": errors[i]} for i, uid in enumerate(problem["uids"])})
    return spec, params, values


def fit_swiftemu(problem, errors, options):
    spec, params, values = swiftemu_inputs(problem, errors)
    emulator, fit = timed(lambda: GaussianProcessEmulator(random_state=problem["seed"], **options)
                          .fit_model(spec, params, values))
    (mean, var), predict = timed(lambda: emulator.predict_array(problem["x"], problem["test"]))
    extra = {}
    # the first call at x values the emulator has never been asked about (none equals a training bin)
    extra.update(measure("predict_new", lambda: dict(predict_new=timed(
        lambda: check_new_shape(problem, emulator.predict_array(new_x(problem), problem["test"])))[1])))
    extra.update(measure("crosscheck", lambda: crosscheck(emulator)))
    extra.update(measure("heldout_total", lambda: heldout_total(problem, errors, emulator, mean, var)))
    return np.asarray(mean), np.asarray(var), fit, predict, extra


def new_x(problem):
    "N_NEW_X x values strictly inside the family's x range, none equal to a training bin."
    x = np.linspace(*FAMILIES[problem["family"]][0], N_NEW_X + 2)[1:-1]
    assert not np.isin(x, problem["x"]).any(), "a new x value equals a training bin"
    return x


def check_new_shape(problem, prediction):
    "The (mean, variance) of a prediction at the new x values, checked to be (points, N_NEW_X) and finite."
    mean, var = (np.asarray(a) for a in prediction)
    shape = (len(problem["test"]), N_NEW_X)
    if mean.shape != shape or var.shape != shape or not (np.isfinite(mean).all() and np.isfinite(var).all()):
        raise ValueError(f"prediction at new x: shapes {mean.shape}, {var.shape} (want {shape}) or non-finite values")
    return mean, var


def crosscheck(emulator):
    """swiftemu's closed-form leave-one-run-out cross-check of the fitted emulator: the left-out runs' noisy
    training values against the prediction's total variance (latent + the run's noise)."""
    from swiftemu.sensitivity import CrossCheck

    s, seconds = timed(lambda: CrossCheck.from_emulator(emulator).summary())
    return dict(crosscheck_within1=float(s["within_1_sigma"]), crosscheck_within2=float(s["within_2_sigma"]),
                crosscheck_points=int(s["points"]), crosscheck_hyperparameters=str(s["hyperparameters"]),
                crosscheck_time=float(seconds))


def heldout_total(problem, errors, emulator, mean, var):
    """The cross-check's quantity on the held-out points (like for like, for information): fresh noisy values (the
    noiseless truth + the family's noise, its own stream) against the total variance, latent + (the fitted factor on
    the errors x the error the mode would give those values)^2."""
    noisy = problem["truth_test"] + family_rng(problem["family"], problem["seed"], 4).normal(
        0, problem["noise_sd"], problem["truth_test"].shape)
    given = np.full_like(noisy, problem["noise_sd"]) if errors is not None and np.ptp(errors) == 0 else 0.02 * np.abs(noisy)
    total = np.asarray(var) + (float(emulator.hyperparameters.get("error_scale", 1.0)) * given) ** 2
    k = np.abs(np.asarray(mean) - noisy) / np.sqrt(total)
    return dict(heldout_total_within1=float(np.mean(k <= 1)), heldout_total_within2=float(np.mean(k <= 2)))


def measure(name, function):
    "An extra measurement's fields, or `{name}_error` when it fails (reported; the rest of the row stands)."
    try:
        return function()
    except Exception as error:  # report, never hide, a failure
        traceback.print_exc(limit=2)
        return {f"{name}_error": f"{type(error).__name__}: {error}"[:300]}


def fit_reference(problem, errors, unit=False):
    """swiftemulator with its defaults. It feeds the raw parameter values to george (length scales start at 1, no
    input scaling), so `unit=True` also runs it on parameters mapped to [0, 1] by their limits: an informative
    extra, not part of the targets. The default one (not unit) also times its first prediction at new x."""
    spec_args, lim, test = dict(problem["spec_args"]), problem["limits"], problem["test"]
    to_unit = (lambda v, j: (v - lim[j, 0]) / (lim[j, 1] - lim[j, 0])) if unit else (lambda v, j: v)
    if unit:
        spec_args["parameter_limits"] = [[0.0, 1.0]] * problem["d"]
        test = (test - lim[:, 0]) / (lim[:, 1] - lim[:, 0])
    spec = ModelSpecification(**spec_args)
    params = ModelParameters({uid: {n: float(to_unit(problem["design"][uid][n], j)) for j, n in enumerate(problem["names"])}
                              for uid in problem["uids"]})
    values = ModelValues({uid: {"independent": problem["x"], "dependent": problem["y"][i],
                                "dependent_error": errors[i]} for i, uid in enumerate(problem["uids"])})
    emulator = RefGP()
    _, fit = timed(lambda: emulator.fit_model(*as_reference(spec, params, values)))
    names = problem["names"]

    def predict():
        out = [emulator.predict_values(problem["x"], dict(zip(names, map(float, p)))) for p in test]
        return np.array([o[0] for o in out]), np.array([o[1] for o in out])

    (mean, var), predict_time = timed(predict)
    extra = {}
    if not unit:
        x_new = new_x(problem)

        def predict_new():
            out = [emulator.predict_values(x_new, dict(zip(names, map(float, p)))) for p in test]
            return check_new_shape(problem, (np.array([o[0] for o in out]), np.array([o[1] for o in out])))

        extra = measure("predict_new", lambda: dict(predict_new=timed(predict_new)[1]))
    return mean, var, fit, predict_time, extra


def fit_sklearn(problem, errors):
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel

    d, x, lim = problem["d"], problem["x"], problem["limits"]
    x0, x1 = x.min(), x.max()

    def inputs(theta):
        t = (theta - lim[:, 0]) / (lim[:, 1] - lim[:, 0])
        u = (x - x0) / (x1 - x0)
        return np.column_stack([np.repeat(u[None, :], len(t), 0).ravel(), np.repeat(t, len(u), 0)])

    y, e = problem["y"].ravel(), errors.ravel()
    scale = np.std(y) or 1.0  # normalize_y divides y by this; alpha is added in those units
    gp = GaussianProcessRegressor(kernel=ConstantKernel() * RBF(length_scale=np.ones(d + 1), length_scale_bounds=(1e-3, 1e3)),
                                  alpha=(e / scale) ** 2, normalize_y=True, n_restarts_optimizer=4,
                                  random_state=problem["seed"])
    _, fit = timed(lambda: gp.fit(inputs(problem["theta"]), y))
    (mean, std), predict = timed(lambda: gp.predict(inputs(problem["test"]), return_std=True))
    shape = problem["truth_test"].shape
    return mean.reshape(shape), (std**2).reshape(shape), fit, predict


def score(problem, result):
    """RMSE and coverage counts of one emulator's (mean, var, fit, predict[, extra]) on the held-out points; the
    extra measurements (predict_new, crosscheck_*) are merged in."""
    mean, var, fit, predict, *extra = result
    resid = mean - problem["truth_test"]
    sigma = np.sqrt(np.clip(var, 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.abs(resid) / sigma
    return dict(rmse=float(np.sqrt(np.mean(resid**2))), within1=int(np.sum(k <= 1)), within2=int(np.sum(k <= 2)),
                n=int(resid.size), fit=float(fit), predict=float(predict), error="", **(extra[0] if extra else {}))


def failed(error):
    return dict(rmse=float("nan"), within1=0, within2=0, n=0, fit=float("nan"), predict=float("nan"),
                error=f"{type(error).__name__}: {error}"[:300])


def attempt(function):
    try:
        return function()
    except Exception as error:  # report, never hide, a failure
        traceback.print_exc(limit=2)
        return failed(error)


# ----------------------------------------------------------------------------------------------------------------
# report

def nanmedian(values):
    values = [v for v in values if v is not None and np.isfinite(v)]
    return float(np.median(values)) if values else float("nan")


def fmt(value, digits=4):
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.{digits}g}"


def coverage(rows, package, key):
    n = sum(r[package]["n"] for r in rows)
    return sum(r[package][key] for r in rows) / n if n else float("nan")


def field(result, key):
    "A numeric field of one package's result, NaN when it is missing (a failed fit or measurement)."
    value = result.get(key)
    return float(value) if value is not None and np.isfinite(value) else float("nan")


def pooled_crosscheck(rows, package, key):
    "Cross-check coverage pooled over the problems' left-out points (those whose cross-check ran)."
    pairs = [(field(r[package], key), r[package].get("crosscheck_points", 0)) for r in rows]
    pairs = [(f, n) for f, n in pairs if np.isfinite(f) and n]
    total = sum(n for _, n in pairs)
    return sum(f * n for f, n in pairs) / total if total else float("nan")


def signed(value, digits=2):
    return "n/a" if value is None or not np.isfinite(value) else f"{value:+.{digits}f}"


def span(values):
    lo, hi = min(values), max(values)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def variant_section(name, options, rows, families):
    "The per-family table, per-problem table, summary and targets of one swiftemu variant."
    se = f"swiftemu:{name}"
    for r in rows:
        r["ratio_ref"] = r[se]["rmse"] / r["swiftemulator"]["rmse"]
        r["ratio_sk"] = r[se]["rmse"] / r["sklearn"]["rmse"]
        r["ratio_unit"] = r[se]["rmse"] / r["swiftemulator_unit"]["rmse"]
        # first prediction at new x: reference time / swiftemu time; fit: swiftemu time / reference time
        r["speedup_new_x"] = field(r["swiftemulator"], "predict_new") / field(r[se], "predict_new")
        r["fit_ratio_ref"] = field(r[se], "fit") / field(r["swiftemulator"], "fit")
    lines = [f"## swiftemu variant `{name}` = `{json.dumps(options)}`", ""]
    errors = [f"{r['family']} seed {r['seed']} {r['mode']} ({p.replace(':', ' ')}): {r[p]['error']}" for r in rows
              for p in (se, "swiftemulator", "swiftemulator_unit", "sklearn") if r[p]["error"]]
    errors += [f"{r['family']} seed {r['seed']} {r['mode']} {p.replace(':', ' ')} {what}: {r[p][what + '_error']}"
               for r in rows for p in (se, "swiftemulator") for what in ("predict_new", "crosscheck")
               if r[p].get(what + "_error")]
    if errors:
        lines += ["Failures:", "", *[f"- {e}" for e in errors], ""]
    lines += [
        "Per family and error mode, over its seeds: RMSE is the median of the per-problem held-out RMSEs; the "
        "ratios are the medians of the per-problem ratios; coverage is pooled over all held-out values (nominal "
        "0.683 / 0.954); fit time is the mean per fit [s].",
        "",
        "| family | d | runs | errors | RMSE swiftemu | RMSE swiftemulator | RMSE sklearn | ratio vs swiftemulator "
        "| ratio vs sklearn | cov 1σ swiftemu / swiftemulator / sklearn | cov 2σ swiftemu / swiftemulator / sklearn "
        "| fit swiftemu / swiftemulator / sklearn [s] | RMSE swiftemulator, unit θ | ratio vs it |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    family_rows, extra_lines = [], []
    for family in families:
        for mode in MODES:
            sel = [r for r in rows if r["family"] == family and r["mode"] == mode]
            if not sel:
                continue
            rm = {p: nanmedian([r[p]["rmse"] for r in sel]) for p in (se, "swiftemulator", "swiftemulator_unit", "sklearn")}
            cov1 = {p: coverage(sel, p, "within1") for p in (se, "swiftemulator", "sklearn")}
            cov2 = {p: coverage(sel, p, "within2") for p in (se, "swiftemulator", "sklearn")}
            fit = {p: float(np.nanmean([r[p]["fit"] for r in sel])) if any(np.isfinite(r[p]["fit"]) for r in sel)
                   else float("nan") for p in (se, "swiftemulator", "sklearn")}
            ratio_ref, ratio_sk = nanmedian([r["ratio_ref"] for r in sel]), nanmedian([r["ratio_sk"] for r in sel])
            new_time = {p: nanmedian([field(r[p], "predict_new") for r in sel]) for p in (se, "swiftemulator")}
            speedup = nanmedian([r["speedup_new_x"] for r in sel])
            fit_ratios = [r["fit_ratio_ref"] for r in sel if np.isfinite(r["fit_ratio_ref"])]
            fit_ratio_max = max(fit_ratios) if fit_ratios else float("nan")
            cc1, cc2 = pooled_crosscheck(sel, se, "crosscheck_within1"), pooled_crosscheck(sel, se, "crosscheck_within2")
            cc_time = nanmedian([field(r[se], "crosscheck_time") for r in sel])
            ht1, ht2 = (nanmedian([field(r[se], f"heldout_total_within{k}") for r in sel]) for k in (1, 2))
            family_rows.append(dict(family=family, mode=mode, ratio_ref=ratio_ref, ratio_sk=ratio_sk,
                                    cov1=cov1[se], cov2=cov2[se], predict_new_swiftemu=new_time[se],
                                    predict_new_swiftemulator=new_time["swiftemulator"], speedup_new_x=speedup,
                                    fit_ratio_ref_max=fit_ratio_max, crosscheck_cov1=cc1, crosscheck_cov2=cc2,
                                    crosscheck_minus_heldout_1=cc1 - cov1[se], crosscheck_minus_heldout_2=cc2 - cov2[se],
                                    crosscheck_time=cc_time, heldout_total_cov1=ht1, heldout_total_cov2=ht2))
            extra_lines.append(
                f"| {family} | {mode} | {fmt(new_time[se], 3)} / {fmt(new_time['swiftemulator'], 3)} | "
                f"{fmt(speedup, 3)} | {fmt(fit_ratio_max, 3)} | {fmt(cc1, 2)} / {fmt(cov1[se], 2)} | "
                f"{signed(cc1 - cov1[se])} | {fmt(cc2, 2)} / {fmt(cov2[se], 2)} | {signed(cc2 - cov2[se])} | "
                f"{fmt(ht1, 2)} / {fmt(ht2, 2)} | {signed(cc1 - ht1)} / {signed(cc2 - ht2)} | {fmt(cc_time, 3)} |")
            order = (se, "swiftemulator", "sklearn")
            lines.append(
                f"| {family} | {span([r['d'] for r in sel])} | {span([r['runs'] for r in sel])} | {mode} | "
                f"{fmt(rm[se])} | {fmt(rm['swiftemulator'])} | {fmt(rm['sklearn'])} | {fmt(ratio_ref, 3)} | "
                f"{fmt(ratio_sk, 3)} | {' / '.join(fmt(cov1[p], 2) for p in order)} | "
                f"{' / '.join(fmt(cov2[p], 2) for p in order)} | {' / '.join(fmt(fit[p], 3) for p in order)} | "
                f"{fmt(rm['swiftemulator_unit'])} | {fmt(nanmedian([r['ratio_unit'] for r in sel]), 3)} |")
    lines += [
        "",
        f"First prediction at {N_NEW_X} new x values (inside the x range, none a training bin) of the held-out "
        "points, after the accuracy prediction at the training bins: swiftemu one `predict_array` call, "
        "swiftemulator (default) a loop of `predict_values` over the points; times are medians over the seeds, "
        "speed-up = the median per-problem ratio swiftemulator time / swiftemu time. Fit ratio = the largest "
        "per-problem swiftemu fit time / swiftemulator fit time. Cross-check = swiftemu's closed-form "
        "`CrossCheck.from_emulator(emulator).summary()` (each run left out, hyperparameters refitted without it): "
        "its coverage compares the left-out runs' noisy training values with the prediction's total variance "
        "(latent + the run's noise), pooled over the left-out points; the held-out coverage (from the table "
        "above) compares the noiseless truth with the latent variance. Both measure calibration; the differences "
        "are cross-check minus held-out. For information, 'held-out noisy/total' measures the cross-check's own "
        "quantity on the held-out points (fresh noisy values against the latent variance + the fitted factor on "
        "the errors times the error the mode gives them; median over seeds), and its diff is cross-check minus "
        "it. Cross-check time is the median per problem [s].",
        "",
        "| family | errors | first predict at new x swiftemu / swiftemulator [s] | speed-up | fit ratio vs "
        "swiftemulator (max) | cross-check / held-out cov 1σ | diff 1σ | cross-check / held-out cov 2σ | diff 2σ "
        "| held-out noisy/total cov 1σ / 2σ | diff 1σ / 2σ | cross-check time [s] |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *extra_lines,
    ]
    med_ref = nanmedian([r["ratio_ref"] for r in rows])
    med_sk = nanmedian([r["ratio_sk"] for r in rows])
    med_unit = nanmedian([r["ratio_unit"] for r in rows])
    collapsed = sum(r["swiftemulator"]["rmse"] > 0.5 * r["truth_sd"] for r in rows)
    by_mode = {m: (nanmedian([r["ratio_ref"] for r in rows if r["mode"] == m]),
                   nanmedian([r["ratio_sk"] for r in rows if r["mode"] == m])) for m in MODES}
    finite = [fr for fr in family_rows if np.isfinite(fr["ratio_ref"])]
    worst = max(finite, key=lambda fr: fr["ratio_ref"]) if finite else None
    finite_sk = [fr for fr in family_rows if np.isfinite(fr["ratio_sk"])]
    worst_sk = max(finite_sk, key=lambda fr: fr["ratio_sk"]) if finite_sk else None
    honest = [fr for fr in family_rows if fr["mode"] == "honest"]
    bad_cov = [fr for fr in honest if not (0.6 <= fr["cov1"] <= 0.8 and 0.9 <= fr["cov2"] <= 0.98)]

    def where(r):
        return f"{r['family']} seed {r['seed']} {r['mode']}"

    def missing(key):
        gone = [r for r in rows if not np.isfinite(r[key])]
        return f"; missing on {len(gone)} of {len(rows)} ({', '.join(map(where, gone[:3]))}{', ...' if len(gone) > 3 else ''})" if gone else ""

    speed = [r for r in rows if np.isfinite(r["speedup_new_x"])]
    slowest = min(speed, key=lambda r: r["speedup_new_x"]) if speed else None
    med_speed = nanmedian([r["speedup_new_x"] for r in rows])
    fits = [r for r in rows if np.isfinite(r["fit_ratio_ref"])]
    costliest = max(fits, key=lambda r: r["fit_ratio_ref"]) if fits else None
    med_fit_ratio = nanmedian([r["fit_ratio_ref"] for r in rows])
    cc_times = [field(r[se], "crosscheck_time") for r in rows if np.isfinite(field(r[se], "crosscheck_time"))]
    cc_hyper = sorted({r[se]["crosscheck_hyperparameters"] for r in rows if r[se].get("crosscheck_hyperparameters")})
    bad_cc = [fr for fr in honest if not (abs(fr["crosscheck_minus_heldout_1"]) <= 0.05
                                          and abs(fr["crosscheck_minus_heldout_2"]) <= 0.05)]
    largest_cc = max((max(abs(fr["crosscheck_minus_heldout_1"]), abs(fr["crosscheck_minus_heldout_2"])) for fr in honest
                      if np.isfinite(fr["crosscheck_minus_heldout_1"]) and np.isfinite(fr["crosscheck_minus_heldout_2"])),
                     default=float("nan"))
    deviation = {m: float(np.nanmean([abs(fr["cov1"] - 0.683) for fr in family_rows if fr["mode"] == m]))
                 for m in MODES}
    lines += [
        "",
        "### Summary",
        "",
        f"- problems: {len(rows)} ({len({(r['family'], r['seed']) for r in rows})} generated problems x "
        f"{len({r['mode'] for r in rows})} error modes)",
        f"- median over all problems of the RMSE ratio swiftemu / swiftemulator: {fmt(med_ref, 3)} "
        f"(honest {fmt(by_mode['honest'][0], 3)}, two_percent {fmt(by_mode['two_percent'][0], 3)})",
        f"- median over all problems of the RMSE ratio swiftemu / sklearn: {fmt(med_sk, 3)} "
        f"(honest {fmt(by_mode['honest'][1], 3)}, two_percent {fmt(by_mode['two_percent'][1], 3)})",
        "- worst family (median ratio vs swiftemulator): "
        + (f"{worst['family']} / {worst['mode']} at {fmt(worst['ratio_ref'], 3)}" if worst else "n/a"),
        "- worst family (median ratio vs sklearn): "
        + (f"{worst_sk['family']} / {worst_sk['mode']} at {fmt(worst_sk['ratio_sk'], 3)}" if worst_sk else "n/a"),
        f"- informative (not a target): median ratio swiftemu / swiftemulator fed unit-scaled parameters: "
        f"{fmt(med_unit, 3)}; problems where default swiftemulator's RMSE exceeds half the truth's sd over the test "
        f"set (its fit at raw parameter scales failed): {collapsed} of {len(rows)}",
        f"- problems where swiftemu beats swiftemulator: {sum(r['ratio_ref'] < 1 for r in rows)} of "
        f"{sum(np.isfinite(r['ratio_ref']) for r in rows)}; beats sklearn: {sum(r['ratio_sk'] < 1 for r in rows)} "
        f"of {sum(np.isfinite(r['ratio_sk']) for r in rows)}",
        f"- first prediction at {N_NEW_X} new x, speed-up over swiftemulator's loop: median {fmt(med_speed, 3)}, "
        f"minimum " + (f"{fmt(slowest['speedup_new_x'], 3)} ({where(slowest)})" if slowest else "n/a")
        + missing("speedup_new_x"),
        f"- fit time swiftemu / swiftemulator: median {fmt(med_fit_ratio, 3)}, maximum "
        + (f"{fmt(costliest['fit_ratio_ref'], 3)} ({where(costliest)})" if costliest else "n/a")
        + missing("fit_ratio_ref"),
        "- calibration of the predicted errors: mean over families of |coverage at 1σ − 0.683| "
        + ", ".join(f"{m} {fmt(dev, 3)}" for m, dev in deviation.items())
        + f"; honest families inside the coverage window {len(honest) - len(bad_cov)} of {len(honest)}; honest "
        f"families whose cross-check is within 0.05 of the held-out coverage {len(honest) - len(bad_cc)} of "
        f"{len(honest)}",
        f"- cross-check time per problem: median {fmt(nanmedian(cc_times), 3)} s, max "
        f"{fmt(max(cc_times) if cc_times else float('nan'), 3)} s, total {fmt(sum(cc_times), 3)} s over "
        f"{len(cc_times)} problems; hyperparameters: {'; '.join(cc_hyper) or 'n/a'}",
        "",
        "### Per-problem rows",
        "",
        "| family | seed | d | runs x bins | errors | truth sd | RMSE swiftemu | swiftemulator | sklearn "
        "| swiftemulator unit θ | ratio ref | ratio sk | cov 1σ / 2σ swiftemu | cross-check 1σ / 2σ "
        "| new-x speed-up | fit ratio ref |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[f"| {r['family']} | {r['seed']} | {r['d']} | {r['runs']} x {r['bins']} | {r['mode']} | "
          f"{fmt(r['truth_sd'], 3)} | {fmt(r[se]['rmse'])} | {fmt(r['swiftemulator']['rmse'])} | "
          f"{fmt(r['sklearn']['rmse'])} | {fmt(r['swiftemulator_unit']['rmse'])} | "
          f"{fmt(r['ratio_ref'], 3)} | {fmt(r['ratio_sk'], 3)} | "
          f"{fmt(r[se]['within1'] / r[se]['n'] if r[se]['n'] else float('nan'), 2)} / "
          f"{fmt(r[se]['within2'] / r[se]['n'] if r[se]['n'] else float('nan'), 2)} | "
          f"{fmt(field(r[se], 'crosscheck_within1'), 2)} / {fmt(field(r[se], 'crosscheck_within2'), 2)} | "
          f"{fmt(r['speedup_new_x'], 3)} | {fmt(r['fit_ratio_ref'], 3)} |" for r in rows],
        "",
    ]
    cov_measured = ("all within" if not bad_cov and honest else
                    "; ".join(f"{fr['family']} {fmt(fr['cov1'], 2)}/{fmt(fr['cov2'], 2)}" for fr in bad_cov) or "n/a")
    cc_measured = ("; ".join(
        f"{fr['family']} cross-check {fmt(fr['crosscheck_cov1'], 2)}/{fmt(fr['crosscheck_cov2'], 2)} vs held-out "
        f"{fmt(fr['cov1'], 2)}/{fmt(fr['cov2'], 2)} (diff {signed(fr['crosscheck_minus_heldout_1'])}/"
        f"{signed(fr['crosscheck_minus_heldout_2'])})" for fr in bad_cc)
        if bad_cc else f"all within (largest |diff| {fmt(largest_cc, 2)})" if honest else "n/a")
    targets = [
        ("median RMSE ratio to swiftemulator <= 0.9", med_ref <= 0.9, fmt(med_ref, 3)),
        ("no family's (median) ratio to swiftemulator > 1.0", bool(worst) and worst["ratio_ref"] <= 1.0,
         f"worst {worst['family']}/{worst['mode']} {fmt(worst['ratio_ref'], 3)}" if worst else "n/a"),
        ("median ratio to sklearn <= 1.0", med_sk <= 1.0, fmt(med_sk, 3)),
        ("coverage within [0.6,0.8] at 1 sigma and [0.9,0.98] at 2 sigma on every family with honest errors",
         bool(honest) and not bad_cov, f"outside (1σ/2σ): {cov_measured}" if bad_cov else cov_measured),
        (f"first predict at {N_NEW_X} new x ({span([r['n_test'] for r in rows])} points) at least 3x faster than "
         "the reference's loop on every problem",
         bool(slowest) and len(speed) == len(rows) and slowest["speedup_new_x"] >= 3,
         (f"min {fmt(slowest['speedup_new_x'], 3)} ({where(slowest)})" if slowest else "n/a") + missing("speedup_new_x")),
        (f"`{name}` fit time at most the reference's on every problem",
         bool(costliest) and len(fits) == len(rows) and costliest["fit_ratio_ref"] <= 1.0,
         (f"max {fmt(costliest['fit_ratio_ref'], 3)} ({where(costliest)})" if costliest else "n/a")
         + missing("fit_ratio_ref")),
        ("cross-check coverage within 0.05 of the held-out coverage (1σ and 2σ) on every family with honest errors",
         bool(honest) and not bad_cc, f"outside: {cc_measured}" if bad_cc else cc_measured),
    ]
    lines += [f"### Targets ({name})", "", *targets_section(targets)[2:], ""]
    return lines, dict(median_ratio_swiftemulator=med_ref, median_ratio_sklearn=med_sk,
                       median_ratio_swiftemulator_unit=med_unit, reference_collapsed=collapsed, by_mode=by_mode,
                       worst_family=worst, worst_family_sklearn=worst_sk, families=family_rows,
                       median_speedup_new_x=med_speed,
                       min_speedup_new_x=dict(value=slowest["speedup_new_x"], at=where(slowest)) if slowest else None,
                       median_fit_ratio_swiftemulator=med_fit_ratio,
                       max_fit_ratio_swiftemulator=dict(value=costliest["fit_ratio_ref"], at=where(costliest))
                       if costliest else None,
                       crosscheck_time=dict(median=nanmedian(cc_times), max=max(cc_times) if cc_times else float("nan"),
                                            total=float(sum(cc_times)), problems=len(cc_times)),
                       crosscheck_hyperparameters=cc_hyper,
                       targets=[dict(target=t, met=bool(m), measured=v) for t, m, v in targets])


# ----------------------------------------------------------------------------------------------------------------

def parse_variants(items):
    variants = {}
    for item in items or ["default={}"]:
        name, _, text = item.partition("=")
        try:
            options = json.loads(text or "{}")
            if not isinstance(options, dict):
                raise ValueError("options must be a JSON object")
        except ValueError as error:
            options = {"__invalid__": f"{text!r}: {error}"}
        variants[name.strip()] = options
    return variants


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 seed, 4 families, 50 held-out points")
    parser.add_argument("--families", help="comma-separated subset of " + ",".join(FAMILIES))
    parser.add_argument("--seeds", help="comma-separated seeds (default 101,202,303)")
    parser.add_argument("--variant", action="append", help='NAME=JSON options for swiftemu, repeatable; default default={}')
    parser.add_argument("--output", default=str(HERE / "results_generalisation"), help="path stem of the .md/.json")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the saved .json")
    args = parser.parse_args(argv)

    families = list(QUICK_FAMILIES if args.quick else FAMILIES)
    if args.families:
        families = [f.strip() for f in args.families.split(",") if f.strip()]
        unknown = set(families) - set(FAMILIES)
        if unknown:
            parser.error(f"unknown families {sorted(unknown)}; choose from {list(FAMILIES)}")
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else list(SEEDS[:1] if args.quick else SEEDS)
    n_test = 50 if args.quick else N_TEST
    variants = parse_variants(args.variant)

    start = time.perf_counter()
    rows = []
    if args.report_only:  # the saved rows, settings and time, no fits
        saved = json.loads(Path(args.output).with_suffix(".json").read_text())
        rows, seeds, families, n_test = saved["rows"], saved["seeds"], saved["families"], saved["n_test"]
        variants, start = saved["variants"], start - saved["elapsed_seconds"]
    for family in families if not args.report_only else ():
        for seed in seeds:
            problem = make_problem(family, seed, seed_index(seed), n_test)
            for mode in MODES:
                errors = errors_for(problem, mode)
                row = dict(family=family, seed=seed, mode=mode, d=problem["d"], runs=problem["runs"],
                           bins=problem["bins"], noise_sd=problem["noise_sd"],
                           truth_sd=float(np.std(problem["truth_test"])), n_test=n_test,
                           given_error_median=float(np.median(errors)))
                row["swiftemulator"] = attempt(lambda: score(problem, fit_reference(problem, errors)))
                row["swiftemulator_unit"] = attempt(lambda: score(problem, fit_reference(problem, errors, unit=True)))
                row["sklearn"] = attempt(lambda: score(problem, fit_sklearn(problem, errors)))
                for name, options in variants.items():
                    if "__invalid__" in options:
                        row[f"swiftemu:{name}"] = failed(ValueError(options["__invalid__"]))
                    else:
                        row[f"swiftemu:{name}"] = attempt(lambda: score(problem, fit_swiftemu(problem, errors, options)))
                rows.append(row)
                parts = [f"{p.replace('swiftemu:', 'se:')} {fmt(row[p]['rmse'])} ({fmt(row[p]['fit'], 3)}s)"
                         for p in [f"swiftemu:{n}" for n in variants] + ["swiftemulator", "swiftemulator_unit", "sklearn"]]
                new = [f"{p.replace('swiftemu:', 'se:')} {fmt(field(row[p], 'predict_new'), 3)}s"
                       for p in [f"swiftemu:{n}" for n in variants] + ["swiftemulator"]]
                print(f"[{time.perf_counter() - start:7.1f}s] {family:13s} seed {seed} d={problem['d']:2d} "
                      f"{problem['runs']:3d}x{problem['bins']} {mode:11s} RMSE " + "; ".join(parts)
                      + "; new x " + ", ".join(new), flush=True)

    elapsed = time.perf_counter() - start
    measured = time.time()
    if args.report_only:  # when the rows were measured (files from before `measured` was saved: the file's time)
        measured = saved.get("measured", Path(args.output).with_suffix(".json").stat().st_mtime)
    import george
    import scipy
    import sklearn
    import swiftemulator
    try:
        from importlib.metadata import version
        swiftemu_version = version("swiftemu")
    except Exception:
        swiftemu_version = "?"
    lines = [
        "# Generalisation: emulator accuracy on generated problems",
        "",
        f"Written by `benchmarks/generalisation.py{' --quick' if args.quick else ''}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(measured))} in {elapsed / 60:.1f} min"
        + (f" (this report rewritten from its saved rows on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})"
           if args.report_only else "") + f"; {os.cpu_count()} cores "
        f"({platform.machine()}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}); "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, swiftemu "
        f"{swiftemu_version}, swiftemulator {getattr(swiftemulator, '__version__', '1.3.1')}, george "
        f"{george.__version__}, scikit-learn {sklearn.__version__}.",
        "",
        f"Families {', '.join(families)}; seeds {', '.join(map(str, seeds))}; {n_test} held-out uniform random "
        "parameter points per problem at the training bins, truth = the noiseless function. Each problem: d from "
        f"{{{', '.join(map(str, DIMENSIONS))}}} (by family and seed), a Latin hypercube of clip(8 d, 16, 128) runs, "
        "12 bins (10 when d >= 8). Error modes: `honest` (noise sd given as the error: 0.01-0.03, noisy 0.1) and "
        "`two_percent` (same noisy values, errors 2% of |value|). Coverage = fraction of held-out truths within "
        "1 / 2 predicted sigma of the latent function. swiftemu `random_state` = the seed; swiftemulator defaults; "
        "sklearn GaussianProcessRegressor(ConstantKernel() * RBF(ones(d+1), bounds (1e-3, 1e3)), alpha = "
        "(error / std(y))^2 (the given errors in normalize_y's units), normalize_y=True, n_restarts_optimizer=4) "
        "on (x, theta) scaled to the unit cube. swiftemulator gives george the raw parameter values (no input "
        "scaling, length scales starting at 1), so where a range is far from unit width its fit can stay at the "
        "start and predict ~0; the column 'swiftemulator, unit θ' runs it on parameters mapped to [0, 1] by their "
        "limits, for information only (the targets use the default). See the script's docstring for the families.",
        "",
        f"Also measured: the first prediction of the held-out points at {N_NEW_X} new x values (np.linspace(lo, hi, "
        f"{N_NEW_X + 2})[1:-1] of the family's x range, none a training bin), by swiftemu (one `predict_array`) and "
        "by default swiftemulator (a loop of `predict_values`), after the accuracy prediction; and, for swiftemu, "
        "the closed-form leave-one-run-out cross-check `CrossCheck.from_emulator(emulator).summary()` and its "
        "time. Two calibration measures, not the same quantity: the cross-check's coverage compares each left-out "
        "run's noisy training values with the prediction's total variance (latent + that run's noise); the "
        "held-out coverage compares the noiseless truth with the latent variance.",
        "",
    ]
    summaries = {}
    for name, options in variants.items():
        section, summaries[name] = variant_section(name, options, rows, families)
        lines += section
    stem = Path(args.output)
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    stem.with_suffix(".json").write_text(json.dumps(
        dict(seeds=seeds, families=families, n_test=n_test, variants=variants, elapsed_seconds=elapsed, measured=measured,
             cpu_count=os.cpu_count(), summaries=summaries, rows=rows), indent=1, default=float) + "\n")
    print("\n".join(lines), flush=True)
    print(f"wrote {stem.with_suffix('.md')} and .json in {elapsed:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
