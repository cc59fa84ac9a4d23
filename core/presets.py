"""Parameter sets from the literature, ready for the description and the lab.

The eight AdEx firing patterns of Naud, Marcille, Clopath and Gerstner (2008),
Biol. Cybern. 99:335, Table 1, and the Brette and Gerstner (2005) "regular
spiking" defaults, each with the step current that shows its pattern. Values are
converted once here from the paper's units (pF, nS, pA) to PyNN's (nF, uS, nA;
``a`` stays in nS, PyNN's exception).
"""

from dataclasses import dataclass, field

__all__ = ["FiringPattern", "FIRING_PATTERNS", "firing_pattern"]

#: The paper states capacitance in pF and currents in pA; PyNN uses nF and nA.
PF_PER_NF = 1e3
PA_PER_NA = 1e3

#: Refractory time in ms. The published model has none; PyNN's default of 0.1 ms
#: is far shorter than the shortest inter-spike interval of any pattern (~3 ms).
TAU_REFRAC = 0.1

# Naud et al. (2008), Table 1, in the paper's units: cm (pF), g_L (nS), E_L (mV),
# a (nS), tau_w (ms), b (pA), v_reset (mV), step current I (pA). Every row has
# delta_T = 2 mV, v_T = -50 mV and spikes cut at 0 mV.
_NAUD_2008 = {
    "tonic": (200, 10, -70, 2, 30, 0, -58, 500),
    "adapting": (200, 12, -70, 2, 300, 60, -58, 500),
    "initial burst": (130, 18, -58, 4, 150, 120, -50, 400),
    "regular bursting": (200, 10, -58, 2, 120, 100, -46, 210),
    "delayed accelerating": (200, 12, -70, -10, 300, 0, -58, 300),
    "delayed regular bursting": (100, 10, -65, -10, 90, 30, -47, 110),
    "transient": (100, 10, -65, 10, 90, 100, -47, 180),
    "irregular": (100, 12, -60, -11, 130, 30, -48, 160),
}


@dataclass(frozen=True)
class FiringPattern:
    """An AdEx parameter set and the current step that shows its firing pattern.

    Parameters
    ----------
    name : str
        Name of the preset.
    expected : str
        The pattern the step response shows, a name understood by
        :func:`adexlab.core.analysis.classify_firing_pattern`.
    amplitude : float
        Step current, in nA.
    parameters : dict
        ``EIF_cond_exp_isfa_ista`` parameters in PyNN units; those not given keep
        PyNN's defaults (the Brette-Gerstner values).
    """

    name: str
    expected: str
    amplitude: float
    parameters: dict = field(default_factory=dict)


def _naud(name):
    cm, g_L, E_L, a, tau_w, b, v_reset, current = _NAUD_2008[name]
    parameters = {
        "cm": cm / PF_PER_NF,
        "tau_m": cm / g_L,  # pF / nS = ms
        "v_rest": float(E_L),
        "a": float(a),
        "tau_w": float(tau_w),
        "b": b / PA_PER_NA,
        "v_reset": float(v_reset),
        "v_thresh": -50.0,
        "delta_T": 2.0,
        "v_spike": 0.0,
        "tau_refrac": TAU_REFRAC,
        "i_offset": 0.0,
    }
    return FiringPattern(name, name, current / PA_PER_NA, parameters)


#: The eight patterns of Naud et al. (2008), then the Brette-Gerstner (2005)
#: defaults under a 1 nA step, which adapt; keyed by name, in the paper's order.
FIRING_PATTERNS = {
    preset.name: preset
    for preset in [
        *(_naud(name) for name in _NAUD_2008),
        FiringPattern("Brette-Gerstner defaults", "adapting", 1.0),
    ]
}


def firing_pattern(name):
    """Return the preset called ``name``; KeyError lists the known ones."""
    try:
        return FIRING_PATTERNS[name]
    except KeyError:
        known = ", ".join(FIRING_PATTERNS)
        raise KeyError(f"no firing pattern {name!r}; known: {known}") from None
