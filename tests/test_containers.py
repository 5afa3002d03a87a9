"""Adversarial and property tests of swiftemu.containers that would clutter the tutorial notebook."""
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import swiftemu as se
from swiftemu.containers import ModelParameters, ModelSpecification, ModelValues

PACKAGE = Path(se.__file__).parent


def test_top_level_exposes_the_three_containers():
    assert se.ModelSpecification is ModelSpecification
    assert se.ModelParameters is ModelParameters
    assert se.ModelValues is ModelValues


def test_reversed_limits_are_sorted_with_a_warning_naming_the_parameter():
    with pytest.warns(UserWarning, match="'alpha'"):
        spec = ModelSpecification(2, ["m", "alpha"], [[11, 12], [-1, -3]])
    assert spec.parameter_limits == [[11.0, 12.0], [-3.0, -1.0]]


def test_ordered_limits_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ModelSpecification(1, ["a"], [[0, 1]])


@pytest.mark.parametrize(
    "limits, message",
    [
        ([[0, 1], [0, 1], [0, 1]], r"shape \(2, 2\)"),
        ([0, 1], r"shape \(2, 2\)"),
        ([[0, 1], [0, np.nan]], "'b'"),
        ([[0, 1], ["x", 1]], "could not read"),
    ],
)
def test_bad_limits_are_named(limits, message):
    with pytest.raises(ValueError, match=message):
        ModelSpecification(2, ["a", "b"], limits)


def test_names_count_must_match_number_of_parameters():
    with pytest.raises(ValueError, match="number_of_parameters is 3"):
        ModelSpecification(3, ["a", "b"], [[0, 1], [0, 1]])


def test_number_of_parameters_must_be_an_int():
    with pytest.raises(TypeError, match="must be an int"):
        ModelSpecification(2.0, ["a", "b"], [[0, 1], [0, 1]])


def test_values_of_differing_lengths_name_the_model():
    with pytest.raises(ValueError, match="'sim_042'"):
        ModelValues({"sim_042": {"independent": [1, 2, 3], "dependent": [1, 2]}})


def test_errors_of_impossible_shape_are_refused():
    x = np.arange(4.0)
    for shape in [(3,), (4, 3), (4, 2, 1), (2, 4)]:
        with pytest.raises(ValueError, match="dependent_error of model 5"):
            ModelValues({5: {"independent": x, "dependent": x, "dependent_error": np.ones(shape)}})


def test_negative_errors_are_used_as_magnitudes_with_one_warning():
    with pytest.warns(UserWarning, match="2 model") as record:
        values = ModelValues({i: {"independent": [1.0], "dependent": [1.0], "dependent_error": [-0.1]} for i in (0, 1)})
    assert len(record) == 1
    assert values[1]["dependent_error"][0] == 0.1


def test_empty_and_scalar_inputs_are_refused():
    with pytest.raises(ValueError, match="non-empty 1-D"):
        ModelValues({0: {"independent": [], "dependent": []}})
    with pytest.raises(ValueError, match="non-empty 1-D"):
        ModelValues({0: {"independent": 1.0, "dependent": 1.0}})


def test_model_parameters_with_inconsistent_names_name_both_models():
    with pytest.raises(ValueError, match=r"Model 'b'.*model 'a'.*missing \['y'\]"):
        ModelParameters({"a": {"x": 1.0, "y": 2.0}, "b": {"x": 1.0}})


def test_find_closest_model_with_unknown_parameter_names_them():
    parameters = ModelParameters({0: {"x": 0.0}, 1: {"x": 1.0}})
    with pytest.raises(KeyError, match="'y'"):
        parameters.find_closest_model({"y": 0.3})


def test_containers_accept_numpy_identifiers_and_scalars():
    parameters = ModelParameters({np.int64(3): {"x": np.float32(0.5)}})
    assert list(parameters) == [3] and type(list(parameters)[0]) is int
    assert type(parameters[3]["x"]) is float


def test_reading_files_written_by_swiftemulator(tmp_path):
    # swiftemulator 1.3.1 writes plain yaml.dump / json.dump of its dicts; the same layouts must read back.
    (tmp_path / "p.yml").write_text(yaml.dump({0: {"a": 1.5}, 1: {"a": 2.5}}))
    assert ModelParameters.from_yaml(tmp_path / "p.yml")[1] == {"a": 2.5}
    (tmp_path / "v.json").write_text(json.dumps({"0": {"independent": [1, 2], "dependent": [3, 4]}}))
    np.testing.assert_array_equal(ModelValues.from_json(tmp_path / "v.json")["0"]["dependent"], [3.0, 4.0])


def test_writing_never_replaces_an_existing_file(tmp_path):
    target = tmp_path / "spec.yml"
    target.write_text("precious")
    spec = ModelSpecification(1, ["a"], [[0, 1]])
    with pytest.raises(FileExistsError, match="spec.yml"):
        spec.to_yaml(target)
    assert target.read_text() == "precious"
    spec.to_json(tmp_path / "spec.json")
    assert ModelSpecification.from_json(tmp_path / "spec.json") == spec


def test_a_yaml_file_that_is_not_a_mapping_is_named(tmp_path):
    (tmp_path / "list.yml").write_text("- 1\n- 2\n")
    with pytest.raises(ValueError, match="list.yml"):
        ModelParameters.from_yaml(tmp_path / "list.yml")


def test_the_package_reads_yaml_only_with_safe_load():
    source = "\n".join(path.read_text() for path in PACKAGE.rglob("*.py"))
    assert "safe_load" in source
    assert not re.search(r"yaml\.(load|load_all|unsafe_load|full_load)\(", source)
    assert "Loader" not in source
    assert not re.search(r"import (c?pickle|dill|cloudpickle|joblib)|pickle\.(loads?|dumps?)|allow_pickle\s*=\s*True", source)


def test_values_only_models_are_an_error_when_parameters_are_given():
    parameters = ModelParameters({0: {"x": 0.0}})
    values = ModelValues({0: {"independent": [1.0], "dependent": [1.0]}, 9: {"independent": [1.0], "dependent": [2.0]}})
    with pytest.raises(KeyError, match=r"\[9\]"):
        values.to_xarray(parameters)


def test_parameters_without_values_survive_the_combined_dataset():
    parameters = ModelParameters({0: {"x": 0.0}, 1: {"x": 1.0}})
    values = ModelValues({1: {"independent": [1.0, 2.0], "dependent": [1.0, 3.0]}})
    ds = values.to_xarray(parameters)
    assert ModelParameters.from_xarray(ds) == parameters
    assert ModelValues.from_xarray(ds) == values


def test_repeated_independent_values_cannot_be_gridded():
    values = ModelValues({"r": {"independent": [1.0, 1.0], "dependent": [1.0, 2.0]}})
    with pytest.raises(ValueError, match="'r' has repeated"):
        values.to_xarray()


identifiers = st.one_of(st.integers(-1000, 1000), st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=6))
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def ragged_values(draw):
    uids = draw(st.lists(identifiers, min_size=1, max_size=5, unique_by=str))
    grid = draw(st.lists(finite, min_size=1, max_size=8, unique=True))
    model_values = {}
    for uid in uids:
        x = draw(st.lists(st.sampled_from(grid), min_size=1, max_size=len(grid), unique=True))
        n = len(x)
        relation = {"independent": x, "dependent": draw(st.lists(finite, min_size=n, max_size=n))}
        kind = draw(st.sampled_from(["none", "symmetric", "asymmetric"]))
        magnitudes = st.floats(0, 1e3, allow_nan=False)
        if kind == "symmetric":
            relation["dependent_error"] = draw(st.lists(magnitudes, min_size=n, max_size=n))
        elif kind == "asymmetric":
            relation["dependent_error"] = draw(st.lists(st.tuples(magnitudes, magnitudes), min_size=n, max_size=n))
        model_values[uid] = relation
    return ModelValues(model_values)


@settings(max_examples=150, deadline=None)
@given(ragged_values())
def test_model_values_round_trip_through_xarray_exactly(values):
    assert ModelValues.from_xarray(values.to_xarray()) == values


@settings(max_examples=60, deadline=None)
@given(ragged_values())
def test_model_values_round_trip_through_netcdf_and_yaml(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("trip")
    values.to_xarray().to_netcdf(folder / "v.nc", engine="h5netcdf")
    with xr.open_dataset(folder / "v.nc", engine="h5netcdf") as ds:
        assert ModelValues.from_xarray(ds.load()) == values
    values.to_yaml(folder / "v.yml")
    assert ModelValues.from_yaml(folder / "v.yml") == values


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(identifiers, st.fixed_dictionaries({"a": finite, "b": finite}), min_size=1, max_size=6))
def test_model_parameters_round_trip_through_xarray_exactly(raw):
    keys = [str(k) for k in raw]
    if len(set(keys)) != len(keys):
        return  # identifiers that collide as strings are refused, tested elsewhere
    parameters = ModelParameters(raw)
    back = ModelParameters.from_xarray(parameters.to_xarray())
    assert back == parameters and list(back) == list(parameters)
