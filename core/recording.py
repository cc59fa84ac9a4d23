"""Recorded data of one run: spike times and sampled state variables per population.

A :class:`Recording` holds what a backend recorded during one ``run`` call, with
population-local neuron ids and times in ms; recordings of consecutive runs
concatenate with :meth:`Recording.merge`. Analog samples follow the PyNN/NEST
convention: the sample at time ``t`` is the state at ``t``; the first run also
holds the initial state at ``t = 0``, and every run holds the state at its end.
"""

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Signal", "Recording"]


@dataclass
class Signal:
    """Samples of one state variable of some neurons of a population.

    Parameters
    ----------
    times : (m,) ndarray of float64
        Sample times, in ms.
    ids : (r,) ndarray of int64
        Population-local indices of the recorded neurons.
    values : (m, r) ndarray of float64
        Samples in the variable's PyNN unit (mV for ``v``, nA for ``w``, uS for
        ``gsyn_exc`` and ``gsyn_inh``, nA for ``isyn_exc`` and ``isyn_inh``).
    sampling_interval : float
        Interval between samples, in ms.
    """

    times: np.ndarray
    ids: np.ndarray
    values: np.ndarray
    sampling_interval: float

    def merge(self, other):
        """Return this signal followed in time by ``other`` (same neurons)."""
        if not np.array_equal(self.ids, other.ids):
            raise ValueError("cannot merge signals of different neurons")
        return Signal(
            np.concatenate([self.times, other.times]),
            self.ids,
            np.concatenate([self.values, other.values], axis=0),
            self.sampling_interval,
        )


@dataclass
class Recording:
    """Spikes and signals recorded between ``t_start`` and ``t_stop``.

    Parameters
    ----------
    t_start, t_stop : float
        Simulated time span of the recording, in ms.
    dt : float
        Time step of the simulation, in ms.
    spikes : dict
        Population label -> ``(times, ids)``: spike times in ms (float64) and
        population-local neuron ids (int64), sorted by time, then id.
    signals : dict
        ``(population label, variable)`` -> :class:`Signal`.

    Examples
    --------
    >>> rec = sim.run(100.0)                          # doctest: +SKIP
    >>> times, ids = rec.spikes["exc"]                # doctest: +SKIP
    """

    t_start: float
    t_stop: float
    dt: float
    spikes: dict = field(default_factory=dict)
    signals: dict = field(default_factory=dict)

    def merge(self, other):
        """Return a recording spanning this one and ``other``, which follows it.

        Raises
        ------
        ValueError
            If ``other`` does not start where this recording stops.
        """
        if not np.isclose(other.t_start, self.t_stop, rtol=0.0, atol=1e-9):
            raise ValueError(
                f"cannot merge a recording starting at {other.t_start} ms onto one "
                f"stopping at {self.t_stop} ms"
            )
        spikes = dict(self.spikes)
        for label, (times, ids) in other.spikes.items():
            if label in spikes:
                old_times, old_ids = spikes[label]
                spikes[label] = (
                    np.concatenate([old_times, times]),
                    np.concatenate([old_ids, ids]),
                )
            else:
                spikes[label] = (times, ids)
        signals = dict(self.signals)
        for key, signal in other.signals.items():
            signals[key] = signals[key].merge(signal) if key in signals else signal
        return Recording(self.t_start, other.t_stop, self.dt, spikes, signals)

    def spike_counts(self, label, size):
        """Return the number of spikes of each neuron of population ``label``.

        Parameters
        ----------
        label : str
        size : int
            Population size.

        Returns
        -------
        (size,) ndarray of int64
        """
        _, ids = self.spikes.get(label, (np.empty(0), np.empty(0, np.int64)))
        return np.bincount(ids, minlength=size).astype(np.int64)
