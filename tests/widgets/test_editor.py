"""NetworkEditor: canvas drawn from the state; canvas events edit the state."""

import pytest

from adexlab.core.labstate import LabState
from adexlab.widgets.editor import NetworkEditor


@pytest.fixture
def state():
    return LabState()


@pytest.fixture
def editor(state):
    return NetworkEditor(state=state)


def _ids(items):
    return sorted(item["id"] for item in items)


def test_editor_draws_populations_sources_and_injections(editor):
    assert _ids(editor.flow.nodes) == ["current_source:step", "population:neuron"]
    assert _ids(editor.flow.edges) == ["injection:step->neuron"]


def test_editor_palette_adds_a_population(state, editor):
    editor.buttons["+ LIF population"].clicks += 1
    assert state.network.populations[-1].cell_type == "IF_cond_exp"
    assert len(editor.flow.nodes) == 3


def test_editor_connecting_two_populations_adds_a_projection(state, editor):
    state.add_population("exc", 10)
    editor.flow.add_edge(
        {"id": "tmp", "source": "population:neuron", "target": "population:exc"}
    )
    assert [p.label for p in state.network.projections] == ["neuron->exc"]
    assert "projection:neuron->exc" in _ids(editor.flow.edges)


def test_editor_refuses_a_connection_into_a_spike_source(state, editor):
    state.add_population("drive", 10, "SpikeSourcePoisson")
    problem = editor.connection_problem("population:neuron", "population:drive")
    assert "cannot receive connections" in problem
    editor.flow.add_edge(
        {"id": "tmp", "source": "population:neuron", "target": "population:drive"}
    )
    assert state.network.projections == []
    assert state.message_kind == "error"
    assert "Connection refused" in state.message
    assert "tmp" not in _ids(editor.flow.edges)


def test_editor_delete_removes_the_population_from_the_network(state, editor):
    editor.flow.remove_node("population:neuron")
    assert state.network.populations == []


def test_editor_selecting_an_edge_selects_the_projection(state, editor):
    state.add_population("exc", 10)
    state.add_projection("neuron", "exc")
    state.selection = None
    editor._on_selection({"nodes": [], "edges": ["projection:neuron->exc"]})
    assert state.selection == ("projection", "neuron->exc")


def test_editor_remembers_moved_nodes(state, editor):
    editor._on_node_moved(
        {"node_id": "population:neuron", "position": {"x": 5.0, "y": 7.0}}
    )
    assert state.layout["population:neuron"] == {"x": 5.0, "y": 7.0}


def test_editor_step_current_goes_into_the_selected_population(state, editor):
    editor.buttons["+ Step current"].clicks += 1
    source = state.network.current_sources[-1]
    assert source.source_type == "StepCurrentSource"
    assert source.targets[0].population == "neuron"
    assert f"injection:{source.label}->neuron" in _ids(editor.flow.edges)
