"""Closed-form responses of LIF neurons: the analytic references of the LIF tests.

Units are PyNN's: ms, mV, nA, nF.
"""

import numpy as np


def lif_firing_period(amplitude, cm, tau_m, v_rest, v_reset, v_thresh, tau_refrac):
    """Interspike interval of a LIF neuron under a constant current, in ms.

    ``T = tau_refrac + tau_m ln((R I + v_rest - v_reset) / (R I + v_rest - v_thresh))``
    with ``R = tau_m / cm``; infinite below rheobase (``R I <= v_thresh - v_rest``).
    """
    drive = amplitude * tau_m / cm
    if drive <= v_thresh - v_rest:
        return np.inf
    ratio = (drive + v_rest - v_reset) / (drive + v_rest - v_thresh)
    return tau_refrac + tau_m * np.log(ratio)


def psp_curr_exp(t, weight, cm, tau_m, tau_syn):
    """Deflection from rest (mV) at ``t`` ms after an exponential current onset.

    The current is ``weight * exp(-t / tau_syn)`` nA from t = 0; zero before.
    """
    t = np.asarray(t, dtype=float)
    amplitude = weight / cm * tau_m * tau_syn / (tau_m - tau_syn)
    v = amplitude * (np.exp(-t / tau_m) - np.exp(-t / tau_syn))
    return np.where(t > 0, v, 0.0)


def psp_curr_alpha(t, weight, cm, tau_m, tau_syn):
    """Deflection from rest (mV) at ``t`` ms after an alpha current onset.

    The current is ``weight * (t / tau_syn) * exp(1 - t / tau_syn)`` nA, which peaks at
    ``weight`` when t = tau_syn (PyNN's normalisation of IF_curr_alpha).
    """
    t = np.asarray(t, dtype=float)
    k = 1.0 / tau_syn - 1.0 / tau_m
    tc = np.maximum(t, 0.0)
    integral = (1.0 - np.exp(-k * tc) * (1.0 + k * tc)) / k**2
    v = weight * np.e / (cm * tau_syn) * np.exp(-tc / tau_m) * integral
    return np.where(t > 0, v, 0.0)
