#!/usr/bin/env python
"""Sampling a small NROY: `sample_nroy` against uniform sampling, on the toy mass function.

The toy emulator (40 runs x 12 bins, errors 0.005 dex) is history matched against observations of the truth with
0.01, 0.006 and 0.003 dex errors, which leave NROY at roughly 1e-4 to 1e-6 of the parameter cube. For each, the
NROY fraction is counted over uniform random points (brute force, in blocks of a million) and estimated by
`sample_nroy` (importance sampling), which is also timed to return 10,000 NROY points.

Writes benchmarks/results_nroy_sampling.md. Run: OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/nroy_sampling.py
[--uniform 20000000]
"""
import argparse
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import targets_section, toy_problem  # noqa: E402

from swiftemu.comparison import history_match, sample_nroy  # noqa: E402
from swiftemu.io.example import toy_mass_function  # noqa: E402

TRUTH = {"log_M_star": 10.9, "alpha": -1.4, "log_phi_star": -2.9}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uniform", type=int, default=20_000_000, help="uniform points for the brute-force count")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    spec, _, x, _, emulator = toy_problem()
    rows = []
    for error in (0.01, 0.006, 0.003):
        observed = {"smf": {"independent": x, "dependent": toy_mass_function(x, **TRUTH)
                            + np.random.default_rng(42).normal(0, error, 12), "dependent_error": np.full(12, error)}}
        started, count = time.perf_counter(), 0
        for block in range(args.uniform // 1_000_000):
            matched = history_match({"smf": emulator}, observed, spec, samples=1_000_000, random_state=1000 + block,
                                    chunk_size=50_000)
            count += int(matched["nroy"].sum())
        brute_seconds = time.perf_counter() - started
        started = time.perf_counter()
        adaptive = sample_nroy({"smf": emulator}, observed, spec, n_points=10_000, random_state=7)
        seconds = time.perf_counter() - started
        rows.append(dict(error=error, count=count, uniform=args.uniform, brute_seconds=brute_seconds,
                         fraction=adaptive.attrs["nroy_fraction"], fraction_error=adaptive.attrs["nroy_fraction_error"],
                         evaluations=adaptive.attrs["evaluations"], points=adaptive.sizes["model"], seconds=seconds))
        print(rows[-1], flush=True)
    brute = lambda r: r["count"] / r["uniform"]
    brute_error = lambda r: np.sqrt(max(r["count"], 1)) / r["uniform"]
    lines = [
        "# Sampling a small NROY",
        "",
        f"Written by `benchmarks/nroy_sampling.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python "
        f"{platform.python_version()}, numpy {np.__version__}, one process.",
        "",
        __doc__.split("Writes")[0].split("\n\n", 1)[1].strip(),
        "",
        "| observation error [dex] | uniform: NROY points of N | uniform fraction | sample_nroy fraction | NROY points "
        "| evaluations | time [s] | uniform time [s] |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {r['error']} | {r['count']:,} of {r['uniform']:,} | {brute(r):.3g} ± {brute_error(r):.2g} | "
          f"{r['fraction']:.3g} ± {r['fraction_error']:.2g} | {r['points']:,} | {r['evaluations']:,} | "
          f"{r['seconds']:.1f} | {r['brute_seconds']:.0f} |" for r in rows],
        "",
    ]
    smallest = rows[-1]
    agree = all(abs(r["fraction"] - brute(r)) <= 3 * np.hypot(brute_error(r), r["fraction_error"]) for r in rows)
    targets = [
        ("10^4 NROY points from about 1e-6 of the cube in under 5 minutes",
         smallest["points"] >= 10_000 and smallest["seconds"] < 300 and brute(smallest) < 3e-6,
         f"{smallest['points']:,} points in {smallest['seconds']:.1f} s at {smallest['fraction']:.2g} of the cube"),
        ("volume estimate within 3 combined standard errors of the uniform count (every error level)", agree,
         "; ".join(f"{r['error']}: {r['fraction']:.3g} vs {brute(r):.3g}" for r in rows)),
    ]
    lines += targets_section(targets)
    (HERE / "results_nroy_sampling.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
