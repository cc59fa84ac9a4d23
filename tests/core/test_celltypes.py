"""Cell-type schemas agree with PyNN's standard models and enforce bounds."""

import numpy as np
import pytest
from pyNN.standardmodels import cells, electrodes, synapses

from adexlab.core.celltypes import CELL_TYPES, CURRENT_SOURCES, SYNAPSE_TYPES
from adexlab.core.exceptions import ParameterError


@pytest.mark.parametrize("name", sorted(CELL_TYPES))
def test_cell_defaults_match_pynn(name):
    ours = CELL_TYPES[name].defaults
    theirs = getattr(cells, name).default_parameters
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if key == "spike_times":
            continue
        assert ours[key] == pytest.approx(value), key


@pytest.mark.parametrize("name", sorted(CELL_TYPES))
def test_cell_units_match_pynn(name):
    units = getattr(cells, name).units
    for key, spec in CELL_TYPES[name].parameters.items():
        assert spec.unit == units[key], key


@pytest.mark.parametrize("name", sorted(CELL_TYPES))
def test_cell_recordables_include_pynn_ones(name):
    assert set(getattr(cells, name).recordable) <= set(CELL_TYPES[name].recordables)


@pytest.mark.parametrize("name", sorted(CURRENT_SOURCES))
def test_current_source_defaults_match_pynn(name):
    theirs = getattr(electrodes, name).default_parameters
    ours = CURRENT_SOURCES[name].defaults
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if key not in ("times", "amplitudes"):
            assert ours[key] == pytest.approx(value)


@pytest.mark.parametrize("name", sorted(SYNAPSE_TYPES))
def test_synapse_defaults_match_pynn(name):
    theirs = getattr(synapses, name).default_parameters
    ours = SYNAPSE_TYPES[name].defaults
    assert set(ours) == set(theirs)


def test_parameter_spec_names_owner_limit_and_value():
    spec = CELL_TYPES["EIF_cond_exp_isfa_ista"].parameters["tau_w"]
    with pytest.raises(
        ParameterError, match=r"^AdEx 'n': tau_w must be in \(0, .* ms, got -20 ms$"
    ):
        spec.check("AdEx 'n'", -20.0)


def test_parameter_spec_checks_every_array_element():
    spec = CELL_TYPES["IF_cond_exp"].parameters["tau_m"]
    with pytest.raises(ParameterError, match="got -1 ms"):
        spec.check("p", np.array([10.0, -1.0, 5.0]))


def test_parameter_spec_rejects_text():
    spec = CELL_TYPES["IF_cond_exp"].parameters["tau_m"]
    with pytest.raises(ParameterError, match="must be a number, got 'abc'"):
        spec.check("p", "abc")


def test_every_parameter_has_doc_unit_label_and_slider_range():
    for model in [*CELL_TYPES.values(), *CURRENT_SOURCES.values()]:
        for spec in model.parameters.values():
            assert spec.doc and spec.label
            if spec.soft_bounds is not None:
                low, high = spec.soft_bounds
                assert low < high
                spec.check(model.name, [low, high])
