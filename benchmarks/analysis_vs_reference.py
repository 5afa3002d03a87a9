#!/usr/bin/env python
"""swiftemu's cross-checks, mocks and sensitivity against swiftemulator 1.3.1, in one process.

- Cross-check of the seed's Schechter example (100 runs x 10 bins, 2% errors): swiftemu's closed form against
  swiftemulator's CrossCheck (one refit per run), timed; RMSE of the leave-one-run-out predictions of both, and of
  swiftemu's own method="refit" (the same refits, swiftemu engine).
- mock_hypercube with 10,000 samples on the same emulator, timed against swiftemulator's mock_hypercube.
- Sobol first-order indices of the Ishigami function emulated from 200 runs, against the analytic values.
Writes benchmarks/results_analysis.md. Run: .venv/bin/python benchmarks/analysis_vs_reference.py
"""
import platform
import time
import warnings
from pathlib import Path

import numpy as np

import swiftemu as se
from swiftemu.design import create_hypercube
from swiftemu.emulators import GaussianProcessEmulator1D
from swiftemu.mocking import mock_hypercube
from swiftemu.sensitivity import CrossCheck, emulator_sensitivity

from common import as_reference, log_schechter, targets_section, timed
from swiftemulator.emulators.gaussian_process import GaussianProcessEmulator as RefGaussianProcessEmulator
from swiftemulator.mocking import mock_hypercube as ref_mock_hypercube
from swiftemulator.sensitivity.cross_check import CrossCheck as RefCrossCheck

warnings.simplefilter("ignore")
HERE = Path(__file__).resolve().parent


def schechter():
    rng = np.random.default_rng(2021)
    spec = se.ModelSpecification(2, ["log_M_star", "alpha"], [[11.0, 12.0], [-3.0, -1.0]])
    lm, al = rng.uniform(11, 12, 100), rng.uniform(-3, -1, 100)
    parameters = se.ModelParameters({i: {"log_M_star": lm[i], "alpha": al[i]} for i in range(100)})
    x = np.linspace(10, 12, 10)
    values = se.ModelValues({i: {"independent": x, "dependent": (y := log_schechter(x, lm[i], al[i])),
                                 "dependent_error": 0.02 * np.abs(y)} for i in range(100)})
    return spec, parameters, values, as_reference(spec, parameters, values)


def leave_out_rmse(predicted, values):
    return float(np.sqrt(np.mean(np.concatenate(
        [(predicted[uid]["dependent"] - values[uid]["dependent"]) ** 2 for uid in values]))))


def ishigami(x1, x2, x3):
    return np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)


def main():
    spec, parameters, values, reference = schechter()
    print("cross-check: swiftemu closed form ...", flush=True)
    # timed through the leave-one-run-out predictions: the closed form refits the hyperparameters without each run
    # (a Newton step) when they are asked for, where swiftemulator refits in build_emulators
    def closed_check(**options):
        check = CrossCheck(random_state=0, **options).build_emulators(spec, parameters, values)
        return check, check.build_mocked_model_values_original_independent()

    (closed, closed_values), closed_time = timed(closed_check)
    closed_rmse = leave_out_rmse(closed_values, values)
    closed_summary = closed.summary()
    (given, given_values), given_time = timed(lambda: closed_check(fit_error_scale=False))
    given_rmse = leave_out_rmse(given_values, values)
    print("cross-check: swiftemu refit (100 fits) ...", flush=True)
    refit, refit_time = timed(lambda: CrossCheck(method="refit", random_state=0).build_emulators(spec, parameters, values))
    refit_rmse = leave_out_rmse(refit.build_mocked_model_values_original_independent(), values)
    print("cross-check: swiftemulator CrossCheck (100 fits) ...", flush=True)
    theirs = RefCrossCheck()
    their_values, their_time = timed(lambda: (theirs.build_emulators(*reference),
                                               theirs.build_mocked_model_values_original_independent())[1])
    their_rmse = leave_out_rmse(their_values, values)

    print("mock_hypercube ...", flush=True)
    ours = closed.emulator
    their_emulator = RefGaussianProcessEmulator()
    their_emulator.fit_model(*reference)
    _, our_mock_time = timed(lambda: mock_hypercube(ours, spec, 10_000, random_state=0))
    _, their_mock_time = timed(lambda: ref_mock_hypercube(their_emulator, reference[0], 10_000))

    print("Ishigami ...", flush=True)
    ishigami_spec = se.ModelSpecification(3, ["x1", "x2", "x3"], [[-np.pi, np.pi]] * 3)
    runs = create_hypercube(ishigami_spec, 200, random_state=0)
    ishigami_values = se.ModelValues({uid: {"independent": [None], "dependent": [ishigami(**p)]}
                                      for uid, p in runs.items()})
    emulator = GaussianProcessEmulator1D(fit_white_noise=True, random_state=0).fit_model(ishigami_spec, runs,
                                                                                         ishigami_values)
    indices, sobol_time = timed(lambda: emulator_sensitivity(emulator, ishigami_spec, samples=4096, random_state=0))
    analytic = np.array([0.3139, 0.4424, 0.0])
    s1 = indices["S1"].values
    s1_error = float(np.abs(s1 - analytic).max())

    speedup = their_time / closed_time
    mock_speedup = their_mock_time / our_mock_time
    rmse_gap = abs(closed_rmse - refit_rmse) / refit_rmse
    targets = [
        ("closed-form cross-check >= 20x faster than swiftemulator's CrossCheck", speedup >= 20, f"{speedup:.0f}x"),
        ("closed-form RMSE within 5% of the refit RMSE (swiftemu refit)", rmse_gap <= 0.05, f"{100 * rmse_gap:.1f}%"),
        ("closed-form RMSE with the errors as given within 5% of swiftemulator's refit RMSE",
         abs(given_rmse - their_rmse) / their_rmse <= 0.05, f"{100 * abs(given_rmse - their_rmse) / their_rmse:.1f}%"),
        ("mock_hypercube of 10,000 samples >= 10x faster", mock_speedup >= 10, f"{mock_speedup:.0f}x"),
        ("Ishigami first-order indices within 0.05 of analytic", s1_error <= 0.05, f"max |error| {s1_error:.3f}"),
    ]
    lines = [
        "# swiftemu vs swiftemulator 1.3.1: cross-checks, mocks and sensitivity",
        "",
        f"Written by `benchmarks/analysis_vs_reference.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}; both packages in one "
        "process on the same data.",
        "",
        "## Cross-check, the seed's Schechter example (100 runs x 10 bins, 2% errors)",
        "",
        "| | time [s] | leave-one-run-out RMSE [dex] |",
        "|---|---|---|",
        f"| swiftemu `CrossCheck()` (one fit; hyperparameters refitted without each run by a Newton step) | {closed_time:.1f} | {closed_rmse:.5f} |",
        f"| swiftemu `CrossCheck(fit_error_scale=False)` (errors as given, likewise) | {given_time:.1f} | "
        f"{given_rmse:.5f} |",
        f"| swiftemu `CrossCheck(method=\"refit\")` (100 fits) | {refit_time:.1f} | {refit_rmse:.5f} |",
        f"| swiftemulator `CrossCheck` (100 fits) | {their_time:.1f} | {their_rmse:.5f} |",
        "",
        f"Closed form: {100 * closed_summary['within_1_sigma']:.0f}% of points within 1σ, "
        f"{100 * closed_summary['within_2_sigma']:.0f}% within 2σ of their prediction (the seed's 2% errors are "
        "larger than the emulator's real errors, so the coverage is high).",
        "",
        "## mock_hypercube, 10,000 samples at the 10 bins",
        "",
        f"swiftemu {our_mock_time:.2f} s, swiftemulator {their_mock_time:.2f} s ({mock_speedup:.0f}x).",
        "",
        "## Sobol indices of the Ishigami function through an emulator of 200 runs",
        "",
        "| | x1 | x2 | x3 |",
        "|---|---|---|---|",
        f"| analytic S1 | {analytic[0]:.3f} | {analytic[1]:.3f} | {analytic[2]:.3f} |",
        f"| swiftemu S1 (4096 x 5 emulated points, {sobol_time:.1f} s) | {s1[0]:.3f} | {s1[1]:.3f} | {s1[2]:.3f} |",
        f"| 95% confidence | {indices['S1_conf'].values[0]:.3f} | {indices['S1_conf'].values[1]:.3f} | "
        f"{indices['S1_conf'].values[2]:.3f} |",
        "",
        *targets_section(targets),
    ]
    (HERE / "results_analysis.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(met for _, met, _ in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
