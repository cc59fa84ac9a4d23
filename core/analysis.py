"""Spike-train statistics and firing-pattern recognition.

Works on plain arrays of spike times in ms, so demos, tests and the browser lab can
share it whatever produced the spikes. Imports numpy only: no GUI library, no simulator.
"""

import logging

import numpy as np
from numpy.typing import ArrayLike, NDArray

logger = logging.getLogger(__name__)

#: The eight firing patterns of Naud, Marcille, Clopath and Gerstner (2008).
FIRING_PATTERNS = (
    "tonic",
    "adapting",
    "initial burst",
    "regular bursting",
    "delayed accelerating",
    "delayed regular bursting",
    "transient",
    "irregular",
)
#: Labels returned when a response fits none of the patterns.
SILENT = "silent"
UNCLASSIFIED = "unclassified"

# Thresholds of classify_firing_pattern. They were set on the responses of NEST's
# aeif_cond_exp to the parameter sets of Naud et al. (2008) with 500-1000 ms steps, at
# dt = 0.1 and 0.01 ms; the margins to the values met there are noted beside each.
#: Fewest spikes with which ISI statistics mean anything.
MIN_SPIKES = 4
#: A response that stays silent for this fraction of the step (and for several of its
#: own ISIs) has stopped firing: transient. Firing patterns end within 0.14 of the step.
TRANSIENT_QUIET_FRACTION = 0.3
#: ... and the silence must also last this many of the longest ISI seen.
TRANSIENT_QUIET_ISIS = 3.0
#: Sorted ISIs that jump by more than this factor split into burst and pause clusters.
#: Bursters jump by 6.9-24; spiking patterns by at most 1.7.
BURST_GAP_RATIO = 3.0
#: A burster whose first spike comes later than this fraction of its typical pause is
#: delayed. Delayed regular bursting gives about 1.0, regular bursting about 0.1.
DELAY_PAUSE_FRACTION = 0.5
#: CV of the steady-state ISIs above which a non-bursting train is irregular.
#: Irregular spiking gives 0.53-0.6; adapting 0.16 on a 500 ms step, others < 0.05.
IRREGULAR_CV = 0.3
#: Number of early ISIs over which the adaptation index is taken.
ADAPTATION_ISIS = 8
#: Adaptation index above which a train adapts (or below minus it, accelerates).
#: Adapting gives 0.13, the Brette-Gerstner defaults 0.04-0.08 (0.8-1.5 nA), tonic
#: 0.005 and delayed accelerating -0.024.
ADAPTATION_THRESHOLD = 0.012


def _as_spike_times(spike_times: ArrayLike) -> NDArray[np.float64]:
    times = np.asarray(spike_times, dtype=np.float64).ravel()
    if times.size and not np.all(np.isfinite(times)):
        raise ValueError("spike_times must be finite, got NaN or infinite values")
    return np.sort(times)


def interspike_intervals(spike_times: ArrayLike) -> NDArray[np.float64]:
    """Return the intervals between consecutive spikes.

    Parameters
    ----------
    spike_times : (n_spikes,) array_like of float
        Spike times of one neuron, in ms. Unsorted input is sorted first.

    Returns
    -------
    (max(n_spikes - 1, 0),) ndarray of float64
        Interspike intervals (ISIs), in ms.
    """
    return np.diff(_as_spike_times(spike_times))


def coefficient_of_variation(intervals: ArrayLike) -> float:
    """Return the coefficient of variation (CV) of a set of intervals.

    Parameters
    ----------
    intervals : (n,) array_like of float
        Interspike intervals, in ms.

    Returns
    -------
    float
        Standard deviation divided by mean (dimensionless); NaN for fewer than two
        intervals. A Poisson train gives 1, a perfectly regular train 0.
    """
    intervals = np.asarray(intervals, dtype=np.float64)
    if intervals.size < 2:
        return float("nan")
    return float(np.std(intervals) / np.mean(intervals))


def firing_rate(spike_times: ArrayLike, t_start: float, t_stop: float) -> float:
    """Return the mean firing rate in a time window.

    Parameters
    ----------
    spike_times : (n_spikes,) array_like of float
        Spike times, in ms.
    t_start, t_stop : float
        Window, in ms; spikes with ``t_start <= t < t_stop`` count. Must have
        ``t_stop > t_start``.

    Returns
    -------
    float
        Spikes per second, in Hz.

    Raises
    ------
    ValueError
        If the window is empty.
    """
    if not t_stop > t_start:
        raise ValueError(f"t_stop must be > t_start, got {t_start} ms to {t_stop} ms")
    times = _as_spike_times(spike_times)
    n_spikes = np.count_nonzero((times >= t_start) & (times < t_stop))
    return 1e3 * n_spikes / (t_stop - t_start)


def adaptation_index(intervals: ArrayLike) -> float:
    """Return the mean normalised change between consecutive intervals.

    Parameters
    ----------
    intervals : (n,) array_like of float
        Interspike intervals in the order they occurred, in ms.

    Returns
    -------
    float
        ``mean((isi[k+1] - isi[k]) / (isi[k+1] + isi[k]))``, between -1 and 1:
        positive when the intervals lengthen (adaptation), negative when they shorten
        (acceleration), near 0 for regular firing; NaN for fewer than two intervals.

    Notes
    -----
    The index follows Naud, Marcille, Clopath and Gerstner (2008), Biol. Cybern.
    99:335. Because the normalised differences of a train that has settled are zero,
    the index depends on how many late intervals are included; compare trains over the
    same number of intervals.
    """
    intervals = np.asarray(intervals, dtype=np.float64)
    if intervals.size < 2:
        return float("nan")
    later, earlier = intervals[1:], intervals[:-1]
    return float(np.mean((later - earlier) / (later + earlier)))


def _short_runs(is_short: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Return (first, stop) index pairs of runs of True in a boolean array."""
    padded = np.concatenate(([False], is_short, [False])).astype(np.int8)
    edges = np.diff(padded)
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _burst_split(intervals: NDArray[np.float64]) -> float | None:
    """Return the ISI separating in-burst from between-burst intervals, or None.

    The sorted ISIs split at their largest ratio between neighbours. The split counts
    only if that gap exceeds `BURST_GAP_RATIO` and the spread (max / min) inside either
    cluster, so broad ISI distributions such as a Poisson train's do not split.
    """
    ordered = np.sort(intervals)
    if ordered[0] <= 0.0:
        return None  # coincident spikes: ratios of ISIs are undefined
    ratios = ordered[1:] / ordered[:-1]
    k = int(np.argmax(ratios))
    short, long = ordered[: k + 1], ordered[k + 1 :]
    spread = max(short[-1] / short[0], long[-1] / long[0])
    if ratios[k] <= max(BURST_GAP_RATIO, spread):
        return None
    return float(np.sqrt(ordered[k] * ordered[k + 1]))


def classify_firing_pattern(
    spike_times: ArrayLike, t_start: float, t_stop: float
) -> str:
    """Name the firing pattern of a neuron's response to a current step.

    Parameters
    ----------
    spike_times : (n_spikes,) array_like of float
        Spike times of one neuron, in ms. Spikes outside the step are ignored.
    t_start, t_stop : float
        Onset and end of the current step, in ms. Must have ``t_stop > t_start``.
        Steps of 500 ms or longer give reliable answers.

    Returns
    -------
    str
        One of `FIRING_PATTERNS`, or ``"silent"`` for no spike, or ``"unclassified"``
        when the neuron keeps firing but gives fewer than `MIN_SPIKES` spikes.

    Raises
    ------
    ValueError
        If the window is empty or spike times are not finite.

    Notes
    -----
    Decides in this order, in the manner of Naud, Marcille, Clopath and Gerstner
    (2008), Biol. Cybern. 99:335, from the interspike intervals (ISIs):

    1. transient: the neuron stops firing, silent for the last
       `TRANSIENT_QUIET_FRACTION` of the step and `TRANSIENT_QUIET_ISIS` times its
       longest ISI;
    2. bursts: the sorted ISIs split into a short (in-burst) and a long (pause)
       cluster, the ratio across the gap above `BURST_GAP_RATIO` and above the spread
       inside either cluster. One group of short ISIs, at the onset only, is an
       initial burst; repeated groups are regular bursting, delayed when the first
       spike comes after more than `DELAY_PAUSE_FRACTION` of the median pause;
    3. irregular: without burst structure, the steady-state ISIs (second half of the
       train) have a CV above `IRREGULAR_CV`;
    4. otherwise the adaptation index of the first `ADAPTATION_ISIS` ISIs decides
       between adapting (> `ADAPTATION_THRESHOLD`), delayed accelerating
       (< -`ADAPTATION_THRESHOLD`) and tonic.

    Acceleration alone names the delayed accelerating pattern: in the AdEx model the
    negative ``a`` that makes a neuron accelerate also delays its first spike, and the
    eight patterns contain no accelerating pattern without delay.

    Examples
    --------
    >>> classify_firing_pattern(100.0 + 10.0 * np.arange(1, 100), 100.0, 1100.0)
    'tonic'
    """
    if not t_stop > t_start:
        raise ValueError(f"t_stop must be > t_start, got {t_start} ms to {t_stop} ms")
    times = _as_spike_times(spike_times)
    times = times[(times >= t_start) & (times <= t_stop)]
    if times.size == 0:
        return SILENT
    intervals = np.diff(times)

    # A neuron that has stopped firing for good is transient, whatever came before.
    quiet = t_stop - times[-1]
    longest = intervals.max() if intervals.size else 0.0
    if quiet > max(
        TRANSIENT_QUIET_FRACTION * (t_stop - t_start), TRANSIENT_QUIET_ISIS * longest
    ):
        return "transient"
    if times.size < MIN_SPIKES:
        return UNCLASSIFIED

    split = _burst_split(intervals)
    if split is not None:
        runs = _short_runs(intervals < split)
        pauses = intervals[intervals >= split]
        if len(runs) == 1 and runs[0][0] == 0 and pauses.size >= 2:
            return "initial burst"
        if len(runs) >= 2:
            latency = times[0] - t_start
            if latency > DELAY_PAUSE_FRACTION * np.median(pauses):
                return "delayed regular bursting"
            return "regular bursting"

    steady = intervals[intervals.size // 2 :]
    if coefficient_of_variation(steady) > IRREGULAR_CV:
        return "irregular"

    index = adaptation_index(intervals[:ADAPTATION_ISIS])
    logger.debug(
        "adaptation index %.4f over %d ISIs",
        index,
        min(intervals.size, ADAPTATION_ISIS),
    )
    if index > ADAPTATION_THRESHOLD:
        return "adapting"
    if index < -ADAPTATION_THRESHOLD:
        return "delayed accelerating"
    return "tonic"
