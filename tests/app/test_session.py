"""LabSession: the worker thread runs chunks, edits reach it, ticks fill the plots."""

import math
import time

import pytest

from adexlab.app.lab import prewarm
from adexlab.app.runner import SimulationRunner
from adexlab.app.session import LabSession, live_network
from adexlab.core.labstate import LabState

#: Longest wait for the worker thread in these tests, in s; the kernels are compiled
#: beforehand by `compiled_kernels`, so this covers running, not compiling.
TIMEOUT_S = 60.0


@pytest.fixture(scope="module", autouse=True)
def compiled_kernels():
    """Compile (or load) the kernels before any timed wait.

    On a fresh clone the numba cache is empty and compiling every kernel takes about
    a minute, longer than the waits below allow.
    """
    prewarm()


def _tick_until(session, condition, timeout=TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.tick()
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def session():
    session = LabSession(periodic=False)
    session.state.speed = math.inf
    yield session
    session.close()


def test_session_run_fills_traces_and_raster(session):
    session.state.running = True
    _tick_until(session, lambda: session.state.t > 300.0)
    session.state.running = False
    assert len(session.plots.v_source.data["t"]) > 100
    assert len(session.plots.raster.data["t"]) > 0
    assert len(session.phase_plane.trajectory.data["v"]) > 100


def test_session_step_advances_by_the_step_duration(session):
    session.state.step_duration = 20.0
    session.state.param.trigger("step_request")
    _tick_until(session, lambda: session.state.t > 0)
    assert session.state.t == pytest.approx(20.0)


def test_session_edit_while_running_reaches_the_simulation_without_reset(session):
    session.state.running = True
    _tick_until(session, lambda: session.state.t > 100.0)
    session.state.set_parameter("neuron", "b", 0.3)
    t_edit = session.state.t

    def applied():
        simulation = session.runner._simulation.simulation
        return simulation.get_parameter("neuron", "b")[0] == 0.3

    _tick_until(session, applied)
    session.state.running = False
    assert session.state.t >= t_edit


def test_session_reset_returns_to_zero(session):
    session.state.param.trigger("step_request")
    _tick_until(session, lambda: session.state.t > 0)
    session.state.param.trigger("reset_request")
    _tick_until(session, lambda: len(session.plots.v_source.data["t"]) == 0)
    assert session.state.t == 0.0


def test_session_structure_change_rebuilds_the_simulation(session):
    session.state.add_population("exc", 5, "IF_cond_exp")
    session.state.param.trigger("step_request")
    _tick_until(session, lambda: session.state.t > 0)
    assert "exc" in session.runner._simulation.simulation.network.offsets()
    assert ("exc", 0) in session.plots.traced


def test_session_shows_a_failing_edit_as_a_message(session):
    session.runner._take_edits = lambda: [("parameter", "neuron", "tau_m", -1.0)]
    session.state.param.trigger("step_request")
    _tick_until(session, lambda: session.state.message_kind == "error")
    assert "tau_m" in session.state.message


def test_session_close_stops_the_worker_thread():
    session = LabSession(periodic=False)
    session.close()
    assert not session.runner.is_alive


def test_live_network_records_spikes_and_traces_only():
    network = LabState().network
    live = live_network(network, dt=0.1, window=1000.0)
    assert [(r.population, r.variables) for r in live.records] == [
        ("neuron", ["spikes"]),
        ("neuron", ["v", "w"]),
    ]
    assert network.records == []


def test_runner_paces_to_the_chosen_speed():
    state = LabState()
    runner = SimulationRunner(state.take_edits)
    try:
        runner.speed = 200.0
        runner.rebuild(live_network(state.network, 0.1, 1000.0), 0.1)
        runner.step(1.0)
        deadline = time.monotonic() + TIMEOUT_S
        while not any(hasattr(i, "t_stop") for i in runner.drain()):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        runner.play()
        time.sleep(1.0)
        runner.pause()
        simulated = sum(
            i.t_stop - i.t_start for i in runner.drain() if hasattr(i, "t_stop")
        )
    finally:
        runner.close()
    assert 100.0 <= simulated <= 300.0


def test_two_sessions_keep_their_own_networks():
    first, second = LabSession(periodic=False), LabSession(periodic=False)
    try:
        first.state.set_parameter("neuron", "b", 0.3)
        first.state.add_population("exc", 4)
        assert "b" not in second.state.network.population("neuron").parameters
        assert [p.label for p in second.state.network.populations] == ["neuron"]
    finally:
        first.close()
        second.close()
