"""Input generated per chunk of steps: Poisson spikes, noise and current waveforms.

Random numbers come from seeded generators, one per fixed block of steps and per
named stream (the seed, the stream's name and the block number give the
generator), so the input depends neither on how a run is split into chunks nor
on other sources. Pure numpy apart from the Poisson kernel; must not import the
PyNN layer, panel, holoviews or bokeh.
"""

import zlib

import numpy as np

from ..kernels.sources import _poisson_counts

__all__ = ["BLOCK_VALUES", "InputGenerator"]

#: Random numbers per seeded generator block of Poisson sources and noise.
BLOCK_VALUES = 1 << 18


class InputGenerator:
    """Poisson spike events and stimulus currents of a network, chunk by chunk.

    Parameters
    ----------
    seed : int
        Seed of every random stream.
    dt : float
        Time step, in ms.
    """

    def __init__(self, seed, dt):
        self.seed = seed
        self.dt = dt
        self._cache = {}

    def clear(self):
        """Forget the cached random blocks (after a reset)."""
        self._cache = {}

    def poisson_events(self, sources, step0, n):
        """Return (stamp step, global index) of Poisson spikes of steps step0..+n-1.

        Parameters
        ----------
        sources : list of (label, values, index)
            Each Poisson population: its label, its parameter values (``rate``
            Hz, ``start`` and ``duration`` ms, (size,) arrays) and its global
            neuron indices.
        """
        uniform = np.concatenate(
            [
                self.block_rows(("poisson", label), step0, n, index.size)
                for label, _, index in sources
            ],
            axis=1,
        )
        k = (step0 + np.arange(n))[:, None]
        rate, first, last, index = [], [], [], []
        for _, values, population_index in sources:
            rate.append(values["rate"])
            first.append(np.rint(values["start"] / self.dt))
            last.append(np.rint((values["start"] + values["duration"]) / self.dt))
            index.append(population_index)
        rate, first, last, index = (
            np.concatenate(x) for x in (rate, first, last, index)
        )
        active = (k >= first[None, :]) & (k < last[None, :])
        lam = np.where(active, rate[None, :] * self.dt / 1000.0, 0.0)
        counts = np.empty(uniform.shape, dtype=np.int64)
        _poisson_counts(uniform, lam, counts)
        rows, cols = np.nonzero(counts)
        repeats = counts[rows, cols]
        return np.repeat(step0 + 1 + rows, repeats), np.repeat(index[cols], repeats)

    def block_rows(self, key, first, n, width, normal=False):
        """Rows first..first+n-1 of the seeded random stream ``key``, ``width`` wide.

        Uniform numbers in [0, 1), or standard normal ones if ``normal``.
        """
        block = max(1, BLOCK_VALUES // max(1, width))
        out = np.empty((n, width))
        row = first
        while row < first + n:
            b = row // block
            cached = self._cache.get(key)
            if cached is None or cached[0] != b:
                names = [zlib.crc32(str(part).encode()) for part in key]
                rng = np.random.default_rng([self.seed, *names, b])
                values = (
                    rng.standard_normal((block, width))
                    if normal
                    else rng.random((block, width))
                )
                cached = self._cache[key] = (b, values)
            stop = min(first + n, (b + 1) * block)
            out[row - first : stop - first] = cached[1][
                row - b * block : stop - b * block
            ]
            row = stop
        return out

    def stimulus(self, current_sources, stim_index, step0, n):
        """Return the (n, n_stim) current in nA of every stimulated neuron per step.

        Parameters
        ----------
        current_sources : dict
            label -> [source type, parameters (PyNN units), list of global target
            index arrays].
        stim_index : (n_stim,) int64
            Sorted global indices of all stimulated neurons (the columns).
        """
        stim = np.zeros((n, stim_index.size))
        if not current_sources:
            return stim
        k = step0 + np.arange(n)
        for label, (source_type, p, targets) in current_sources.items():
            for number, target in enumerate(targets):
                columns = np.searchsorted(stim_index, target)
                key = ("noise", label, number)
                current = self.waveform(key, source_type, p, k, target.size)
                np.add.at(stim, (slice(None), columns), current)
        return stim

    def waveform(self, key, source_type, p, k, n_targets):
        """Current of one source at steps k (n,) or (n, n_targets), in nA."""
        dt = self.dt
        if source_type == "StepCurrentSource":
            times = np.asarray(p["times"], dtype=np.float64)
            amplitudes = np.asarray(p["amplitudes"], dtype=np.float64)
            if times.size == 0:
                return np.zeros((k.size, 1))
            change = np.rint(times / dt).astype(np.int64)
            which = np.searchsorted(change, k, side="right") - 1
            return np.where(which >= 0, amplitudes[np.maximum(which, 0)], 0.0)[:, None]
        first = np.rint(p["start"] / dt)
        last = np.rint(p["stop"] / dt)
        active = (k >= first) & (k < last)
        if source_type == "DCSource":
            return np.where(active, p["amplitude"], 0.0)[:, None]
        if source_type == "ACSource":
            phase = np.deg2rad(p["phase"])
            angle = (
                2.0 * np.pi * p["frequency"] * (k * dt - p["start"]) / 1000.0 + phase
            )
            value = p["offset"] + p["amplitude"] * np.sin(angle)
            return np.where(active, value, 0.0)[:, None]
        # NoisyCurrentSource: a new value every p["dt"] ms from the start on.
        every = max(1, int(np.rint(p["dt"] / dt)))
        interval = np.maximum(k - first, 0).astype(np.int64) // every
        z = self._noise(key, interval, n_targets)
        value = p["mean"] + p["stdev"] * z
        return np.where(active[:, None], value, 0.0)

    def _noise(self, key, interval, n_targets):
        """Standard normal numbers per noise interval (rows) and target (columns)."""
        first = int(interval.min())
        values = self.block_rows(
            key, first, int(interval.max()) - first + 1, n_targets, normal=True
        )
        return values[interval - first]
