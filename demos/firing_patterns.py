"""The eight AdEx firing patterns, simulated and recognised from their spike trains.

Runs one AdEx neuron (PyNN's ``EIF_cond_exp_isfa_ista``) per parameter set of Naud,
Marcille, Clopath and Gerstner (2008), Biol. Cybern. 99:335, plus the Brette-Gerstner
(2005) defaults, drives each with a current step from rest, and prints per neuron the
spike count and the pattern `adexlab.core.analysis.classify_firing_pattern` recognises.

Run it with ``adexlab demo firing-patterns`` or
``python -m adexlab.demos.firing_patterns``; ``--simulator nest`` runs the same script
on pyNN.nest.
"""

import sys
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from adexlab.core.analysis import classify_firing_pattern, firing_rate
from adexlab.core.exceptions import ParameterError
from adexlab.core.presets import FIRING_PATTERNS
from adexlab.demos import load_simulator, run_from_command_line

#: Time at which the current step starts, in ms; the neuron rests before it.
STEP_ONSET = 50.0

#: The eight patterns of Naud et al. (2008) and the Brette-Gerstner defaults.
PRESETS = list(FIRING_PATTERNS.values())


@dataclass(frozen=True)
class PatternResult:
    """What one neuron did during the step (times in ms, rate in Hz)."""

    name: str
    expected: str
    recognised: str
    n_spikes: int
    first_spike: float
    rate: float

    @property
    def is_match(self) -> bool:
        """True if the recognised pattern is the expected one."""
        return self.recognised == self.expected


def simulate(sim: ModuleType, duration: float, dt: float) -> list[PatternResult]:
    """Run every preset on a PyNN backend and classify the responses.

    Parameters
    ----------
    sim : module
        A PyNN backend, e.g. ``adexlab.core.pynn`` or ``pyNN.nest``.
    duration : float
        Simulated time, in ms; the step runs from `STEP_ONSET` to the end. Must be
        > `STEP_ONSET`; 1000 ms or more gives reliable recognition.
    dt : float
        Time step, in ms.

    Returns
    -------
    list of PatternResult
        One per entry of `PRESETS`, in that order.

    Raises
    ------
    ParameterError
        If `duration` does not reach past `STEP_ONSET`.
    """
    if not duration > STEP_ONSET:
        raise ParameterError(
            "firing-patterns demo",
            "duration",
            f"must be > {STEP_ONSET} ms (the step onset), got {duration} ms",
        )
    sim.setup(timestep=dt)
    defaults = sim.EIF_cond_exp_isfa_ista.default_parameters
    populations = []
    for preset in PRESETS:
        cell = sim.EIF_cond_exp_isfa_ista(**preset.parameters)
        population = sim.Population(1, cell, label=preset.name)
        # Start at rest: v at the resting potential, no adaptation current.
        v_rest = preset.parameters.get("v_rest", defaults["v_rest"])
        population.initialize(v=v_rest, w=0.0)
        population.record("spikes")
        step = sim.DCSource(amplitude=preset.amplitude, start=STEP_ONSET, stop=duration)
        step.inject_into(population)
        populations.append(population)
    sim.run(duration)

    results = []
    for preset, population in zip(PRESETS, populations):
        train = population.get_data("spikes").segments[0].spiketrains[0]
        times = np.asarray(train.rescale("ms").magnitude, dtype=np.float64)
        first = times[0] - STEP_ONSET if times.size else float("nan")
        results.append(
            PatternResult(
                name=preset.name,
                expected=preset.expected,
                recognised=classify_firing_pattern(times, STEP_ONSET, duration),
                n_spikes=int(times.size),
                first_spike=float(first),
                rate=firing_rate(times, STEP_ONSET, duration),
            )
        )
    sim.end()
    return results


def format_table(results: list[PatternResult]) -> str:
    """Return the results as a plain-text table, one row per preset."""
    header = (
        f"{'pattern':<26} {'expected':<25} {'recognised':<25} "
        f"{'spikes':>6} {'first spike (ms)':>16} {'rate (Hz)':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        mark = "" if r.is_match else "  <- differs"
        lines.append(
            f"{r.name:<26} {r.expected:<25} {r.recognised:<25} "
            f"{r.n_spikes:>6d} {r.first_spike:>16.1f} {r.rate:>9.1f}{mark}"
        )
    n_match = sum(r.is_match for r in results)
    lines.append(f"{n_match} of {len(results)} recognised as expected")
    return "\n".join(lines)


def main(
    sim: ModuleType | None = None, duration: float = 1050.0, dt: float = 0.1
) -> list[PatternResult]:
    """Simulate the presets, print the table and return the results.

    Parameters
    ----------
    sim : module, optional
        PyNN backend; default ``adexlab.core.pynn``.
    duration : float
        Simulated time, in ms (a 1000 ms step after `STEP_ONSET` by default).
    dt : float
        Time step, in ms.
    """
    if sim is None:
        sim = load_simulator("adexlab")
    results = simulate(sim, duration, dt)
    print(
        f"AdEx firing patterns: {duration - STEP_ONSET:g} ms current steps, "
        f"dt = {dt:g} ms, simulator {sim.__name__}"
    )
    print(format_table(results))
    return results


if __name__ == "__main__":
    sys.exit(run_from_command_line(main, __doc__.splitlines()[0], duration=1050.0))
