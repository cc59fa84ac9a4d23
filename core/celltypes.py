"""Parameter schemas of the cell types, spike sources, current sources and synapses.

Each model is declared once here, with PyNN's name, defaults, units and physical
bounds; the network description validates against these schemas, the simulator
reads their structural flags, and the lab builds its sliders from them. Values
are in PyNN's unit system (ms, mV, nA, uS, nF, Hz; AdEx ``a`` in nS).

This module must not import panel, holoviews or bokeh.
"""

import math
from dataclasses import dataclass, field, replace

import numpy as np

from .exceptions import ParameterError

__all__ = [
    "ParameterSpec",
    "CellType",
    "SourceType",
    "SynapseType",
    "CELL_TYPES",
    "CURRENT_SOURCES",
    "SYNAPSE_TYPES",
    "cell_type",
    "MAX_POPULATION_SIZE",
]

#: Largest population the simulator accepts; 10^7 neurons already need gigabytes.
MAX_POPULATION_SIZE = 10_000_000

#: Membrane potentials beyond this magnitude are not physiological, in mV.
VOLTAGE_LIMIT = 500.0


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter of a model: default, unit, physical bounds and slider range.

    Parameters
    ----------
    name : str
        PyNN name of the parameter, e.g. ``"tau_m"``.
    default : float or None
        Value used when none is given, in ``unit``.
    unit : str
        PyNN unit, e.g. ``"ms"``; ``""`` for dimensionless values.
    doc : str
        Meaning of the parameter, one line.
    lower, upper : float or None
        Physical bounds; ``None`` means unbounded.
    lower_open, upper_open : bool
        Whether the bound itself is excluded (``tau_m > 0`` is an open bound).
    soft_bounds : tuple of float or None
        Range offered by a slider; values outside it are valid.
    is_array : bool
        True for parameters whose value is a sequence per neuron, such as
        ``spike_times`` or a step source's ``times``.
    label : str
        Short label with unit for a GUI, e.g. ``"tau_m (ms)"``.
    """

    name: str
    default: object
    unit: str
    doc: str
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    upper_open: bool = False
    soft_bounds: tuple | None = None
    is_array: bool = False
    label: str = ""

    def describe_bounds(self):
        """Return the constraint as text, e.g. ``"> 0 ms"`` or ``"in [0, 1]"``."""
        unit = f" {self.unit}" if self.unit else ""
        lo, hi = self.lower, self.upper
        if lo is not None and hi is not None:
            left = "(" if self.lower_open else "["
            right = ")" if self.upper_open else "]"
            return f"in {left}{lo:g}, {hi:g}{right}{unit}"
        if lo is not None:
            return f"{'>' if self.lower_open else '>='} {lo:g}{unit}"
        if hi is not None:
            return f"{'<' if self.upper_open else '<='} {hi:g}{unit}"
        return "finite"

    def check(self, owner, value):
        """Raise ParameterError unless every element of ``value`` is valid.

        Parameters
        ----------
        owner : str
            Object the parameter belongs to, used in the message.
        value : float or array_like
            Value or per-element values, in ``unit``.
        """
        try:
            values = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(
                owner, self.name, f"must be a number, got {value!r}"
            ) from None
        if values.size == 0:
            return
        unit = f" {self.unit}" if self.unit else ""
        unit_in_brackets = f" ({self.unit})" if self.unit else ""
        finite = np.isfinite(values)
        if not finite.all():
            bad = values[~finite].flat[0]
            raise ParameterError(
                owner,
                self.name,
                f"must be a finite number{unit_in_brackets}, got {bad}",
            )
        bad = np.zeros(values.shape, dtype=bool)
        if self.lower is not None:
            bad |= values <= self.lower if self.lower_open else values < self.lower
        if self.upper is not None:
            bad |= values >= self.upper if self.upper_open else values > self.upper
        if bad.any():
            offending = values[bad].flat[0]
            raise ParameterError(
                owner,
                self.name,
                f"must be {self.describe_bounds()}, got {offending:g}{unit}",
            )


def _spec(name, default, unit, doc, **kwargs):
    label = f"{name} ({unit})" if unit else name
    return ParameterSpec(name, default, unit, doc, label=label, **kwargs)


def _time_constant(name, default, doc, soft=(0.1, 200.0)):
    return _spec(
        name,
        default,
        "ms",
        doc,
        lower=0.0,
        lower_open=True,
        upper=1e6,
        soft_bounds=soft,
    )


def _voltage(name, default, doc, soft=(-100.0, 0.0)):
    return _spec(
        name,
        default,
        "mV",
        doc,
        lower=-VOLTAGE_LIMIT,
        upper=VOLTAGE_LIMIT,
        soft_bounds=soft,
    )


_CM = _spec(
    "cm",
    1.0,
    "nF",
    "Membrane capacitance.",
    lower=0.0,
    lower_open=True,
    upper=1e3,
    soft_bounds=(0.01, 2.0),
)
_TAU_M = _time_constant(
    "tau_m", 20.0, "Membrane time constant cm / g_L.", soft=(1.0, 100.0)
)
_TAU_REFRAC = _spec(
    "tau_refrac",
    0.1,
    "ms",
    "Refractory period after a spike.",
    lower=0.0,
    upper=1e4,
    soft_bounds=(0.0, 20.0),
)
_I_OFFSET = _spec(
    "i_offset",
    0.0,
    "nA",
    "Constant current injected into the cell.",
    lower=-1e3,
    upper=1e3,
    soft_bounds=(-1.0, 2.0),
)
_V_REST = _voltage("v_rest", -65.0, "Resting (leak reversal) potential E_L.")
_V_RESET = _voltage(
    "v_reset", -65.0, "Potential the membrane is reset to after a spike."
)
_V_THRESH = _voltage("v_thresh", -50.0, "Spike threshold.")
_E_REV_E = _voltage(
    "e_rev_E", 0.0, "Reversal potential of excitatory synapses.", soft=(-20.0, 20.0)
)
_E_REV_I = _voltage(
    "e_rev_I", -70.0, "Reversal potential of inhibitory synapses.", soft=(-100.0, -50.0)
)


def _tau_syn(default_e, default_i):
    return [
        _time_constant(
            "tau_syn_E",
            default_e,
            "Decay time constant of excitatory synaptic input.",
            soft=(0.1, 30.0),
        ),
        _time_constant(
            "tau_syn_I",
            default_i,
            "Decay time constant of inhibitory synaptic input.",
            soft=(0.1, 30.0),
        ),
    ]


def _adex_specs():
    return [
        replace(_CM, default=0.281),
        _TAU_REFRAC,
        _voltage(
            "v_spike",
            -40.0,
            "Spike detection level; the upswing is cut here.",
            soft=(-50.0, 20.0),
        ),
        _voltage("v_reset", -70.6, "Potential the membrane is reset to after a spike."),
        _voltage("v_rest", -70.6, "Leak reversal potential E_L."),
        _time_constant(
            "tau_m", 9.3667, "Membrane time constant cm / g_L.", soft=(1.0, 100.0)
        ),
        _I_OFFSET,
        _spec(
            "a",
            4.0,
            "nS",
            "Subthreshold adaptation conductance (PyNN uses nS).",
            lower=-1e4,
            upper=1e4,
            soft_bounds=(-20.0, 20.0),
        ),
        _spec(
            "b",
            0.0805,
            "nA",
            "Spike-triggered adaptation current increment.",
            lower=-1e3,
            upper=1e3,
            soft_bounds=(0.0, 0.3),
        ),
        _spec(
            "delta_T",
            2.0,
            "mV",
            "Slope factor of the exponential upswing; 0 is LIF.",
            lower=0.0,
            upper=100.0,
            soft_bounds=(0.0, 10.0),
        ),
        _time_constant("tau_w", 144.0, "Adaptation time constant.", soft=(1.0, 500.0)),
        _voltage("v_thresh", -50.4, "Exponential threshold v_T.", soft=(-70.0, -30.0)),
        _E_REV_E,
        _tau_syn(5.0, 5.0)[0],
        _voltage(
            "e_rev_I",
            -80.0,
            "Reversal potential of inhibitory synapses.",
            soft=(-100.0, -50.0),
        ),
        _tau_syn(5.0, 5.0)[1],
    ]


@dataclass(frozen=True)
class CellType:
    """A neuron model: its parameters, state variables and structural flags.

    Parameters
    ----------
    name : str
        PyNN name, e.g. ``"EIF_cond_exp_isfa_ista"``.
    parameters : dict of str to ParameterSpec
    initial_values : dict of str to float
        Default initial state; ``"v"`` defaults to the parameter ``v_rest``.
    recordables : tuple of str
        Variables that can be recorded, ``"spikes"`` included.
    conductance_based, alpha_synapses, adaptive : bool
        Structural flags read by the simulator and the lab.
    description : str
    """

    name: str
    parameters: dict
    initial_values: dict
    recordables: tuple
    conductance_based: bool
    alpha_synapses: bool
    adaptive: bool
    description: str
    is_source: bool = False

    @property
    def defaults(self):
        """Default parameter values as a dict."""
        return {name: spec.default for name, spec in self.parameters.items()}

    def check_parameters(self, owner, values):
        """Validate a dict of parameter values, including relations between them.

        Raises
        ------
        ParameterError
            Naming ``owner``, the parameter, the limit and the offending value.
        """
        for name, value in values.items():
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters))
                raise ParameterError(
                    owner,
                    name,
                    f"is not a parameter of {self.name}; known parameters: {known}",
                )
            self.parameters[name].check(owner, value)
        merged = {**self.defaults, **values}
        self._check_relations(owner, merged)

    def _check_relations(self, owner, p):
        if self.is_source:
            return
        threshold = "v_spike" if self.adaptive else "v_thresh"
        reset = np.asarray(p["v_reset"], dtype=float)
        cut = np.asarray(p[threshold], dtype=float)
        if np.any(reset >= cut):
            raise ParameterError(
                owner,
                "v_reset",
                f"must be below {threshold} ({np.max(cut):g} mV), "
                f"got {np.max(reset):g} mV",
            )
        if self.adaptive and np.any(
            np.asarray(p["v_spike"], float) <= np.asarray(p["v_thresh"], float)
        ):
            raise ParameterError(
                owner,
                "v_spike",
                "must be above v_thresh (the exponential threshold v_T), got "
                f"v_spike = {np.min(p['v_spike']):g} mV and v_thresh = "
                f"{np.max(p['v_thresh']):g} mV",
            )


@dataclass(frozen=True)
class SourceType:
    """A current source (``DCSource`` ...) or synapse type: named parameter specs."""

    name: str
    parameters: dict
    description: str
    array_parameters: tuple = field(default=())

    @property
    def defaults(self):
        """Default parameter values as a dict."""
        return {name: spec.default for name, spec in self.parameters.items()}

    def check_parameters(self, owner, values):
        """Validate a dict of parameter values; unknown names are refused."""
        for name, value in values.items():
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters))
                raise ParameterError(
                    owner,
                    name,
                    f"is not a parameter of {self.name}; known parameters: {known}",
                )
            spec = self.parameters[name]
            if spec.is_array and _is_ragged(value):
                for item in value:
                    spec.check(owner, item)
            elif value is not None:
                spec.check(owner, value)


SynapseType = SourceType


def _is_ragged(value):
    return isinstance(value, (list, tuple)) and any(
        isinstance(item, (list, tuple, np.ndarray)) for item in value
    )


def _by_name(specs):
    return {spec.name: spec for spec in specs}


def _lif(name, conductance, alpha, tau_e, tau_i, description):
    specs = [_V_REST, _CM, _TAU_M, _TAU_REFRAC, *_tau_syn(tau_e, tau_i)]
    if conductance:
        specs += [_E_REV_E, _E_REV_I]
    specs += [_V_THRESH, _V_RESET, _I_OFFSET]
    synaptic = ("gsyn_exc", "gsyn_inh") if conductance else ("isyn_exc", "isyn_inh")
    return CellType(
        name=name,
        parameters=_by_name(specs),
        initial_values={"v": -65.0, synaptic[0]: 0.0, synaptic[1]: 0.0},
        recordables=("spikes", "v", *synaptic),
        conductance_based=conductance,
        alpha_synapses=alpha,
        adaptive=False,
        description=description,
    )


def _adex(name, alpha, description):
    return CellType(
        name=name,
        parameters=_by_name(_adex_specs()),
        initial_values={"v": -70.6, "w": 0.0, "gsyn_exc": 0.0, "gsyn_inh": 0.0},
        recordables=("spikes", "v", "w", "gsyn_exc", "gsyn_inh"),
        conductance_based=True,
        alpha_synapses=alpha,
        adaptive=True,
        description=description,
    )


_RATE = _spec(
    "rate",
    1.0,
    "Hz",
    "Mean firing rate.",
    lower=0.0,
    upper=1e5,
    soft_bounds=(0.0, 100.0),
)
_START = _spec(
    "start",
    0.0,
    "ms",
    "Time the source switches on.",
    lower=0.0,
    soft_bounds=(0.0, 1000.0),
)
_DURATION = _spec(
    "duration",
    1e10,
    "ms",
    "How long the source stays on.",
    lower=0.0,
    soft_bounds=(0.0, 1000.0),
)

#: Every cell type and spike source, by PyNN name.
CELL_TYPES = {
    cell.name: cell
    for cell in [
        _lif(
            "IF_curr_exp",
            False,
            False,
            5.0,
            5.0,
            "Leaky integrate-and-fire, current-based exponential synapses.",
        ),
        _lif(
            "IF_curr_alpha",
            False,
            True,
            0.5,
            0.5,
            "Leaky integrate-and-fire, current-based alpha synapses.",
        ),
        _lif(
            "IF_cond_exp",
            True,
            False,
            5.0,
            5.0,
            "Leaky integrate-and-fire, conductance-based exponential synapses.",
        ),
        _lif(
            "IF_cond_alpha",
            True,
            True,
            0.3,
            0.5,
            "Leaky integrate-and-fire, conductance-based alpha synapses.",
        ),
        _adex(
            "EIF_cond_exp_isfa_ista",
            False,
            "Adaptive exponential integrate-and-fire (AdEx, Brette and Gerstner "
            "2005), conductance-based exponential synapses.",
        ),
        _adex(
            "EIF_cond_alpha_isfa_ista",
            True,
            "Adaptive exponential integrate-and-fire (AdEx, Brette and Gerstner "
            "2005), conductance-based alpha synapses.",
        ),
        CellType(
            name="SpikeSourcePoisson",
            parameters=_by_name([_RATE, _START, _DURATION]),
            initial_values={},
            recordables=("spikes",),
            conductance_based=False,
            alpha_synapses=False,
            adaptive=False,
            description="Independent Poisson spike trains.",
            is_source=True,
        ),
        CellType(
            name="SpikeSourceArray",
            parameters=_by_name(
                [
                    _spec(
                        "spike_times",
                        (),
                        "ms",
                        "Times of the spikes to emit.",
                        lower=0.0,
                        is_array=True,
                    ),
                ]
            ),
            initial_values={},
            recordables=("spikes",),
            conductance_based=False,
            alpha_synapses=False,
            adaptive=False,
            description="Spikes at given times.",
            is_source=True,
        ),
    ]
}

_STOP = _spec("stop", 1e12, "ms", "Time the current switches off.", lower=0.0)
_AMPLITUDE = _spec(
    "amplitude",
    1.0,
    "nA",
    "Amplitude of the current.",
    lower=-1e4,
    upper=1e4,
    soft_bounds=(-2.0, 2.0),
)

#: Every current source, by PyNN name.
CURRENT_SOURCES = {
    source.name: source
    for source in [
        SourceType(
            "DCSource",
            _by_name([_AMPLITUDE, _START, _STOP]),
            "A constant current between start and stop.",
        ),
        SourceType(
            "StepCurrentSource",
            _by_name(
                [
                    _spec(
                        "times",
                        (),
                        "ms",
                        "Times at which the amplitude changes.",
                        lower=0.0,
                        is_array=True,
                    ),
                    _spec(
                        "amplitudes",
                        (),
                        "nA",
                        "Amplitude from each time on.",
                        lower=-1e4,
                        upper=1e4,
                        is_array=True,
                    ),
                ]
            ),
            "A piecewise-constant current.",
            array_parameters=("times", "amplitudes"),
        ),
        SourceType(
            "ACSource",
            _by_name(
                [
                    _AMPLITUDE,
                    _START,
                    _STOP,
                    _spec(
                        "frequency",
                        10.0,
                        "Hz",
                        "Frequency of the sine.",
                        lower=0.0,
                        upper=1e5,
                        soft_bounds=(0.0, 100.0),
                    ),
                    _spec(
                        "offset",
                        0.0,
                        "nA",
                        "Constant added to the sine.",
                        lower=-1e4,
                        upper=1e4,
                    ),
                    _spec(
                        "phase",
                        0.0,
                        "deg",
                        "Phase of the sine at time 0.",
                        lower=-1e6,
                        upper=1e6,
                    ),
                ]
            ),
            "A sinusoidal current between start and stop.",
        ),
        SourceType(
            "NoisyCurrentSource",
            _by_name(
                [
                    _spec(
                        "mean", 0.0, "nA", "Mean of the current.", lower=-1e4, upper=1e4
                    ),
                    _spec(
                        "stdev",
                        1.0,
                        "nA",
                        "Standard deviation of the current.",
                        lower=0.0,
                        upper=1e4,
                    ),
                    _START,
                    _STOP,
                    _spec(
                        "dt",
                        0.1,
                        "ms",
                        "Interval at which a new value is drawn.",
                        lower=0.0,
                        lower_open=True,
                        upper=1e6,
                    ),
                ]
            ),
            "Gaussian white noise redrawn every dt, between start and stop.",
        ),
    ]
}

_WEIGHT = _spec(
    "weight",
    0.0,
    "uS or nA",
    "Synaptic weight: uS for conductance-based, nA for current-based cells.",
    lower=-1e4,
    upper=1e4,
)
_DELAY = _spec(
    "delay",
    None,
    "ms",
    "Transmission delay; at least one time step.",
    lower=0.0,
    lower_open=True,
    upper=1e5,
)

#: Every synapse type, by PyNN name.
SYNAPSE_TYPES = {
    synapse.name: synapse
    for synapse in [
        SourceType(
            "StaticSynapse",
            _by_name([_WEIGHT, _DELAY]),
            "A synapse with a fixed weight.",
        ),
        SourceType(
            "TsodyksMarkramSynapse",
            _by_name(
                [
                    _WEIGHT,
                    _DELAY,
                    _spec(
                        "U",
                        0.5,
                        "",
                        "Utilisation of synaptic efficacy.",
                        lower=0.0,
                        upper=1.0,
                    ),
                    _spec(
                        "tau_rec",
                        100.0,
                        "ms",
                        "Recovery time constant (depression).",
                        lower=0.0,
                        upper=1e6,
                        soft_bounds=(0.0, 1000.0),
                    ),
                    _spec(
                        "tau_facil",
                        0.0,
                        "ms",
                        "Facilitation time constant; 0 is off.",
                        lower=0.0,
                        upper=1e6,
                        soft_bounds=(0.0, 1000.0),
                    ),
                ]
            ),
            "Short-term depression and facilitation (Tsodyks and Markram 1997).",
        ),
    ]
}


def cell_type(name):
    """Return the CellType called ``name``.

    Raises
    ------
    BuildError
        If no cell type or spike source has that name; the message lists them.
    """
    from .exceptions import BuildError

    try:
        return CELL_TYPES[name]
    except (KeyError, TypeError):
        known = ", ".join(CELL_TYPES)
        raise BuildError(
            f"Unknown cell type {name!r}; known cell types: {known}"
        ) from None


def is_finite_number(value):
    """True if ``value`` is a real, finite number."""
    return isinstance(value, (int, float, np.number)) and math.isfinite(value)
