"""The run loop of one lab session: a worker thread advancing a simulation in chunks.

:class:`SimulationRunner` owns the simulation built from the session's network.
Its thread runs chunks of a few tens of ms of wall time each, forwards queued
parameter edits to the simulation before every chunk (no reset), paces the run
to the chosen speed and puts each chunk's :class:`~adexlab.core.recording.Recording`
into a bounded queue. The session's periodic callback takes them out with
:meth:`SimulationRunner.drain`; nothing here touches a Bokeh document.
"""

import collections
import logging
import math
import threading
import time

from adexlab.core.backends import get_backend
from adexlab.core.exceptions import LabError

__all__ = ["SimulationRunner", "Reset", "RunFailed"]

logger = logging.getLogger(__name__)

#: Wall time one chunk aims at, in s: short enough for edits to act promptly.
CHUNK_WALL_S = 0.05
#: Longest chunk when running as fast as possible, in simulated ms.
MAX_CHUNK_MS = 2000.0
#: Chunks waiting for the display before the worker waits for it to catch up.
MAX_PENDING = 40


class Reset:
    """Marker in the output queue: the simulation restarted at ``t = 0``."""


class RunFailed:
    """Marker in the output queue: a chunk or an edit failed with ``message``."""

    def __init__(self, message, paused=True):
        self.message = message
        self.paused = paused


class SimulationRunner:
    """Runs a network in a worker thread, in chunks, paced to a speed.

    Parameters
    ----------
    edits : callable
        Returns the parameter edits queued since the last call, as tuples
        ``(kind, label, name, value)`` (see ``LabState.take_edits``); called by
        the worker before each chunk.
    backend : str
        Backend name for :func:`adexlab.core.backends.get_backend`.
    """

    def __init__(self, edits, backend="simulator"):
        self._take_edits = edits
        self._backend = get_backend(backend)
        self._cond = threading.Condition()
        self._output = collections.deque()
        self._simulation = None
        self._next_build = None
        self._running = False
        self._steps = []
        self._reset = False
        self._closed = False
        self.speed = 1000.0
        self.wall_time = 0.0
        self._thread = threading.Thread(
            target=self._loop, name="adexlab-runner", daemon=True
        )
        self._thread.start()

    # ------------------------------------------------------------------
    # Commands, called from the session's thread

    @property
    def running(self):
        """True while the worker advances the simulation continuously."""
        return self._running

    @property
    def is_built(self):
        """True once a simulation has been built and can run."""
        return self._simulation is not None

    @property
    def is_alive(self):
        """True until :meth:`close` has stopped the worker thread."""
        return self._thread.is_alive()

    def rebuild(self, network, dt):
        """Build ``network`` (a private copy) with time step ``dt`` (ms) next."""
        with self._cond:
            self._next_build = (network, dt)
            self._cond.notify_all()

    def play(self):
        """Run continuously until :meth:`pause`."""
        with self._cond:
            self._running = True
            self._cond.notify_all()

    def pause(self):
        """Stop after the current chunk."""
        with self._cond:
            self._running = False
            self._cond.notify_all()

    def step(self, duration):
        """Advance by ``duration`` ms once, then wait."""
        with self._cond:
            self._steps.append(float(duration))
            self._cond.notify_all()

    def reset(self):
        """Return the simulation to ``t = 0`` (parameters as edited)."""
        with self._cond:
            self._reset = True
            self._steps.clear()
            self._cond.notify_all()

    def drain(self):
        """Return and forget everything the worker produced since the last call.

        Returns
        -------
        list
            Recordings, :class:`Reset` and :class:`RunFailed` markers in order.
        """
        items = []
        with self._cond:
            while self._output:
                items.append(self._output.popleft())
            self._cond.notify_all()
        return items

    def close(self, timeout=5.0):
        """Stop the worker thread and release the simulation."""
        with self._cond:
            self._closed = True
            self._running = False
            self._cond.notify_all()
        self._thread.join(timeout)
        if self._simulation is not None:
            self._simulation.close()
            self._simulation = None

    # ------------------------------------------------------------------
    # The worker thread

    def _emit(self, item):
        with self._cond:
            self._output.append(item)

    def _loop(self):
        chunk_fast = 10.0
        while True:
            with self._cond:
                while not (
                    self._closed
                    or self._next_build
                    or self._reset
                    or self._steps
                    or (self._running and len(self._output) < MAX_PENDING)
                ):
                    self._cond.wait(1.0)
                if self._closed:
                    return
                build, self._next_build = self._next_build, None
                reset, self._reset = self._reset, False
                step = self._steps.pop(0) if self._steps else None
                running = self._running
            try:
                if build is not None:
                    self._build(*build)
                elif reset and self._simulation is not None:
                    self._simulation.reset()
                    self.wall_time = 0.0
                    self._emit(Reset())
                if self._simulation is None or (step is None and not running):
                    continue
                self._apply_edits()
                if step is not None:
                    self._simulation.run(self._on_grid(step))
                    self._emit(self._last)
                    continue
                chunk_fast = self._run_chunk(chunk_fast)
            except LabError as error:
                self._fail(str(error))
            except Exception as error:  # keep the session alive; the log has it
                logger.exception("the run loop failed")
                self._fail(
                    f"Internal error ({type(error).__name__}: {error}); "
                    "the simulation was paused, see the server log."
                )

    def _fail(self, message):
        with self._cond:
            self._running = False
            self._output.append(RunFailed(message))

    def _build(self, network, dt):
        started = time.perf_counter()
        if self._simulation is not None:
            self._simulation.close()
            self._simulation = None
        self._take_edits()  # the copy being built already holds them
        simulation = self._backend.build(network, dt=dt)
        self._simulation = _Recorder(simulation)
        self.wall_time = 0.0
        self._emit(Reset())
        logger.debug(
            "built the session's network in %.3f s", time.perf_counter() - started
        )

    def _apply_edits(self):
        simulation = self._simulation.simulation
        for kind, label, name, value in self._take_edits():
            try:
                if kind == "parameter":
                    simulation.set_parameter(label, name, value)
                elif kind == "current_source":
                    simulation.set_current_source(label, **{name: value})
                elif kind == "weight":
                    simulation.set_weights(label, value)
                elif kind == "delay":
                    simulation.set_delays(label, value)
            except LabError as error:
                self._emit(RunFailed(str(error), paused=False))

    def _on_grid(self, duration):
        dt = self._simulation.simulation.dt
        return max(1, round(duration / dt)) * dt

    def _run_chunk(self, chunk_fast):
        """Run one paced chunk; return the next chunk length for full speed."""
        speed = self.speed
        started = time.perf_counter()
        if math.isinf(speed):
            self._simulation.run(self._on_grid(chunk_fast))
            self._emit(self._last)
            elapsed = time.perf_counter() - started
            self.wall_time += elapsed
            scale = min(4.0, max(0.25, CHUNK_WALL_S / max(elapsed, 1e-4)))
            return min(MAX_CHUNK_MS, max(1.0, chunk_fast * scale))
        duration = self._on_grid(speed * CHUNK_WALL_S)
        self._simulation.run(duration)
        self._emit(self._last)
        # Sleep off the rest of the chunk's wall time; a pause or close wakes us.
        remaining = duration / speed - (time.perf_counter() - started)
        if remaining > 0:
            with self._cond:
                self._cond.wait_for(
                    lambda: self._closed or not self._running, remaining
                )
        self.wall_time += time.perf_counter() - started
        return chunk_fast

    @property
    def _last(self):
        return self._simulation.last


class _Recorder:
    """A simulation and the recording of its last run."""

    def __init__(self, simulation):
        self.simulation = simulation
        self.last = None

    def run(self, duration):
        self.last = self.simulation.run(duration)

    def reset(self):
        self.simulation.reset()

    def close(self):
        self.simulation.close()
