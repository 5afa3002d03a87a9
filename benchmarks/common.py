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
