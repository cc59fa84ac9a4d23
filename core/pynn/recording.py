"""Recorder of the adexlab PyNN backend: feeds PyNN's Neo machinery from Recordings.

Each run of the simulation hands back a :class:`~adexlab.core.recording.Recording`
with only the data of that run; the recorder keeps these chunks and PyNN's
:class:`pyNN.recording.Recorder` turns them into Neo segments. Analog signals
follow pyNN.nest: the sample at time t is the state at time t, from the initial
state at t = 0 up to and including the current time.
"""

import logging

import numpy as np
from pyNN import recording

from .. import network as core_network
from ..exceptions import ParameterError
from . import simulator

logger = logging.getLogger(__name__)

#: Relative tolerance when placing sample times on the sampling grid.
_GRID_TOLERANCE = 1e-6


class Recorder(recording.Recorder):
    """Records spikes and state variables of one population."""

    _simulator = simulator

    def __init__(self, population, file=None):
        self._spike_chunks = []
        self._signal_chunks = {}
        super().__init__(population, file)

    # -- what to record -----------------------------------------------------------

    def record(self, variables, ids, sampling_interval=None, locations=None):
        """Add ``ids`` to the recorded cells of each of ``variables``."""
        state = self._simulator.state
        if sampling_interval is not None:
            _check_sampling_interval(self.population, sampling_interval, state.dt)
        ids = {i for i in ids if i.local}
        grown = [
            variable
            for variable in self._localize_variables(variables, locations)
            if self.population.can_record(variable.name)
            and ids - self.recorded.get(variable, set())
        ]
        super().record(variables, ids, sampling_interval, locations)
        if state.simulation is None:
            return
        # A built simulation records the new cells from the next run on.
        described = {
            (record.population, record.variables[0]): record
            for record in self._describe()
        }
        for variable in grown:
            key = (self.population._core_label, variable.name)
            if key in described:
                state.simulation.add_record(described[key])

    def _record(self, variable, new_ids, sampling_interval=None):
        if sampling_interval is not None and variable.name != "spikes":
            self.sampling_interval = sampling_interval

    def _reset(self):
        if any(self.recorded.values()):
            self._simulator.state.check_structure_change(
                f"stopping the recording of {self.population.label!r}"
            )

    def _describe(self):
        """Return the core Records for the recorded variables."""
        records = []
        for variable, ids in sorted(self.recorded.items()):
            if not ids:
                continue
            indices = self._indices(ids)
            if indices.size == self.population.size:
                indices = None
            interval = None
            if variable.name != "spikes" and not np.isclose(
                self.sampling_interval, self._simulator.state.dt
            ):
                interval = float(self.sampling_interval)
            records.append(
                core_network.Record(
                    self.population._core_label, [variable.name], indices, interval
                )
            )
        return records

    def _indices(self, ids):
        return np.sort(self.population.id_to_index(np.array(sorted(ids), dtype=int)))

    # -- data from the simulation ---------------------------------------------------

    def _absorb(self, recording_):
        """Keep the data of one run of the simulation."""
        label = self.population._core_label
        spikes = recording_.spikes.get(label)
        if spikes is not None:
            times, ids = spikes
            self._spike_chunks.append((np.asarray(times, float), np.asarray(ids, int)))
        for (population, name), signal in recording_.signals.items():
            if population == label:
                self._add_samples(name, signal.times, signal.ids, signal.values)

    def _snapshot(self):
        """Keep the current state as the first sample of a recording restarted now.

        A Recording holds the state at the end of each run, so after ``clear``
        the sample at the current time would be missing from the next run.
        """
        state = self._simulator.state
        if state.simulation is None:
            return
        for variable, ids in self.recorded.items():
            if variable.name == "spikes" or not ids:
                continue
            indices = self._indices(ids)
            try:
                values = state.simulation.get_state(
                    self.population._core_label, variable.name
                )
            except (NotImplementedError, KeyError):
                logger.debug("no state %r to snapshot", variable.name)
                continue
            values = np.asarray(values, dtype=float)[indices]
            self._add_samples(
                variable.name, np.array([state.t]), indices, values[np.newaxis, :]
            )

    def _add_samples(self, name, times, ids, values):
        step = times / self.sampling_interval
        grid = np.rint(step)
        on_grid = np.abs(step - grid) < _GRID_TOLERANCE * np.maximum(1.0, grid)
        if not np.any(on_grid):
            return
        values = np.asarray(values, dtype=float)[on_grid]
        self._signal_chunks.setdefault(name, []).append(
            (grid[on_grid].astype(np.int64), np.asarray(ids, dtype=np.int64), values)
        )

    def _clear_data(self):
        self._spike_chunks = []
        self._signal_chunks = {}

    # -- hooks of pyNN.recording.Recorder ---------------------------------------------

    def _spikes(self):
        """Return all recorded spike times and population-local ids since the start."""
        if not self._spike_chunks:
            return np.zeros(0), np.zeros(0, dtype=int)
        times = np.concatenate([c[0] for c in self._spike_chunks])
        ids = np.concatenate([c[1] for c in self._spike_chunks])
        start = float(self._recording_start_time)
        keep = times > start if start > 0 else np.ones(times.size, dtype=bool)
        return times[keep], ids[keep]

    def _get_spiketimes(self, ids, clear=False):
        times, local = self._spikes()
        global_ids = np.asarray(self.population.all_cells, dtype=int)[local]
        wanted = np.isin(global_ids, np.asarray(ids, dtype=int))
        order = np.argsort(times[wanted], kind="stable")
        return global_ids[wanted][order], times[wanted][order].copy()

    def _get_all_signals(self, variable, ids, clear=False):
        state = self._simulator.state
        interval = self.sampling_interval
        first = int(np.ceil(float(self._recording_start_time) / interval - 1e-9))
        last = int(np.floor(state.t / interval + 1e-9))
        n_samples = max(last - first + 1, 0)
        local = np.asarray(self.population.id_to_index(np.asarray(ids, dtype=int)))
        local = np.atleast_1d(local)
        data = np.full((n_samples, local.size), np.nan)
        column = {int(index): c for c, index in enumerate(local)}
        for rows, chunk_ids, values in self._signal_chunks.get(variable.name, []):
            cols = np.array([column.get(int(i), -1) for i in chunk_ids])
            keep_cols = cols >= 0
            keep_rows = (rows >= first) & (rows <= last)
            if not keep_cols.any() or not keep_rows.any():
                continue
            block = values[keep_rows][:, keep_cols]
            data[np.ix_(rows[keep_rows] - first, cols[keep_cols])] = block
        return data, None

    def _local_count(self, variable, filter_ids=None):
        times, local = self._spikes()
        counts = np.bincount(local, minlength=self.population.size)
        return {
            int(i): int(counts[self.population.id_to_index(i)])
            for i in self.filter_recorded(variable, filter_ids)
        }

    def _clear_simulator(self):
        self._clear_data()
        self._snapshot()


def _check_sampling_interval(population, interval, dt):
    owner = f"Population {population.label!r}"
    ratio = interval / dt
    if not np.isfinite(ratio) or ratio < 1.0 - 1e-9 or abs(ratio - round(ratio)) > 1e-6:
        raise ParameterError(
            owner,
            "sampling_interval",
            f"must be a whole multiple of the time step ({dt:g} ms), got {interval} ms",
        )
