"""The lecture's PyNN example, ported to today's PyNN.

Two populations of ``IF_curr_alpha`` neurons: 100 on a 10 x 10 grid and 20 with
``tau_m = 15 ms`` and ``cm = 0.9 nF``. A 0.5 nA pulse from 20 to 80 ms goes into neurons
3-6 of the first; the second projects all-to-all onto the first through excitatory
synapses. After 1000 ms the spikes of the first population are written to a file.

Run it with ``adexlab demo lecture-example`` or
``python -m adexlab.demos.lecture_example``.

Notes
-----
The port keeps the lecture's numbers. With PyNN's default ``IF_curr_alpha`` parameters
(``cm = 1 nF``, ``tau_m = 20 ms``, ``v_rest = -65 mV``, ``v_thresh = -50 mV``) a 0.5 nA
pulse lifts the membrane by at most 0.5 nA x 20 MOhm = 10 mV, to about -55 mV, so no
neuron fires; the summary therefore also reports the peak depolarisation of the
stimulated neurons, which shows the pulse arrived. The second population gets no input
and stays silent, so the projection carries no spikes.
"""

import sys
from pathlib import Path
from types import ModuleType

import numpy as np
from pyNN.space import Grid2D

from adexlab.demos import load_simulator, run_from_command_line

#: Where the spikes go unless ``output`` is given (``.pkl``: Neo's pickle format).
DEFAULT_OUTPUT = Path("results") / "lecture_example_spikes.pkl"
#: Weight of the all-to-all projection, in nA (current-based synapses), and its delay,
#: in ms. The lecture left both at the defaults of its day; these are plausible values.
WEIGHT = 0.05
DELAY = 1.0


def main(
    sim: ModuleType | None = None,
    duration: float = 1000.0,
    dt: float = 0.1,
    output: str | Path | None = None,
) -> dict:
    """Build and run the example, write the spikes and print a summary.

    Parameters
    ----------
    sim : module, optional
        PyNN backend; default ``adexlab.core.pynn``.
    duration : float
        Simulated time, in ms.
    dt : float
        Time step, in ms.
    output : str or Path, optional
        File for the spikes of the first population; the suffix picks the Neo format
        (``.pkl``, ``.nix``, ``.mat``). Default `DEFAULT_OUTPUT`.

    Returns
    -------
    dict
        ``n_spikes`` per population label, ``peak_v`` (mV, highest membrane potential
        of the stimulated neurons) and ``output`` (the file written).
    """
    if sim is None:
        sim = load_simulator("adexlab")
    output = Path(DEFAULT_OUTPUT if output is None else output)
    sim.setup(timestep=dt)

    p1 = sim.Population(100, sim.IF_curr_alpha(), structure=Grid2D(), label="grid")
    p2 = sim.Population(20, sim.IF_curr_alpha(tau_m=15.0, cm=0.9), label="second")
    sim.Projection(
        p2,
        p1,
        sim.AllToAllConnector(),
        sim.StaticSynapse(weight=WEIGHT, delay=DELAY),
        receptor_type="excitatory",
    )
    pulse = sim.DCSource(amplitude=0.5, start=20.0, stop=80.0)
    stimulated = p1[3:7]
    pulse.inject_into(stimulated)

    p1.record("spikes")
    p2.record("spikes")
    stimulated.record("v")
    sim.run(duration)

    p1.write_data(str(output), variables="spikes")
    counts = {
        pop.label: sum(len(st) for st in pop.get_data("spikes").segments[0].spiketrains)
        for pop in (p1, p2)
    }
    v = stimulated.get_data("v").segments[0].analogsignals[0]
    peak_v = float(np.max(v.magnitude))
    sim.end()

    print(f"Lecture example: {duration:g} ms at dt = {dt:g} ms on {sim.__name__}")
    print(f"  grid: 100 IF_curr_alpha on a 10 x 10 grid, {counts['grid']} spikes")
    print(f"  second: 20 IF_curr_alpha, {counts['second']} spikes")
    print(f"  neurons 3-6 of the grid, 0.5 nA from 20 to 80 ms: peak v {peak_v:.2f} mV")
    print(f"  spikes of the grid population written to {output}")
    return {"n_spikes": counts, "peak_v": peak_v, "output": output}


if __name__ == "__main__":
    sys.exit(run_from_command_line(main, __doc__.splitlines()[0], duration=1000.0))
