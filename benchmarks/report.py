#!/usr/bin/env python
"""Gather the benchmark scripts' reports into benchmarks/results.md, with the machine and versions recorded.

Each script in benchmarks/ writes its own results_*.md (emulators, analysis, comparison, calibration, generalisation, fit cost, one-point prediction, variance factor, scale, calibration coverage, NROY sampling); this puts them in one
side-by-side report against swiftemulator 1.3.1. Run by `make bench` after the scripts.
"""
import platform
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = [("results_emulators.md", "Emulators: accuracy, fit time, batched prediction"),
            ("results_analysis.md", "Cross-checks, mocks and sensitivity"),
            ("results_comparison.md", "Penalties over a dense mock"),
            ("results_calibration.md", "Calibration: posterior sampling and history matching"),
            ("results_generalisation.md", "Generalisation: generated problems against swiftemulator and scikit-learn"),
            ("results_generalisation_fresh.md", "Generalisation on fresh seeds: the variance calibration on and off, and Matern 5/2"),
            ("results_kernel_choice.md", "Kernel choice by leave-one-run-out predictive density"),
            ("results_kernel_choice_fresh.md", "Kernel choice on fresh seeds: each kernel's coverage and RMSE"),
            ("results_map_priors.md", "MAP with length-scale priors against maximum likelihood (fresh seeds)"),
            ("results_hyperparameter_error.md",
             "Averaging over the hyperparameters (Laplace) against maximum likelihood (fresh seeds)"),
            ("results_hyperparameter_error_tuned.md", "The same on the tuned seeds"),
            ("results_fit_cost.md", "Fit cost: the default fit against swiftemulator and without the error factor"),
            ("results_fit_cost_fresh.md", "Fit cost on fresh seeds"),
            ("results_one_point.md", "One parameter point at a time: predict_values against swiftemulator's"),
            ("results_one_point_fresh.md", "One parameter point at a time, on fresh seeds"),
            ("results_variance_factor.md", "Variance factor: held-out coverage with the leave-one-run-out factor"),
            ("results_scale.md", "Scale: fit and prediction from 1,000 to 100,000 points"),
            ("results_iterative.md", "The iterative solver against the dense one (errors that vary along runs and bins)"),
            ("results_calibration_coverage.md", "Calibration coverage: planted truths"),
            ("results_calibration_coverage_calibrated_variance.md",
             "Calibration coverage with the calibrated emulator variance (40 truths, no options)"),
            ("results_nroy_sampling.md", "Sampling a small NROY"),
            ("results_distributed.md", "Distributed: dask.distributed on this machine")]


def main():
    packages = ["swiftemu", "swiftemulator", "numpy", "scipy", "george", "xarray", "SALib", "emcee"]
    lines = [
        "# Benchmarks: swiftemu against swiftemulator 1.3.1",
        "",
        f"Gathered {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
        f"{platform.processor() or platform.system()}, Python {platform.python_version()}; "
        + ", ".join(f"{name} {version(name)}" for name in packages) + ". Both packages run in the same process on "
        "the same data; each section is written by its script in `benchmarks/` (`make bench` runs them all).",
        "",
    ]
    for filename, title in SECTIONS:
        path = HERE / filename
        lines.append(f"## {title}")
        lines.append("")
        if not path.exists():
            lines += [f"_{filename} is missing: run its script._", ""]
            continue
        body = path.read_text().splitlines()
        lines += [line.replace("## ", "### ", 1) if line.startswith("## ") else line for line in body[1:]]
        lines.append("")
    (HERE / "results.md").write_text("\n".join(lines).rstrip() + "\n")
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
