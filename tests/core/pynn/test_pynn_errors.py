"""Bad input fails where it enters the PyNN layer, naming object, parameter, value."""

import numpy as np
import pytest

import adexlab.core.pynn as sim
from adexlab.core.exceptions import LabError, ParameterError


@pytest.fixture(autouse=True)
def fresh_setup():
    sim.setup(timestep=0.1)
    yield
    sim.end()


def test_cell_type_rejects_negative_tau_m():
    with pytest.raises(ParameterError, match=r"IF_cond_exp: tau_m must be .*got -5"):
        sim.IF_cond_exp(tau_m=-5.0)


def test_population_rejects_zero_cm_in_array():
    with pytest.raises(
        ParameterError, match=r"Population 'exc': cm must be .*got 0 nF"
    ):
        sim.Population(
            3, sim.EIF_cond_exp_isfa_ista(cm=np.array([0.2, 0.0, 0.2])), label="exc"
        )


def test_population_rejects_nan_parameter():
    with pytest.raises(ParameterError, match=r"v_thresh must be a finite number.*nan"):
        sim.Population(2, sim.IF_curr_exp(v_thresh=np.array([-50.0, np.nan])))


@pytest.mark.parametrize("size", [0, 10**9])
def test_population_rejects_size_out_of_range(size):
    with pytest.raises(
        ParameterError, match=rf"size must be in \[1, \d+\].*got {size}"
    ):
        sim.Population(size, sim.IF_cond_exp())


def test_population_set_rejects_negative_tau_w():
    cells = sim.Population(4, sim.EIF_cond_exp_isfa_ista(), label="adex")
    with pytest.raises(ParameterError, match=r"Population 'adex': tau_w .*got -20 ms"):
        cells[1:3].set(tau_w=-20.0)
    assert np.allclose(cells.get("tau_w"), 144.0), "a rejected value is not stored"


def test_population_rejects_random_values_out_of_range():
    distribution = sim.RandomDistribution("normal", (1.0, 5.0), rng=sim.NumpyRNG(3))
    with pytest.raises(ParameterError, match=r"tau_refrac must be"):
        sim.Population(50, sim.IF_cond_exp(tau_refrac=distribution))


def test_population_rejects_reset_above_threshold():
    with pytest.raises(ParameterError, match=r"v_reset must be below v_thresh"):
        sim.Population(1, sim.IF_cond_exp(v_reset=np.array([-40.0])))


def test_initialize_rejects_nan_voltage():
    cells = sim.Population(2, sim.IF_cond_exp(), label="cells")
    with pytest.raises(
        ParameterError, match=r"Population 'cells': v must be a finite number"
    ):
        cells.initialize(v=np.nan)


def test_connector_rejects_probability_above_one():
    with pytest.raises(ParameterError, match=r"p_connect must be in \[0, 1\], got 1.5"):
        sim.FixedProbabilityConnector(1.5)


def test_connector_rejects_negative_count():
    with pytest.raises(ParameterError, match=r"n must be >= 0, got -2"):
        sim.FixedNumberPreConnector(-2)


def test_projection_rejects_more_partners_than_cells():
    pre = sim.Population(3, sim.IF_cond_exp(), label="pre")
    post = sim.Population(3, sim.IF_cond_exp(), label="post")
    with pytest.raises(ParameterError, match=r"n must be <= 3 .*got 5"):
        sim.Projection(pre, post, sim.FixedNumberPreConnector(5))


def test_synapse_rejects_delay_below_time_step():
    with pytest.raises(
        ParameterError, match=r"delay must be >= the time step \(0.1 ms\)"
    ):
        sim.StaticSynapse(weight=0.01, delay=0.05)


def test_projection_rejects_random_delay_below_time_step():
    pre = sim.Population(3, sim.IF_cond_exp(), label="pre")
    delay = sim.RandomDistribution("uniform", (0.0, 0.05), rng=sim.NumpyRNG(1))
    with pytest.raises(
        ParameterError, match=r"Projection 'pre→post': delay must be >="
    ):
        sim.Projection(
            pre,
            sim.Population(3, sim.IF_cond_exp(), label="post"),
            sim.AllToAllConnector(),
            sim.StaticSynapse(delay=delay),
        )


def test_projection_set_rejects_short_delay():
    pre = sim.Population(2, sim.IF_cond_exp(), label="pre")
    projection = sim.Projection(pre, pre, sim.AllToAllConnector())
    with pytest.raises(ParameterError, match=r"delay must be >= the time step"):
        projection.set(delay=0.01)


def test_current_source_rejects_negative_noise():
    with pytest.raises(ParameterError, match=r"NoisyCurrentSource .*stdev must be"):
        sim.NoisyCurrentSource(mean=0.0, stdev=-1.0)


def test_current_source_rejects_stop_before_start():
    with pytest.raises(ParameterError, match=r"stop must be >= start"):
        sim.DCSource(amplitude=1.0, start=50.0, stop=10.0)


def test_current_source_refuses_spike_sources():
    sources = sim.Population(2, sim.SpikeSourcePoisson(rate=10.0))
    with pytest.raises(TypeError, match=r"Can't inject current into a spike source"):
        sim.DCSource(amplitude=1.0).inject_into(sources)


@pytest.mark.parametrize(
    ("keyword", "value", "message"),
    [
        ("timestep", 0.0, r"setup: timestep must be > 0 ms, got 0.0"),
        ("timestep", float("nan"), r"setup: timestep must be a finite number"),
        ("min_delay", 0.01, r"setup: min_delay must be >= the time step"),
    ],
)
def test_setup_rejects_bad_time(keyword, value, message):
    with pytest.raises(ParameterError, match=message):
        sim.setup(**{"timestep": 0.1, keyword: value})


def test_setup_rejects_unknown_backend():
    with pytest.raises(LabError, match=r"Unknown backend 'nosuch'"):
        sim.setup(timestep=0.1, backend="nosuch")


def test_errors_are_value_errors():
    """Scripts catching ValueError, as for other PyNN backends, keep working."""
    with pytest.raises(ValueError):
        sim.IF_curr_alpha(cm=0.0)


def test_setup_names_keyword_the_backend_refuses():
    with pytest.raises(TypeError, match=r"backend 'simulator' does not accept .*foo"):
        sim.setup(timestep=0.1, foo=1)
