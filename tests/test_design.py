"""Property tests of swiftemu.design over many specifications and sizes."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swiftemu.containers import ModelSpecification
from swiftemu.design import create_cube, create_hypercube, design_metrics, transform_to_model_spec


@st.composite
def specifications(draw):
    n = draw(st.integers(1, 6))
    lows = draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n))
    widths = draw(st.lists(st.floats(0.01, 50), min_size=n, max_size=n))
    return ModelSpecification(n, [f"p{i}" for i in range(n)], [[lo, lo + w] for lo, w in zip(lows, widths)])


@settings(max_examples=60, deadline=None)
@given(specifications(), st.integers(1, 40), st.sampled_from(["pydoe2", "scipy"]), st.integers(0, 2**31))
def test_hypercubes_are_latin_inside_the_limits_and_reproducible(spec, samples, backend, seed):
    design = create_hypercube(spec, samples, correlation_retries=4, random_state=seed, backend=backend)
    metrics = design_metrics(design, spec)
    assert len(design) == samples
    assert metrics["latin"] and metrics["inside_limits"]
    again = create_hypercube(spec, samples, correlation_retries=4, random_state=seed, backend=backend)
    np.testing.assert_array_equal(again.to_array(), design.to_array())


def test_more_retries_never_increase_the_column_correlation():
    spec = ModelSpecification(4, list("abcd"), [[0, 1]] * 4)
    few = design_metrics(create_hypercube(spec, 12, correlation_retries=2, random_state=5), spec)
    many = design_metrics(create_hypercube(spec, 12, correlation_retries=64, random_state=5), spec)
    assert many["max_column_correlation"] <= few["max_column_correlation"]


def test_cube_is_uniform_and_prefixed():
    spec = ModelSpecification(2, ["a", "b"], [[-1, 1], [10, 20]])
    cube = create_cube(spec, 5000, prefix_unique_id="w3_", random_state=0)
    assert list(cube)[0] == "w3_0" and list(cube)[-1] == "w3_4999"
    unit = spec.to_unit_cube(cube.to_array())
    counts, _ = np.histogram(unit[:, 1], bins=10, range=(0, 1))
    assert counts.min() > 400 and counts.max() < 600


def test_transform_refuses_points_outside_the_unit_cube():
    spec = ModelSpecification(1, ["a"], [[0, 1]])
    with pytest.raises(ValueError, match="sample 1 has -0.1 for 'a'"):
        transform_to_model_spec(np.array([[0.5], [-0.1]]), spec)
