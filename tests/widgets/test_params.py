"""ParameterPanel: fields generated from the schemas, messages at the field."""

import numpy as np
import pytest

from adexlab.core.labstate import LabState
from adexlab.widgets.params import ParameterPanel, parse_numbers


@pytest.fixture
def state():
    return LabState()


@pytest.fixture
def panel(state):
    return ParameterPanel(state=state)


def test_panel_shows_every_adex_parameter_with_its_unit(panel):
    assert panel.fields["tau_w"].widget.label == "tau_w (ms)"
    assert panel.fields["a"].widget.label == "a (nS)"
    assert panel.fields["b"].widget.value == pytest.approx(0.0805)


def test_panel_slider_writes_the_parameter_into_the_state(state, panel):
    panel.fields["b"].widget.value = 0.25
    assert state.network.population("neuron").parameters["b"] == 0.25
    assert not panel.fields["b"].error.visible


def test_panel_negative_time_constant_shows_message_and_keeps_value(state, panel):
    field = panel.fields["tau_m"]
    field.widget.value = -20.0
    assert field.error.visible
    assert "tau_m must be in (0" in field.message
    assert field.widget.value == pytest.approx(9.3667)
    assert "tau_m" not in state.network.population("neuron").parameters


def test_panel_empty_size_shows_message_and_keeps_size(state, panel):
    field = panel.fields["size"]
    field.widget.value = None
    assert "needs a value" in field.message
    assert state.network.population("neuron").size == 1


def test_panel_follows_the_selection(state, panel):
    state.selection = ("current_source", "step")
    assert panel.fields["amplitude"].widget.label == "amplitude (nA)"
    panel.fields["amplitude"].widget.value = 0.5
    assert state.network.current_source("step").parameters["amplitude"] == 0.5


def test_panel_changes_when_the_state_changes(state, panel):
    state.set_parameter("neuron", "tau_w", 50.0)
    state.set_population_size("neuron", 2)
    assert panel.fields["tau_w"].widget.value == 50.0
    assert panel.fields["size"].widget.value == 2


def test_panel_text_in_a_list_field_shows_message(state, panel):
    state.add_current_source(
        "neuron", "StepCurrentSource", times=[10.0], amplitudes=[0.5]
    )
    field = panel.fields["times"]
    field.widget.value = "10, abc"
    assert "'abc' is not a number" in field.message
    assert list(state.network.current_source("step2").parameters["times"]) == [10.0]


def test_panel_edits_a_projection_weight_and_refuses_a_negative_one(state, panel):
    state.add_population("lif", 4, "IF_cond_exp")
    state.add_projection("neuron", "lif")
    panel.fields["weight"].widget.value = 0.05
    assert state.network.projections[0].synapse.weight == 0.05
    panel.fields["weight"].widget.value = -1.0
    assert "weight must be >= 0 uS" in panel.fields["weight"].message
    assert state.network.projections[0].synapse.weight == 0.05


def test_panel_preset_menu_applies_a_firing_pattern(state, panel):
    panel.fields["preset"].value = "irregular"
    assert state.network.population("neuron").parameters["a"] == -11.0


def test_parse_numbers_accepts_commas_and_spaces():
    np.testing.assert_array_equal(parse_numbers("1, 2 3.5"), [1.0, 2.0, 3.5])
