"""The numba simulator backend: builds a network into arrays and runs it in chunks.

:class:`SimulatorBackend` turns a :class:`~adexlab.core.network.Network` into a
:class:`NumbaSimulation`: neuron state and parameters as 2-D float64 arrays over a
global index (spike sources included), synapses in compressed rows by
presynaptic neuron, a delay ring buffer, and source spikes and stimulus currents
generated per chunk by :mod:`.inputs`, values drawn from the description by
:mod:`.realise`. The step loop itself lives in :mod:`adexlab.core.kernels`. This
module converts AdEx ``a`` from nS to uS (:data:`NS_PER_US`) and must not import
the PyNN layer, panel, holoviews or bokeh.
"""

import logging
import time
import warnings

import numpy as np

from ..celltypes import CURRENT_SOURCES, SYNAPSE_TYPES
from ..exceptions import (
    BuildError,
    ParameterError,
    PrecisionWarning,
    SimulationError,
)
from ..kernels import neurons as nk
from ..kernels import synapses as sk
from ..kernels.loop import _run_steps
from ..random import derive_rng
from ..recording import Recording, Signal
from .base import Backend, Simulation
from .inputs import InputGenerator
from .realise import (
    connection_values,
    connections,
    draw,
    initial_values,
    population_values,
    to_steps,
)

__all__ = ["NS_PER_US", "SimulatorBackend", "NumbaSimulation"]

logger = logging.getLogger(__name__)

#: nS per uS: PyNN gives AdEx ``a`` in nS, the kernels use uS.
NS_PER_US = 1e3

#: Most steps the kernel runs per call; bounds the latency of divergence checks.
MAX_CHUNK_STEPS = 10_000

#: Most stimulus or random values generated per chunk, to bound memory.
CHUNK_VALUES = 4_000_000

#: |v| beyond this is taken as divergence, in mV.
V_DIVERGED = 1e6

_KIND = {
    "IF_curr_exp": nk.KIND_CURR_EXP,
    "IF_curr_alpha": nk.KIND_CURR_ALPHA,
    "IF_cond_exp": nk.KIND_COND_EXP,
    "IF_cond_alpha": nk.KIND_COND_ALPHA,
    "EIF_cond_exp_isfa_ista": nk.KIND_ADEX_EXP,
    "EIF_cond_alpha_isfa_ista": nk.KIND_ADEX_ALPHA,
}

_STATE_ROW = {
    "v": nk.V,
    "w": nk.W,
    "gsyn_exc": nk.GE,
    "gsyn_inh": nk.GI,
    "isyn_exc": nk.GE,
    "isyn_inh": nk.GI,
}

# PyNN parameter -> kernel parameter row, for those copied unchanged.
_PARAM_ROW = {
    "cm": nk.CM,
    "v_rest": nk.E_L,
    "v_reset": nk.V_RESET,
    "v_thresh": nk.V_THRESH,
    "v_spike": nk.V_SPIKE,
    "delta_T": nk.DELTA_T,
    "b": nk.B,
    "tau_w": nk.TAU_W,
    "tau_refrac": nk.TAU_REFRAC,
    "tau_syn_E": nk.TAU_SYN_E,
    "tau_syn_I": nk.TAU_SYN_I,
    "e_rev_E": nk.E_REV_E,
    "e_rev_I": nk.E_REV_I,
    "i_offset": nk.I_OFFSET,
}

# Kernel rows a cell type does not have get harmless values.
_NEUTRAL_ROWS = {
    nk.CM: 1.0,
    nk.G_L: 0.05,
    nk.E_L: 0.0,
    nk.V_RESET: -1.0,
    nk.V_THRESH: 0.0,
    nk.V_SPIKE: 0.0,
    nk.DELTA_T: 0.0,
    nk.A: 0.0,
    nk.B: 0.0,
    nk.TAU_W: 1.0,
    nk.TAU_REFRAC: 0.0,
    nk.TAU_SYN_E: 1.0,
    nk.TAU_SYN_I: 1.0,
    nk.E_REV_E: 0.0,
    nk.E_REV_I: 0.0,
    nk.I_OFFSET: 0.0,
}


class _SynapseStore:
    """Synapses of one kind in compressed rows by presynaptic global index."""

    def __init__(self, n, pre, post, weight, delay, receptor, extra=None):
        order = np.argsort(pre, kind="stable")
        self.ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(pre, minlength=n), out=self.ptr[1:])
        self.post = post[order].astype(np.int32)
        self.weight = weight[order].astype(np.float64)
        self.delay = delay[order].astype(np.uint16)
        self.receptor = receptor[order].astype(np.uint8)
        # position[i]: where the i-th synapse in projection order is stored.
        self.position = np.empty(
            order.size, dtype=np.int32 if order.size < 2**31 else np.int64
        )
        self.position[order] = np.arange(order.size)
        self.param = None if extra is None else np.ascontiguousarray(extra[:, order])
        self.state = None
        if self.param is not None:
            self.state = np.empty((4, order.size))
            self.reset_state()

    def reset_state(self):
        if self.state is not None:
            self.state[sk.TM_X] = 1.0
            self.state[sk.TM_Y] = 0.0
            self.state[sk.TM_USE] = 0.0
            self.state[sk.TM_LAST] = -1.0

    def arrays(self):
        return (self.ptr, self.post, self.weight, self.delay, self.receptor)

    @property
    def max_delay(self):
        return int(self.delay.max()) if self.delay.size else 1

    @property
    def nbytes(self):
        return (
            self.post.nbytes
            + self.weight.nbytes
            + self.delay.nbytes
            + self.receptor.nbytes
            + self.position.nbytes
        )


class SimulatorBackend(Backend):
    """The numba simulator: exact or RK4 integration on one CPU core.

    Examples
    --------
    >>> from adexlab.core.backends import get_backend
    >>> sim = get_backend("simulator").build(network, dt=0.1)   # doctest: +SKIP
    >>> recording = sim.run(100.0)                              # doctest: +SKIP
    """

    name = "simulator"

    def build(self, network, *, dt=0.1, seed=None):
        """Build ``network`` into a :class:`NumbaSimulation` (see Backend.build)."""
        return NumbaSimulation(network, dt=dt, seed=seed)


class NumbaSimulation(Simulation):
    """A network built into arrays and advanced by the numba kernels.

    Parameters
    ----------
    network : Network
        The description; validated here.
    dt : float
        Time step, in ms. Must be > 0.
    seed : int or None
        Seed of every random draw; ``None`` uses ``network.seed``. Each value is
        drawn from a generator derived from the seed and the value's name
        (population label and parameter, projection label and ``"weight"``...),
        Poisson sources and noise from generators per fixed block of steps, so
        results do not depend on how runs are split.

    Notes
    -----
    Integration schemes: exact propagators for IF_curr_*, exponential Euler with
    exact step-mean conductances for IF_cond_*, classic RK4 for the AdEx cells
    (see :mod:`adexlab.core.kernels.neurons`). Spike times are multiples of dt.

    The delay ring buffer holds (max delay / dt + 1) x 2 x n float64 values, so
    long delays in large networks need much memory (100 ms at dt = 0.1 ms for
    10^5 neurons: 1.6 GB).
    """

    def __init__(self, network, *, dt=0.1, seed=None):
        started = time.perf_counter()
        if not np.isfinite(dt) or dt <= 0:
            raise ParameterError("Simulation", "dt", f"must be > 0 ms, got {dt} ms")
        network.validate()
        self.network = network
        self.dt = float(dt)
        self.seed = int(network.seed if seed is None else seed)
        self._offsets = network.offsets()
        self._n = network.n_neurons
        self._build_neurons()
        self._build_synapses()
        self._build_sources()
        self._records = list(network.records)
        self._first_sample = set()
        self._build_records()
        self._spk_step = np.empty(max(1 << 16, 4 * self._n), dtype=np.int64)
        self._spk_index = np.empty_like(self._spk_step)
        self._spiked = np.empty(self._n, dtype=np.int64)
        self._i_ext = np.zeros(self._n)
        self.reset()
        logger.debug(
            "Built %d neurons, %d static and %d Tsodyks-Markram synapses "
            "in %.3f s (dt %g ms, seed %d)",
            self._n,
            self._static.post.size,
            self._tsodyks.post.size,
            time.perf_counter() - started,
            self.dt,
            self.seed,
        )

    # ------------------------------------------------------------------
    # Build

    def _build_neurons(self):
        n = self._n
        self._params = np.empty((nk.N_PARAM, n))
        for row, value in _NEUTRAL_ROWS.items():
            self._params[row] = value
        self._coef = np.empty((nk.N_COEF, n))
        self._state = np.zeros((nk.N_STATE, n))
        self._refr = np.zeros(n, dtype=np.int64)
        self._values = {}
        starts, stops, kinds = [], [], []
        for population in self.network.populations:
            model = population.model
            start, stop = self._offsets[population.label]
            self._values[population.label] = population_values(population, self.seed)
            starts.append(start)
            stops.append(stop)
            kinds.append(nk.KIND_SOURCE if model.is_source else _KIND[model.name])
            if not model.is_source:
                self._write_params(population.label)
        self._groups = (
            np.array(starts, dtype=np.int64),
            np.array(stops, dtype=np.int64),
            np.array(kinds, dtype=np.int64),
        )
        self._update_propagators()

    def _write_params(self, label):
        start, stop = self._offsets[label]
        values = self._values[label]
        block = self._params[:, start:stop]
        for name, row in _PARAM_ROW.items():
            if name in values:
                block[row] = values[name]
        block[nk.G_L] = values["cm"] / values["tau_m"]
        if "a" in values:
            block[nk.A] = values["a"] / NS_PER_US
        if "v_spike" not in values:
            block[nk.V_SPIKE] = values["v_thresh"]
        if "e_rev_E" not in values:
            block[nk.E_REV_E] = 0.0
            block[nk.E_REV_I] = 0.0

    def _update_propagators(self):
        nk._propagators(self._params, self.dt, self._coef)
        self._refr_steps = np.rint(self._params[nk.TAU_REFRAC] / self.dt).astype(
            np.int64
        )

    def _build_synapses(self):
        stores = {"StaticSynapse": [], "TsodyksMarkramSynapse": []}
        self._projections = {}
        for projection in self.network.projections:
            pre_idx, post_idx = connections(projection, self.network, self.seed)
            n_conn = pre_idx.size
            weight = self._connection_values(
                projection, "weight", projection.synapse.weight, n_conn
            )
            self._check_weights(projection, weight)
            delay = projection.synapse.delay
            delay = self._delay_steps(
                projection, self.dt if delay is None else delay, n_conn
            )
            receptor = np.full(
                n_conn,
                0 if projection.receptor_type == "excitatory" else 1,
                dtype=np.uint8,
            )
            parts = stores[projection.synapse.type]
            first = sum(part[0].size for part in parts)
            extra = None
            if projection.synapse.type == "TsodyksMarkramSynapse":
                defaults = SYNAPSE_TYPES["TsodyksMarkramSynapse"].defaults
                extra = np.empty((3, n_conn))
                for row, name in (
                    (sk.TM_U, "U"),
                    (sk.TM_TAU_REC, "tau_rec"),
                    (sk.TM_TAU_FACIL, "tau_facil"),
                ):
                    value = projection.synapse.parameters.get(name, defaults[name])
                    extra[row] = self._connection_values(
                        projection, name, value, n_conn
                    )
            pre_start = self._offsets[projection.pre][0]
            post_start = self._offsets[projection.post][0]
            parts.append(
                (
                    pre_idx + pre_start,
                    post_idx + post_start,
                    weight,
                    delay,
                    receptor,
                    extra,
                )
            )
            self._projections[projection.label] = (
                projection.synapse.type,
                first,
                first + n_conn,
                pre_start,
                post_start,
            )
        self._static = self._make_store(stores["StaticSynapse"], tsodyks=False)
        self._tsodyks = self._make_store(stores["TsodyksMarkramSynapse"], tsodyks=True)

    def _make_store(self, parts, tsodyks):
        def joined(i, dtype):
            if not parts:
                return np.empty(0, dtype=dtype)
            return np.concatenate([part[i] for part in parts]).astype(dtype, copy=False)

        extra = None
        if tsodyks:
            extra = (
                np.concatenate([part[5] for part in parts], axis=1)
                if parts
                else np.empty((3, 0))
            )
        return _SynapseStore(
            self._n,
            joined(0, np.int64),
            joined(1, np.int64),
            joined(2, np.float64),
            joined(3, np.int64),
            joined(4, np.uint8),
            extra,
        )

    def _connection_values(self, projection, name, value, n_conn):
        return connection_values(projection, name, value, n_conn, self.seed)

    def _check_weights(self, projection, weight):
        SYNAPSE_TYPES[projection.synapse.type].parameters["weight"].check(
            projection.owner, weight
        )
        post_model = self.network.population(projection.post).model
        if post_model.conductance_based and weight.size and weight.min() < 0:
            raise ParameterError(
                projection.owner,
                "weight",
                f"must be >= 0 uS onto conductance-based {post_model.name} cells "
                f"(use receptor_type='inhibitory'), got {weight.min():g} uS",
            )

    def _delay_steps(self, projection, value, n_conn, stacklevel=5):
        delay = self._connection_values(projection, "delay", value, n_conn)
        SYNAPSE_TYPES["StaticSynapse"].parameters["delay"].check(
            projection.owner, delay
        )
        steps, on_grid = to_steps(delay, self.dt)
        if not on_grid:
            warnings.warn(
                f"{projection.owner}: delays rounded to multiples of dt = {self.dt} "
                "ms; give delays on the time grid to silence this",
                PrecisionWarning,
                stacklevel=stacklevel,
            )
        if steps.size and steps.min() < 1:
            warnings.warn(
                f"{projection.owner}: delays below dt = {self.dt} ms raised to one "
                "step",
                PrecisionWarning,
                stacklevel=stacklevel,
            )
            steps = np.maximum(steps, 1)
        if steps.size and steps.max() > np.iinfo(np.uint16).max:
            raise ParameterError(
                projection.owner,
                "delay",
                f"must be at most {np.iinfo(np.uint16).max} steps "
                f"({np.iinfo(np.uint16).max * self.dt:g} ms at dt = {self.dt} ms), "
                f"got {steps.max() * self.dt:g} ms",
            )
        return steps

    def _build_sources(self):
        poisson, arrays = [], []
        for population in self.network.populations:
            start, stop = self._offsets[population.label]
            if population.cell_type == "SpikeSourcePoisson":
                poisson.append(population.label)
            elif population.cell_type == "SpikeSourceArray":
                arrays.append(population.label)
        self._poisson_labels = poisson
        self._array_labels = arrays
        self._poisson_index = np.concatenate(
            [np.arange(*self._offsets[label]) for label in poisson]
            or [np.empty(0, np.int64)]
        ).astype(np.int64)
        self._build_array_events()
        self._inputs = InputGenerator(self.seed, self.dt)

        self._current_sources = {}
        columns = []
        for source in self.network.current_sources:
            parameters = {
                **CURRENT_SOURCES[source.source_type].defaults,
                **source.parameters,
            }
            targets = [
                target.resolve(self.network, source.owner)
                + self._offsets[target.population][0]
                for target in source.targets
            ]
            self._current_sources[source.label] = [
                source.source_type,
                parameters,
                targets,
            ]
            columns.extend(targets)
        self._stim_index = np.unique(np.concatenate(columns or [np.empty(0, np.int64)]))
        self._stim_index = self._stim_index.astype(np.int64)

    def _build_array_events(self):
        steps, index = [], []
        for label in self._array_labels:
            start, stop = self._offsets[label]
            times = self._values[label]["spike_times"]
            per_neuron = (
                isinstance(times, list)
                and times
                and isinstance(times[0], (list, tuple, np.ndarray))
            )
            for i in range(stop - start):
                train = np.asarray(times[i] if per_neuron else times, dtype=np.float64)
                s, on_grid = to_steps(train, self.dt)
                if not on_grid:
                    warnings.warn(
                        f"Population {label!r}: spike times rounded to multiples of "
                        f"dt = {self.dt} ms",
                        PrecisionWarning,
                        stacklevel=5,
                    )
                s = s[s >= 1]
                steps.append(s)
                index.append(np.full(s.size, start + i, dtype=np.int64))
        steps = np.concatenate(steps or [np.empty(0, np.int64)])
        index = np.concatenate(index or [np.empty(0, np.int64)])
        order = np.lexsort((index, steps))
        self._array_steps = steps[order]
        self._array_index = index[order]

    def _build_records(self):
        """Lay out the recorded columns; Records of one variable are merged."""
        self._spike_labels = set()
        self._signals = []
        rows, indices, every = [], [], []
        for (label, variable), (ids, interval) in self._merged_records().items():
            if variable == "spikes":
                self._spike_labels.add(label)
                continue
            start, _ = self._offsets[label]
            steps, on_grid = to_steps(interval or self.dt, self.dt)
            steps = max(1, int(steps))
            if not on_grid:
                warnings.warn(
                    f"Record of {label!r}: sampling interval rounded to "
                    f"{steps * self.dt:g} ms",
                    PrecisionWarning,
                    stacklevel=5,
                )
            first = len(rows)
            rows.extend([_STATE_ROW[variable]] * ids.size)
            indices.extend((ids + start).tolist())
            every.extend([steps] * ids.size)
            self._signals.append((label, variable, ids, slice(first, len(rows)), steps))
        self._rec_row = np.array(rows, dtype=np.int64)
        self._rec_index = np.array(indices, dtype=np.int64)
        self._rec_every = np.array(every, dtype=np.int64)

    def _merged_records(self):
        """Return {(population, variable): (sorted ids, sampling interval or None)}.

        Two Records of the same population and variable record the union of
        their cells, at the shorter of their sampling intervals.
        """
        merged = {}
        for record in self._records:
            size = self.network.population(record.population).size
            ids = (
                np.arange(size)
                if record.indices is None
                else np.asarray(record.indices, dtype=np.int64)
            )
            for variable in record.variables:
                key = (record.population, variable)
                interval = record.sampling_interval
                if key in merged:
                    old_ids, old_interval = merged[key]
                    ids_union = np.union1d(old_ids, ids)
                    intervals = [x or self.dt for x in (old_interval, interval)]
                    merged[key] = (ids_union, min(intervals))
                else:
                    merged[key] = (np.unique(ids), interval)
        return merged

    def add_record(self, record):
        """Record more variables or cells from the next run on.

        Parameters
        ----------
        record : Record
            What to record, as in the network description; merged with the
            Records of the same population and variable already present.

        Raises
        ------
        ParameterError, BuildError
            If the Record does not fit the network.

        Notes
        -----
        The description ``network`` is not changed. A variable not recorded
        before starts with the sample at the current time, as after a reset;
        cells added to a recorded variable join at its next sample.
        """
        record.validate(self.network)
        before = {(label, variable) for label, variable, *_ in self._signals}
        self._records.append(record)
        self._build_records()
        if self._step > 0:
            self._first_sample |= {
                (label, variable)
                for label, variable, *_ in self._signals
                if (label, variable) not in before
            }

    # ------------------------------------------------------------------
    # Running

    @property
    def t(self):
        """Simulated time so far, in ms."""
        return self._step * self.dt

    @property
    def n_steps_done(self):
        """Number of time steps simulated so far."""
        return self._step

    def reset(self):
        """Return to t = 0 with the initial state redrawn from the same seed."""
        self._step = 0
        self._first_sample = set()
        self._state[:] = 0.0
        self._refr[:] = 0
        self._i_ext[:] = 0.0
        for population in self.network.populations:
            model = population.model
            if model.is_source:
                continue
            start, stop = self._offsets[population.label]
            v_rest = self._values[population.label].get("v_rest")
            for name, values in initial_values(population, v_rest, self.seed).items():
                self._state[_STATE_ROW[name], start:stop] = values
        self._static.reset_state()
        self._tsodyks.reset_state()
        self._ring = np.zeros((self._n_slots(), 2, self._n))
        self._inputs.clear()

    def _n_slots(self):
        # LIMITATION: one ring slot per step of the longest delay, for every neuron;
        # delays of seconds in large networks need much memory. A fix needs a sparse
        # event queue for the long delays.
        return max(self._static.max_delay, self._tsodyks.max_delay) + 1

    def run(self, duration):
        """Advance by ``duration`` ms; return a :class:`Recording` of this run.

        Raises
        ------
        ParameterError
            If ``duration`` is negative or not finite.
        SimulationError
            If the state diverges; the message names population and neuron.
        """
        if not np.isfinite(duration) or duration < 0:
            raise ParameterError(
                "Simulation", "duration", f"must be >= 0 ms, got {duration} ms"
            )
        n_steps, on_grid = to_steps(duration, self.dt)
        n_steps = int(n_steps)
        if not on_grid:
            warnings.warn(
                f"run duration rounded to {n_steps * self.dt:g} ms, a "
                f"multiple of dt = {self.dt} ms",
                PrecisionWarning,
                stacklevel=2,
            )
        started = time.perf_counter()
        t_start = self.t
        spikes = []
        samples = [([], []) for _ in self._signals]
        for (label, variable, _, columns, _), (steps, values) in zip(
            self._signals, samples
        ):
            if self._step == 0 or (label, variable) in self._first_sample:
                steps.append(np.full(1, self._step, dtype=np.int64))
                rows, index = self._rec_row[columns], self._rec_index[columns]
                values.append(self._state[rows, index][None, :])
        self._first_sample = set()
        width = max(1, self._stim_index.size, self._poisson_index.size)
        chunk = int(min(MAX_CHUNK_STEPS, max(1, CHUNK_VALUES // width)))
        done = 0
        while done < n_steps:
            n = min(chunk, n_steps - done)
            spikes.append(self._advance(n, samples))
            done += n
        recording = self._recording(t_start, spikes, samples)
        logger.info(
            "Ran %.1f ms (%d steps, %d neurons) in %.3f s",
            n_steps * self.dt,
            n_steps,
            self._n,
            time.perf_counter() - started,
        )
        return recording

    def _advance(self, n, samples):
        """Run n steps through the kernel; return the spikes, append the samples."""
        step0 = self._step
        events = self._source_events(step0, n)
        stim = self._stimulus(step0, n)
        n_cols = self._rec_row.size
        every = int(self._rec_every.min()) if n_cols else 1
        rec_values = np.empty(((n // every) + 1, n_cols))
        rec_count = np.zeros(n_cols, dtype=np.int64)
        event_pos = np.zeros(1, dtype=np.int64)
        spk_count = np.zeros(1, dtype=np.int64)
        params = self._params
        tsodyks = self._tsodyks
        reached = 0
        while True:
            reached = _run_steps(
                step0,
                reached,
                n,
                self.dt,
                self._groups,
                self._state,
                self._refr,
                self._refr_steps,
                params,
                self._coef,
                stim,
                self._stim_index,
                self._i_ext,
                events,
                event_pos,
                self._static.arrays(),
                tsodyks.arrays(),
                tsodyks.param,
                tsodyks.state,
                params[nk.TAU_SYN_E],
                params[nk.TAU_SYN_I],
                self._ring,
                self._spiked,
                self._spk_step,
                self._spk_index,
                spk_count,
                self._rec_row,
                self._rec_index,
                self._rec_every,
                rec_values,
                rec_count,
            )
            if reached == n:
                break
            self._grow_spike_buffer()
        self._step = step0 + n
        self._check_finite()
        for (_, _, _, columns, every), (steps, values) in zip(self._signals, samples):
            first = -(-(step0 + 1) // every) * every
            sample_steps = np.arange(first, step0 + n + 1, every, dtype=np.int64)
            steps.append(sample_steps)
            values.append(rec_values[: sample_steps.size, columns].copy())
        count = spk_count[0]
        return self._spk_step[:count].copy(), self._spk_index[:count].copy()

    def _grow_spike_buffer(self):
        size = 2 * self._spk_step.size
        logger.debug("Growing the spike buffer to %d events", size)
        for name in ("_spk_step", "_spk_index"):
            old = getattr(self, name)
            new = np.empty(size, dtype=old.dtype)
            new[: old.size] = old
            setattr(self, name, new)

    def _check_finite(self):
        v = self._state[nk.V]
        bad = ~np.isfinite(self._state).all(axis=0) | (np.abs(v) > V_DIVERGED)
        if not bad.any():
            return
        for population in self.network.populations:
            if population.model.is_source:
                continue
            start, stop = self._offsets[population.label]
            hits = np.flatnonzero(bad[start:stop])
            if hits.size:
                j = start + hits[0]
                raise SimulationError(
                    f"Population {population.label!r}, neuron {hits[0]}: the state "
                    f"diverged by t = {self.t:g} ms (v = {v[j]:g} mV, w = "
                    f"{self._state[nk.W, j]:g} nA); reduce dt, the input current or "
                    f"the weights"
                )

    def _recording(self, t_start, spikes, samples):
        """Turn the raw spike and sample arrays of one run into a Recording."""
        steps = np.concatenate([s for s, _ in spikes] or [np.empty(0, np.int64)])
        index = np.concatenate([i for _, i in spikes] or [np.empty(0, np.int64)])
        recording = Recording(t_start, self.t, self.dt)
        for label in self._spike_labels:
            start, stop = self._offsets[label]
            mask = (index >= start) & (index < stop)
            recording.spikes[label] = (steps[mask] * self.dt, index[mask] - start)
        for (label, variable, ids, columns, every), (parts, values) in zip(
            self._signals, samples
        ):
            times = (np.concatenate(parts) if parts else np.empty(0)) * self.dt
            values = (
                np.concatenate(values, axis=0) if values else np.empty((0, ids.size))
            )
            recording.signals[(label, variable)] = Signal(
                times, ids.copy(), values, every * self.dt
            )
        return recording

    # ------------------------------------------------------------------
    # Sources and stimulus, generated per chunk

    def _source_events(self, step0, n):
        """Return sorted (stamp step, global index) events of steps step0+1..step0+n."""
        lo = np.searchsorted(self._array_steps, step0 + 1, side="left")
        hi = np.searchsorted(self._array_steps, step0 + n, side="right")
        steps, index = self._array_steps[lo:hi], self._array_index[lo:hi]
        if self._poisson_index.size:
            p_steps, p_index = self._poisson_events(step0, n)
            steps = np.concatenate([steps, p_steps])
            index = np.concatenate([index, p_index])
            order = np.lexsort((index, steps))
            steps, index = steps[order], index[order]
        return (
            np.ascontiguousarray(steps, dtype=np.int64),
            np.ascontiguousarray(index, dtype=np.int64),
        )

    def _poisson_events(self, step0, n):
        sources = [
            (label, self._values[label], np.arange(*self._offsets[label]))
            for label in self._poisson_labels
        ]
        return self._inputs.poisson_events(sources, step0, n)

    def _stimulus(self, step0, n):
        """Return the (n, n_stim) current in nA of every stimulated neuron per step."""
        return self._inputs.stimulus(self._current_sources, self._stim_index, step0, n)

    # ------------------------------------------------------------------
    # Parameters, weights, state

    def _population(self, label):
        return self.network.population(label, owner="Simulation")

    def set_parameter(self, population, name, value, indices=None):
        """Set a parameter of a population, in PyNN units, from the next run on.

        Raises
        ------
        ParameterError
            If the name is unknown or the value out of range.
        """
        pop = self._population(population)
        model = pop.model
        values = self._values[population]
        if name not in model.parameters:
            raise ParameterError(
                pop.owner,
                name,
                f"is not a parameter of {model.name}; known "
                f"parameters: {', '.join(model.parameters)}",
            )
        if model.parameters[name].is_array:
            self._set_spike_times(pop, name, value, indices)
            return
        selected = (
            np.arange(pop.size)
            if indices is None
            else np.asarray(indices, dtype=np.int64)
        )
        rng = derive_rng(self.seed, "set_parameter", population, name, self._step)
        new = draw(value, selected.size, rng)
        if new.shape != selected.shape:
            raise ParameterError(
                pop.owner,
                name,
                f"needs one value per neuron ({selected.size}) or a "
                f"single number, got shape {new.shape}",
            )
        candidate = values[name].copy()
        candidate[selected] = new
        merged = {k: v for k, v in values.items() if not model.parameters[k].is_array}
        merged[name] = candidate
        model.check_parameters(pop.owner, merged)
        values[name] = candidate
        if not model.is_source:
            self._write_params(population)
            self._update_propagators()

    def _set_spike_times(self, pop, name, value, indices):
        """Replace the spike times of all or some neurons of a SpikeSourceArray."""
        spec = pop.model.parameters[name]
        per_neuron = isinstance(value, list) and any(
            isinstance(item, (list, tuple, np.ndarray)) for item in value
        )
        trains = [np.asarray(v, dtype=float) for v in value] if per_neuron else None
        for train in trains or [np.asarray(value, dtype=float)]:
            spec.check(pop.owner, train)
            if np.any(np.diff(train) < 0):
                raise ParameterError(
                    pop.owner, name, "must be sorted in increasing order"
                )
        current = self._values[pop.label][name]
        if not (
            isinstance(current, list)
            and current
            and isinstance(current[0], (list, tuple, np.ndarray))
        ):
            current = [np.asarray(current, dtype=float)] * pop.size
        current = list(current)
        selected = range(pop.size) if indices is None else np.asarray(indices).tolist()
        for number, i in enumerate(selected):
            current[i] = trains[number] if trains else np.asarray(value, dtype=float)
        self._values[pop.label][name] = current
        self._build_array_events()

    def get_parameter(self, population, name):
        """Return a parameter of every neuron of a population, in PyNN units."""
        pop = self._population(population)
        values = self._values[population]
        if name not in values:
            raise ParameterError(
                pop.owner, name, f"is not a parameter of {pop.cell_type}"
            )
        value = values[name]
        return value.copy() if isinstance(value, np.ndarray) else value

    def _projection(self, label):
        try:
            kind, first, stop, pre_start, post_start = self._projections[label]
        except KeyError:
            raise BuildError(f"Simulation: no projection {label!r}") from None
        store = self._static if kind == "StaticSynapse" else self._tsodyks
        return store, store.position[first:stop], pre_start, post_start

    def set_weights(self, projection, value):
        """Set the weights of a projection (scalar, one per connection or random)."""
        store, position, _, _ = self._projection(projection)
        description = self.network.projection(projection)
        weight = self._connection_values(description, "weight", value, position.size)
        self._check_weights(description, weight)
        store.weight[position] = weight

    def get_weights(self, projection):
        """Return the weights of a projection in connection order (uS or nA)."""
        store, position, _, _ = self._projection(projection)
        return store.weight[position]

    def set_delays(self, projection, value):
        """Set the delays of a projection in ms (rounded to whole steps, >= 1)."""
        store, position, _, _ = self._projection(projection)
        description = self.network.projection(projection)
        steps = self._delay_steps(description, value, position.size, stacklevel=3)
        old_slots = self._ring.shape[0]
        store.delay[position] = steps
        if self._n_slots() > old_slots:
            self._resize_ring(self._n_slots())

    def _resize_ring(self, n_slots):
        old = self._ring
        new = np.zeros((n_slots, 2, self._n))
        for end_step in range(self._step + 1, self._step + old.shape[0]):
            new[end_step % n_slots] = old[end_step % old.shape[0]]
        self._ring = new

    def get_delays(self, projection):
        """Return the delays of a projection in connection order, in ms."""
        store, position, _, _ = self._projection(projection)
        return store.delay[position].astype(np.float64) * self.dt

    def set_synapse_parameter(self, projection, name, value):
        """Set a Tsodyks-Markram parameter (U, tau_rec, tau_facil) from now on.

        ``value`` is a number, one value per connection (in connection order)
        or a RandomValue; times in ms. The synapses' dynamic state (resources,
        utilisation) is kept.

        Raises
        ------
        ParameterError
            If the projection has no such parameter or a value is out of range.
        """
        store, position, _, _ = self._projection(projection)
        description = self.network.projection(projection)
        rows = {"U": sk.TM_U, "tau_rec": sk.TM_TAU_REC, "tau_facil": sk.TM_TAU_FACIL}
        if store.param is None or name not in rows:
            known = ", ".join(rows) if store.param is not None else "none"
            raise ParameterError(
                description.owner,
                name,
                f"is not a parameter of {description.synapse.type} that can be "
                f"set; known: {known}",
            )
        values = self._connection_values(description, name, value, position.size)
        SYNAPSE_TYPES[description.synapse.type].parameters[name].check(
            description.owner, values
        )
        store.param[rows[name], position] = values

    def get_synapse_parameter(self, projection, name):
        """Return a Tsodyks-Markram parameter per connection, in connection order."""
        store, position, _, _ = self._projection(projection)
        rows = {"U": sk.TM_U, "tau_rec": sk.TM_TAU_REC, "tau_facil": sk.TM_TAU_FACIL}
        if store.param is None or name not in rows:
            raise ParameterError(
                self.network.projection(projection).owner,
                name,
                "is not a Tsodyks-Markram parameter of this projection",
            )
        return store.param[rows[name], position].copy()

    def connections(self, projection):
        """Return ``(pre_idx, post_idx)``, population-local, in connection order."""
        store, position, pre_start, post_start = self._projection(projection)
        pre = np.searchsorted(store.ptr, position, side="right") - 1
        return pre - pre_start, store.post[position].astype(np.int64) - post_start

    def set_current_source(self, label, **parameters):
        """Change parameters of a current source from the next run on.

        Raises
        ------
        BuildError
            If there is no current source ``label``.
        ParameterError
            If a value is out of range.
        """
        if label not in self._current_sources:
            raise BuildError(f"Simulation: no current source {label!r}")
        source_type, current, targets = self._current_sources[label]
        owner = f"{source_type} {label!r}"
        CURRENT_SOURCES[source_type].check_parameters(owner, parameters)
        current.update(parameters)

    def get_state(self, population, variable):
        """Return a state variable of every neuron of a population."""
        pop = self._population(population)
        row = self._state_row(pop, variable)
        start, stop = self._offsets[population]
        return self._state[row, start:stop].copy()

    def set_state(self, population, variable, values):
        """Set a state variable of every neuron (scalar or one value per neuron)."""
        pop = self._population(population)
        row = self._state_row(pop, variable)
        start, stop = self._offsets[population]
        values = draw(
            values,
            pop.size,
            derive_rng(self.seed, "set_state", population, variable, self._step),
        )
        if values.shape != (pop.size,) or not np.isfinite(values).all():
            raise ParameterError(
                pop.owner, variable, f"needs {pop.size} finite values or one number"
            )
        self._state[row, start:stop] = values

    def _state_row(self, pop, variable):
        model = pop.model
        if variable not in model.initial_values:
            known = ", ".join(model.initial_values) or "none"
            raise ParameterError(
                pop.owner,
                variable,
                f"is not a state variable of {model.name}; known: {known}",
            )
        return _STATE_ROW[variable]

    def close(self):
        """Release the arrays held by the simulation."""
        self._ring = np.zeros((1, 2, 0))
        self._spk_step = self._spk_index = np.empty(0, np.int64)

    # ------------------------------------------------------------------
    # Introspection used by benchmarks and the lab

    def memory_bytes(self):
        """Return bytes used per part: ``{"static_synapses": ..., "ring": ...}``."""
        return {
            "static_synapses": self._static.nbytes,
            "tsodyks_synapses": self._tsodyks.nbytes
            + (self._tsodyks.param.nbytes + self._tsodyks.state.nbytes),
            "neurons": self._state.nbytes + self._params.nbytes + self._coef.nbytes,
            "ring": self._ring.nbytes,
        }
