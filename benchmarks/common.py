"""What the benchmark scripts share: timing, the seed's Schechter function, swiftemulator's containers, targets."""
import time

import numpy as np

import swiftemulator as ref


def timed(function):
    "(result, seconds) of calling `function()`."
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def log_schechter(log_M, log_M_star, alpha):
    "The seed's getting-started relation: log10 of a Schechter function."
    M, M_star = 10**log_M, 10**log_M_star
    return np.log10((1 / M_star) * (M / M_star) ** alpha * np.exp(-M / M_star))


def as_reference(spec, parameters, values):
    "The same containers, as swiftemulator's classes."
    return (
        ref.ModelSpecification(spec.number_of_parameters, spec.parameter_names, spec.parameter_limits,
                               spec.parameter_printable_names),
        ref.ModelParameters({uid: dict(p) for uid, p in parameters.items()}),
        ref.ModelValues({uid: {k: np.asarray(v) for k, v in r.items()} for uid, r in values.items()}),
    )


def targets_section(targets) -> list[str]:
    "The '## Targets' table of a results file from (name, met, measured) rows."
    return ["## Targets", "", "| target | met | measured |", "|---|---|---|",
            *[f"| {name} | {'yes' if met else 'NO'} | {value} |" for name, met, value in targets]]


def toy_problem(runs: int = 40):
    """The toy mass function as several benchmarks use it: (specification, `runs`-run Latin hypercube (seed 3), the 12 x
    values from 9 to 11.75, the runs' values with 0.005 dex errors, and the emulator fitted to them (seed 0))."""
    from swiftemu.containers import ModelSpecification, ModelValues
    from swiftemu.design import create_hypercube
    from swiftemu.emulators import GaussianProcessEmulator
    from swiftemu.io.example import TOY_SPECIFICATION, toy_mass_function

    spec = ModelSpecification(**TOY_SPECIFICATION)
    design = create_hypercube(spec, runs, random_state=3)
    x = np.linspace(9.0, 11.75, 12)
    values = ModelValues({uid: {"independent": x, "dependent": toy_mass_function(x, **p),
                                "dependent_error": np.full(12, 0.005)} for uid, p in design.items()})
    return spec, design, x, values, GaussianProcessEmulator(random_state=0).fit_model(spec, design, values)
