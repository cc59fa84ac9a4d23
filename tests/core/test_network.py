"""The network description: validation at the boundary and lossless JSON."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adexlab.core.celltypes import CELL_TYPES
from adexlab.core.exceptions import BuildError, ParameterError
from adexlab.core.network import (
    SCHEMA_VERSION,
    AllToAllConnector,
    CurrentSource,
    DistanceDependentProbabilityConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FromListConnector,
    Grid2D,
    Network,
    OneToOneConnector,
    Population,
    Projection,
    Record,
    Synapse,
    Target,
)
from adexlab.core.random import RandomValue


def adex_network():
    net = Network(seed=7, name="demo", description="x'); import os #")
    net.add(
        Population(
            "exc",
            4,
            "EIF_cond_exp_isfa_ista",
            {"a": np.array([1.0, 2.0, 3.0, 4.0]), "b": 0.05},
            {"v": RandomValue("uniform", {"low": -70.0, "high": -60.0})},
        )
    )
    net.add(Population("grid", 6, "IF_curr_alpha", structure=Grid2D(3, 2)))
    net.add(Population("noise", 3, "SpikeSourcePoisson", {"rate": 20.0}))
    net.add(
        Projection(
            "n_e", "noise", "exc", AllToAllConnector(), Synapse(weight=0.01, delay=1.5)
        )
    )
    net.add(
        Projection(
            "g_g",
            "grid",
            "grid",
            FromListConnector([0, 1], [2, 3]),
            Synapse(weight=np.array([-0.1, -0.2]), delay=np.array([1.0, 2.0])),
            "inhibitory",
        )
    )
    net.add(
        CurrentSource(
            "step",
            "StepCurrentSource",
            {"times": [10.0, 20.0], "amplitudes": [0.5, 0.0]},
            [Target("exc", [0, 2])],
        )
    )
    net.add(Record("exc", ["spikes", "v", "w"], [0, 1]))
    return net


def test_network_validates_a_mixed_network():
    adex_network().validate()


def test_network_json_round_trip_is_lossless():
    net = adex_network()
    text = net.to_json()
    again = Network.from_json(text)
    assert again.to_json() == text
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    np.testing.assert_array_equal(again.population("exc").parameters["a"], [1, 2, 3, 4])


def test_network_rejects_unknown_schema_version():
    data = adex_network().to_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(BuildError, match="schema_version"):
        Network.from_dict(data)


def test_network_offsets_follow_population_order():
    assert adex_network().offsets() == {
        "exc": (0, 4),
        "grid": (4, 10),
        "noise": (10, 13),
    }


@pytest.mark.parametrize(
    "parameters, fragment",
    [
        ({"tau_m": -20.0}, r"tau_m must be in \(0, 1e\+06\] ms, got -20 ms"),
        ({"cm": 0.0}, r"cm must be in \(0, 1000\] nF, got 0 nF"),
        ({"cm": float("nan")}, r"cm must be a finite number \(nF\), got nan"),
        ({"tau_refrac": -1.0}, r"tau_refrac must be in \[0, 10000\] ms, got -1 ms"),
        ({"v_reset": -40.0}, r"v_reset must be below v_thresh"),
        ({"tau_m": np.ones(3)}, r"tau_m needs one value per neuron \(10\)"),
        ({"foo": 1.0}, r"foo is not a parameter of IF_cond_exp"),
    ],
)
def test_population_rejects_bad_parameter(parameters, fragment):
    net = Network([Population("p", 10, "IF_cond_exp", parameters)])
    with pytest.raises(ParameterError, match=f"Population 'p': {fragment}"):
        net.validate()


@pytest.mark.parametrize("size", [0, -3, 10**9])
def test_population_rejects_bad_size(size):
    with pytest.raises(ParameterError, match=r"Population 'p': size must be in \[1, "):
        Network([Population("p", size, "IF_cond_exp")]).validate()


def test_population_rejects_fractional_size():
    with pytest.raises(ParameterError, match="size must be a whole number, got 2.5"):
        Network([Population("p", 2.5, "IF_cond_exp")]).validate()


def test_population_rejects_unknown_cell_type():
    with pytest.raises(BuildError, match="Population 'p': Unknown cell type 'HH'"):
        Network([Population("p", 1, "HH")]).validate()


def test_adex_rejects_v_spike_below_threshold():
    net = Network(
        [
            Population(
                "a", 1, "EIF_cond_exp_isfa_ista", {"v_spike": -60.0, "v_reset": -70.0}
            )
        ]
    )
    with pytest.raises(ParameterError, match="v_spike must be above v_thresh"):
        net.validate()


def test_projection_rejects_probability_above_one():
    net = Network(
        [Population("p", 10, "IF_cond_exp")],
        [Projection("x", "p", "p", FixedProbabilityConnector(1.5))],
    )
    with pytest.raises(ParameterError, match=r"p_connect must be in \[0, 1\], got 1.5"):
        net.validate()


def test_projection_rejects_negative_conductance():
    net = Network(
        [Population("p", 2, "IF_cond_exp")],
        [Projection("x", "p", "p", AllToAllConnector(), Synapse(weight=-0.1))],
    )
    with pytest.raises(ParameterError, match="weight must be >= 0 uS"):
        net.validate()


def test_projection_rejects_source_as_target():
    net = Network(
        [Population("s", 2, "SpikeSourcePoisson"), Population("p", 2, "IF_cond_exp")],
        [Projection("x", "p", "s", AllToAllConnector())],
    )
    with pytest.raises(BuildError, match="is a spike source"):
        net.validate()


def test_projection_rejects_unknown_population():
    net = Network(
        [Population("p", 2, "IF_cond_exp")],
        [Projection("x", "p", "q", AllToAllConnector())],
    )
    with pytest.raises(BuildError, match="no population 'q'"):
        net.validate()


def test_projection_rejects_zero_delay():
    net = Network(
        [Population("p", 2, "IF_cond_exp")],
        [Projection("x", "p", "p", AllToAllConnector(), Synapse(delay=0.0))],
    )
    with pytest.raises(ParameterError, match=r"delay must be in \(0, 100000\] ms"):
        net.validate()


def test_one_to_one_rejects_unequal_sizes():
    net = Network(
        [Population("a", 2, "IF_cond_exp"), Population("b", 3, "IF_cond_exp")],
        [Projection("x", "a", "b", OneToOneConnector())],
    )
    with pytest.raises(BuildError, match="equal size"):
        net.validate()


def test_fixed_number_rejects_more_than_available_without_replacement():
    net = Network(
        [Population("a", 2, "IF_cond_exp")],
        [Projection("x", "a", "a", FixedNumberPreConnector(3))],
    )
    with pytest.raises(ParameterError, match="n must be <= 2"):
        net.validate()


def test_distance_expression_refuses_code():
    net = Network(
        [Population("a", 2, "IF_cond_exp")],
        [
            Projection(
                "x", "a", "a", DistanceDependentProbabilityConnector("__import__('os')")
            )
        ],
    )
    with pytest.raises(ParameterError, match="Call is not allowed"):
        net.validate()


def test_grid_must_match_population_size():
    net = Network([Population("g", 5, "IF_curr_exp", structure=Grid2D(2, 2))])
    with pytest.raises(ParameterError, match="holds 4 neurons, the population has 5"):
        net.validate()


def test_record_rejects_unrecordable_variable():
    net = Network([Population("p", 2, "IF_curr_exp")], records=[Record("p", ["w"])])
    with pytest.raises(ParameterError, match="got 'w'"):
        net.validate()


def test_current_source_rejects_index_outside_population():
    net = Network(
        [Population("p", 2, "IF_curr_exp")],
        current_sources=[CurrentSource("dc", "DCSource", {}, [Target("p", [5])])],
    )
    with pytest.raises(BuildError, match="index 5 is outside population 'p' of size 2"):
        net.validate()


def test_random_value_rejects_unknown_distribution():
    with pytest.raises(ParameterError, match="distribution must be one of"):
        RandomValue("cauchy", {})


def test_duplicate_labels_are_refused():
    net = Network(
        [Population("p", 1, "IF_curr_exp"), Population("p", 1, "IF_curr_exp")]
    )
    with pytest.raises(BuildError, match="'p' is used twice"):
        net.validate()


# -- property-based round trip over generated networks ---------------------------

_neuron_types = sorted(name for name, c in CELL_TYPES.items() if not c.is_source)


@st.composite
def networks(draw):
    n_pop = draw(st.integers(1, 4))
    net = Network(
        seed=draw(st.integers(0, 2**31)),
        name=draw(st.text(max_size=20)),
        description=draw(st.text(max_size=40)),
    )
    for k in range(n_pop):
        cell = draw(st.sampled_from(_neuron_types))
        size = draw(st.integers(1, 20))
        params = {}
        if draw(st.booleans()):
            params["tau_m"] = draw(st.floats(1.0, 50.0))
        if draw(st.booleans()):
            params["i_offset"] = [draw(st.floats(-1.0, 1.0)) for _ in range(size)]
        if draw(st.booleans()):
            params["cm"] = RandomValue("uniform", {"low": 0.1, "high": 0.5})
        net.add(Population(f"p{k}", size, cell, params))
    for k in range(draw(st.integers(0, 4))):
        pre = draw(st.sampled_from(net.populations))
        post = draw(st.sampled_from(net.populations))
        connector = draw(
            st.sampled_from(
                [
                    AllToAllConnector(False),
                    FixedProbabilityConnector(0.3),
                    FromListConnector([0], [0]),
                ]
            )
        )
        net.add(
            Projection(
                f"j{k}",
                pre.label,
                post.label,
                connector,
                Synapse(
                    weight=draw(st.floats(0.0, 0.1)), delay=draw(st.floats(0.1, 5.0))
                ),
                draw(st.sampled_from(["excitatory", "inhibitory"])),
            )
        )
    return net


@settings(max_examples=60, deadline=None)
@given(networks())
def test_network_round_trip_property(net):
    net.validate()
    text = net.to_json()
    again = Network.from_json(text)
    again.validate()
    assert again.to_json() == text


def test_grid2d_positions_match_pynn_fill_order():
    from pyNN.space import Grid2D as PyNNGrid2D

    ours = Grid2D(4, 2, dx=2.0, dy=3.0, x0=1.0, y0=-1.0).positions(8)
    theirs = PyNNGrid2D(aspect_ratio=2.0, dx=2.0, dy=3.0, x0=1.0, y0=-1.0)
    np.testing.assert_allclose(ours, theirs.generate_positions(8))
