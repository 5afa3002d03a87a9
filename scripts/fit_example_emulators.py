#!/usr/bin/env python
"""Fit the example study's emulators and ship them in swiftemu/data/example_study/emulators/ (read by
`ExampleStudy.emulator`): one GaussianProcessEmulator per scaling relation, default settings, random_state=0, on
the 64 runs read with the study's log flags and its design limits. Deterministic; a slow check in
nbs/02a_example_study.ipynb refits and compares.

Usage:  python scripts/fit_example_emulators.py [--overwrite]
"""
import argparse
import sys

from swiftemu.emulators import GaussianProcessEmulator
from swiftemu.io.example import example_study
from swiftemu.io.swift import load_parameter_files, load_pipeline_outputs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overwrite", action="store_true", help="replace emulators that exist")
    args = parser.parse_args(argv)
    study = example_study()
    specification, parameters = load_parameter_files(study.parameter_files, study.parameters, study.log_parameters,
                                                      study.parameter_printable_names, study.parameter_limits)
    values, _ = load_pipeline_outputs(study.output_files, study.scaling_relations,
                                      log_independent=study.log_independent, log_dependent=study.log_dependent)
    for relation in study.scaling_relations:
        emulator = GaussianProcessEmulator(random_state=0).fit_model(specification, parameters, values[relation])
        path = emulator.save(study.root / "emulators" / f"{relation}.nc", overwrite=args.overwrite)
        print(f"{relation}: {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
