"""LabState: validated edits, the edit queue for a running simulation, undo."""

import pytest

from adexlab.core.exceptions import BuildError, ParameterError
from adexlab.core.labstate import LabState


def test_state_opens_with_an_adex_neuron_under_a_step_current():
    state = LabState()
    (population,) = state.network.populations
    assert population.cell_type == "EIF_cond_exp_isfa_ista"
    assert state.network.current_sources[0].targets[0].population == population.label
    assert state.selection == ("population", population.label)


def test_state_set_parameter_queues_an_edit_for_the_run_loop():
    state = LabState()
    state.set_parameter("neuron", "b", 0.2)
    assert state.network.population("neuron").parameters["b"] == 0.2
    assert state.take_edits() == [("parameter", "neuron", "b", 0.2)]
    assert state.take_edits() == []


def test_state_rejects_negative_tau_w_and_keeps_the_old_value():
    state = LabState()
    state.set_parameter("neuron", "tau_w", 100.0)
    with pytest.raises(ParameterError, match="tau_w must be"):
        state.set_parameter("neuron", "tau_w", -20.0)
    assert state.network.population("neuron").parameters["tau_w"] == 100.0


def test_state_rejects_v_reset_above_v_spike():
    state = LabState()
    with pytest.raises(ParameterError, match="v_reset must be below v_spike"):
        state.set_parameter("neuron", "v_reset", 10.0)
    assert "v_reset" not in state.network.population("neuron").parameters


def test_state_refuses_a_projection_onto_a_spike_source():
    state = LabState()
    state.add_population("drive", 10, "SpikeSourcePoisson")
    structure = state.structure
    with pytest.raises(BuildError, match="spike source"):
        state.add_projection("neuron", "drive")
    assert state.structure == structure
    assert state.network.projections == []


def test_state_add_projection_picks_a_weight_for_the_target():
    state = LabState()
    state.add_population("lif", 10, "IF_curr_exp")
    projection = state.add_projection("neuron", "lif")
    assert projection.synapse.weight == 0.1
    assert state.selection == ("projection", projection.label)


def test_state_remove_population_removes_its_connections_and_injections():
    state = LabState()
    state.add_population("other", 5)
    state.add_projection("neuron", "other")
    state.remove("population", "neuron")
    assert [p.label for p in state.network.populations] == ["other"]
    assert state.network.projections == []
    assert state.network.current_sources == []


def test_state_undo_brings_back_a_deleted_population():
    state = LabState()
    state.remove("population", "neuron")
    state.undo()
    assert state.network.population("neuron").size == 1
    assert len(state.network.current_sources) == 1


def test_state_preset_sets_parameters_and_step_amplitude():
    state = LabState()
    state.apply_preset("neuron", "tonic")
    population = state.network.population("neuron")
    assert population.parameters["tau_w"] == 30.0
    assert state.network.current_source("step").parameters["amplitude"] == 0.5
    kinds = {edit[0] for edit in state.take_edits()}
    assert kinds == {"parameter", "current_source"}


def test_state_population_size_change_restructures():
    state = LabState()
    structure = state.structure
    state.set_population_size("neuron", 3)
    assert state.network.population("neuron").size == 3
    assert state.structure == structure + 1


def test_state_refuses_zero_population_size():
    state = LabState()
    with pytest.raises(ParameterError, match="size must be in"):
        state.set_population_size("neuron", 0)
    assert state.network.population("neuron").size == 1
