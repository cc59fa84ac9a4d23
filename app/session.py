"""One browser session of the lab: its state, its run loop and the views of both.

:class:`LabSession` wires a fresh :class:`~adexlab.core.labstate.LabState` to a
:class:`~adexlab.app.runner.SimulationRunner` and to the live views. A periodic
callback (every :data:`TICK_MS`) drains what the worker thread produced and
updates every plot inside one ``pn.io.hold()``. Everything stops when the
session is destroyed.
"""

import copy
import logging
import time

import panel as pn

from adexlab.core.labstate import LabState
from adexlab.core.network import Record
from adexlab.widgets.phase_plane import PhasePlane
from adexlab.widgets.plots import LivePlots, trace_sampling_interval, traced_neurons

from .runner import Reset, RunFailed, SimulationRunner

__all__ = ["LabSession", "live_network", "TICK_MS"]

logger = logging.getLogger(__name__)

#: Period of the display update, in wall-clock ms (4-5 updates per second).
TICK_MS = 200


def live_network(network, dt, window):
    """Return a copy of ``network`` that records what the live plots show.

    Spikes of every population, and v (and w for AdEx cells) of the traced
    neurons, sampled so that a plot window holds a few thousand points. The
    records of the original network are left out: the lab shows its own.
    """
    live = copy.deepcopy(network)
    live.records = [Record(p.label, ["spikes"]) for p in network.populations]
    interval = trace_sampling_interval(dt, window)
    for label, index in traced_neurons(network):
        model = network.population(label).model
        variables = ["v", "w"] if model.adaptive else ["v"]
        live.records.append(Record(label, variables, [index], interval))
    return live


class LabSession:
    """State, run loop and live views of one browser session.

    Parameters
    ----------
    network : Network or None
        The network to start with; None gives the ready start.
    backend : str
        Name of the backend that runs it.
    periodic : bool
        Start the periodic display callback (False in tests that call
        :meth:`tick` themselves).
    """

    def __init__(self, network=None, backend="simulator", periodic=True):
        self.state = LabState(network)
        self.plots = LivePlots(state=self.state)
        self.phase_plane = PhasePlane(state=self.state)
        self.runner = SimulationRunner(self.state.take_edits, backend=backend)
        self.runner.speed = self.state.speed
        self._callback = None
        self._closed = False
        #: Functions called at every tick, e.g. the autosave.
        self.tick_hooks = []
        state = self.state
        state.param.watch(self._on_structure, ["structure", "dt"])
        state.param.watch(self._on_running, "running")
        state.param.watch(lambda e: setattr(self.runner, "speed", e.new), "speed")
        state.param.watch(self._on_step, "step_request")
        state.param.watch(self._on_reset, "reset_request")
        self._rebuild()
        if periodic:
            self._callback = pn.state.add_periodic_callback(self.tick, period=TICK_MS)

    # ------------------------------------------------------------------
    # State -> run loop

    def _rebuild(self):
        network = self.state.network
        self.plots.configure(network, self.state.dt)
        self.phase_plane.clear()
        self.phase_plane.update()
        self.state.t = 0.0
        self.state.wall_time = 0.0
        live = live_network(network, self.state.dt, self.plots.window)
        self.runner.rebuild(live, self.state.dt)

    def _on_structure(self, event):
        # Button and canvas events arrive without the document lock; plain Bokeh
        # models may only change under it, which pn.state.execute arranges.
        pn.state.execute(self._rebuild, schedule=True)

    def _on_running(self, event):
        if event.new:
            self.runner.play()
        else:
            self.runner.pause()

    def _on_step(self, event):
        self.runner.step(self.state.step_duration)

    def _on_reset(self, event):
        self.runner.reset()

    # ------------------------------------------------------------------
    # Run loop -> views

    def tick(self):
        """Move what the worker produced into the plots; called every TICK_MS."""
        if self._closed:
            return
        for hook in self.tick_hooks:
            hook()
        started = time.perf_counter()
        items = self.runner.drain()
        if not items:
            return
        with pn.io.hold():
            self._show(items)
        logger.debug(
            "tick with %d items in %.1f ms",
            len(items),
            1e3 * (time.perf_counter() - started),
        )

    def _show(self, items):
        batch = None
        for item in items:
            if isinstance(item, Reset):
                batch = None
                self.plots.clear()
                self.phase_plane.clear()
                self.state.t = 0.0
            elif isinstance(item, RunFailed):
                if item.paused:
                    self.state.running = False
                self.state.notify(item.message, "error")
            else:
                batch = item if batch is None else batch.merge(item)
        if batch is not None:
            self.plots.push(batch)
            self.phase_plane.push(batch)
            self.state.t = batch.t_stop
        self.state.wall_time = self.runner.wall_time

    def close(self):
        """Stop the periodic callback and the worker thread."""
        if self._closed:
            return
        self._closed = True
        if self._callback is not None:
            try:
                self._callback.stop()
            except (RuntimeError, ValueError):
                logger.debug("periodic callback already stopped", exc_info=True)
        self.runner.close()
        logger.info("lab session closed")
