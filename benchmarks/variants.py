"""Comparing variants of swiftemu's emulator over the generalisation suite (`generalisation.py`): the shared run
(arguments, the loop over the problems, the report's heading) and the report's coverage and RMSE tables. Used by
`map_priors.py` and `hyperparameter_error.py`."""
import argparse
import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np

import generalisation as g
import kernel_choice as kc

HERE = Path(__file__).resolve().parent


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
