"""Ready-made networks the lab's gallery opens.

Each entry is a function returning a fresh, valid
:class:`~adexlab.core.network.Network` in PyNN units.
"""

from adexlab.core.network import (
    AllToAllConnector,
    CurrentSource,
    FixedProbabilityConnector,
    Grid2D,
    Network,
    Population,
    Projection,
    Synapse,
    Target,
)
from adexlab.core.presets import FIRING_PATTERNS
from adexlab.core.random import RandomValue

__all__ = ["GALLERY", "firing_pattern_neuron", "lecture_example", "balanced_network"]


def firing_pattern_neuron(pattern="adapting"):
    """One AdEx neuron with a firing-pattern preset under its step current.

    Parameters
    ----------
    pattern : str
        A key of :data:`adexlab.core.presets.FIRING_PATTERNS`.
    """
    preset = FIRING_PATTERNS[pattern]
    network = Network(
        name=f"Firing-pattern neuron ({pattern})",
        description="Naud et al. (2008) AdEx parameter sets; choose another "
        "preset in the parameter panel.",
        seed=1,
    )
    network.add(
        Population("neuron", 1, "EIF_cond_exp_isfa_ista", dict(preset.parameters))
    )
    network.add(
        CurrentSource(
            "step",
            "DCSource",
            {"amplitude": preset.amplitude, "start": 50.0},
            [Target("neuron")],
        )
    )
    return network


def lecture_example():
    """The lecture's PyNN example as a network description.

    100 ``IF_curr_alpha`` neurons on a 10 x 10 grid, 20 more with
    ``tau_m = 15 ms`` and ``cm = 0.9 nF`` projecting all-to-all onto them
    (0.05 nA, 1 ms), and a 0.5 nA pulse from 20 to 80 ms into neurons 3-6 of the
    grid. With PyNN's defaults the pulse depolarises but does not fire them.
    """
    network = Network(
        name="Lecture example",
        description="The lecture's PyNN example: a 10 x 10 grid, a DC pulse, "
        "all-to-all wiring. Raise the pulse amplitude to make the grid fire.",
        seed=1,
    )
    network.add(Population("grid", 100, "IF_curr_alpha", structure=Grid2D(10, 10)))
    network.add(Population("second", 20, "IF_curr_alpha", {"tau_m": 15.0, "cm": 0.9}))
    network.add(
        Projection(
            "second->grid",
            "second",
            "grid",
            AllToAllConnector(),
            Synapse(weight=0.05, delay=1.0),
        )
    )
    network.add(
        CurrentSource(
            "pulse",
            "DCSource",
            {"amplitude": 0.5, "start": 20.0, "stop": 80.0},
            [Target("grid", [3, 4, 5, 6])],
        )
    )
    return network


def balanced_network(n_exc=800, n_inh=200):
    """A sparse excitatory-inhibitory network of conductance-based LIF cells.

    In the spirit of Vogels and Abbott (2005): four excitatory neurons to one
    inhibitory, inhibitory synapses ten times stronger than excitatory ones, and
    a Poisson drive in place of their initial kick; 10 % random wiring with
    weaker weights than their 2 %. Both populations fire irregularly at about
    15-20 Hz.
    """
    cell = {
        "cm": 0.2,
        "tau_m": 20.0,
        "v_rest": -60.0,
        "v_thresh": -50.0,
        "v_reset": -60.0,
        "tau_refrac": 5.0,
        "tau_syn_E": 5.0,
        "tau_syn_I": 10.0,
        "e_rev_E": 0.0,
        "e_rev_I": -80.0,
    }
    start = {"v": RandomValue("uniform", {"low": -60.0, "high": -50.0})}
    network = Network(
        name="Balanced E/I network",
        description="800 excitatory and 200 inhibitory conductance-based LIF "
        "neurons, random 10 % wiring, driven by 200 Poisson sources.",
        seed=1,
    )
    network.add(Population("exc", n_exc, "IF_cond_exp", dict(cell), dict(start)))
    network.add(Population("inh", n_inh, "IF_cond_exp", dict(cell), dict(start)))
    network.add(Population("drive", 200, "SpikeSourcePoisson", {"rate": 20.0}))
    wiring = FixedProbabilityConnector(0.1)
    for pre, weight, receptor in (
        ("exc", 0.002, "excitatory"),
        ("inh", 0.02, "inhibitory"),
        ("drive", 0.004, "excitatory"),
    ):
        for post in ("exc", "inh"):
            network.add(
                Projection(
                    f"{pre}->{post}",
                    pre,
                    post,
                    wiring,
                    Synapse(weight=weight, delay=1.5),
                    receptor,
                )
            )
    return network


#: Gallery entries: title -> function returning a new network.
GALLERY = {
    "Firing-pattern neuron (AdEx)": firing_pattern_neuron,
    "Lecture example (PyNN, 10 x 10 grid)": lecture_example,
    "Balanced E/I network (1000 neurons)": balanced_network,
}
