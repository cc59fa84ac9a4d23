"""Numba kernels that advance neuron groups by one time step.

Arrays in, arrays out: the state of all neurons is one ``(N_STATE, n)`` float64
array, the parameters one ``(N_PARAM, n)`` array in PyNN units with ``a`` already in
uS, and per-neuron step constants (propagators) one ``(N_COEF, n)`` array computed by
:func:`_propagators` whenever ``dt`` or a parameter changes. This module holds no
objects and makes no input checks; the simulator validates before it calls.

Conventions shared by every kernel (those of NEST): the step from ``t`` to
``t + dt`` integrates the membrane with the input current of that step; synaptic
input arriving at ``t + dt`` is added to the synaptic variables at the end of the
step; a threshold crossing found at the end of the step is a spike stamped
``t + dt``; after a spike the membrane is held at ``v_reset`` for
``round(tau_refrac / dt)`` steps.
"""

import math

import numpy as np

from ..config import jit

# Rows of the state array.
V = 0  # membrane potential, mV
W = 1  # adaptation current, nA
GE = 2  # excitatory conductance (uS) or current (nA)
GI = 3  # inhibitory conductance (uS) or current (nA)
YE = 4  # alpha-synapse auxiliary of GE, per ms
YI = 5  # alpha-synapse auxiliary of GI, per ms
N_STATE = 6

# Rows of the parameter array (PyNN units; a in uS; g_L = cm / tau_m in uS).
CM = 0
G_L = 1
E_L = 2
V_RESET = 3
V_THRESH = 4
V_SPIKE = 5
DELTA_T = 6
A = 7
B = 8
TAU_W = 9
TAU_REFRAC = 10
TAU_SYN_E = 11
TAU_SYN_I = 12
E_REV_E = 13
E_REV_I = 14
I_OFFSET = 15
N_PARAM = 16

# Rows of the propagator array.
C_DE = 0  # exp(-dt / tau_syn_E)
C_DI = 1  # exp(-dt / tau_syn_I)
C_DEH = 2  # exp(-dt / (2 tau_syn_E))
C_DIH = 3  # exp(-dt / (2 tau_syn_I))
C_P22 = 4  # exp(-dt / tau_m)
C_P20 = 5  # response of v to a constant current over one step, mV/nA
C_P21E = 6  # response of v to the exponential current I(0) = 1 nA
C_P21I = 7
C_P31E = 8  # response of v to the alpha auxiliary y(0) = 1 nA/ms
C_P31I = 9
C_FE = 10  # step mean of exp(-s / tau_syn_E)
C_FI = 11
C_FE2 = 12  # step mean of s exp(-s / tau_syn_E), ms
C_FI2 = 13
C_AE = 14  # alpha jump factor e / tau_syn_E, per ms
C_AI = 15
C_VDET = 16  # spike detection level, mV
C_LEAK = 17  # g_L E_L + i_offset, nA
C_DTCM = 18  # dt / cm, ms/nF
C_ICM = 19  # 1 / cm, per nF
C_IDT = 20  # 1 / delta_T, per mV (0 when delta_T = 0)
C_ITW = 21  # 1 / tau_w, per ms
N_COEF = 22

# Kind codes of neuron groups.
KIND_SOURCE = 0
KIND_CURR_EXP = 1
KIND_CURR_ALPHA = 2
KIND_COND_EXP = 3
KIND_COND_ALPHA = 4
KIND_ADEX_EXP = 5
KIND_ADEX_ALPHA = 6

#: Largest argument of the AdEx exponential; exp(50) = 5e21 keeps every stage finite.
EXP_ARG_MAX = 50.0

#: Smallest argument of the AdEx exponential: exp(-50) = 2e-22, so the spike
#: current of a neuron far below threshold is off by less than 1e-20 nA.
EXP_ARG_MIN = -50.0

# Range reduction of _exp_limited: ln 2 split so that k * _LN2_HI is exact for
# |k| < 2^20 (the split of fdlibm's exp).
_LOG2_E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_TWO_32 = 2.0**32
_TWO_64 = 2.0**64
_TWO_48 = 2.0**48  # 2^128 2^-80: bit 7 of k + 80, with the offset taken out
_TWO_MINUS_80 = 2.0**-80


@jit
def _mean_exp(h, tau):
    """(1/h) int_0^h exp(-s/tau) ds, dimensionless."""
    return -tau / h * math.expm1(-h / tau)


@jit
def _mean_s_exp(h, tau):
    """(1/h) int_0^h s exp(-s/tau) ds, in ms."""
    x = h / tau
    if x < 1e-4:
        return h * (0.5 - x / 3.0 + x * x / 8.0)
    return tau * tau / h * (1.0 - math.exp(-x) * (1.0 + x))


@jit
def _int_exp(h, tau_m, tau_s):
    """int_0^h exp(-(h-s)/tau_m) exp(-s/tau_s) ds, in ms, stable when tau_m ~ tau_s."""
    c = 1.0 / tau_m - 1.0 / tau_s
    x = c * h
    if abs(x) < 1e-8:
        ratio = 1.0 + 0.5 * x
    else:
        ratio = math.expm1(x) / x
    return math.exp(-h / tau_m) * h * ratio


@jit
def _int_s_exp(h, tau_m, tau_s):
    """int_0^h exp(-(h-s)/tau_m) s exp(-s/tau_s) ds, in ms^2."""
    c = 1.0 / tau_m - 1.0 / tau_s
    x = c * h
    if abs(x) < 1e-3:
        # Series of int_0^h s exp(c s) ds in x = c h.
        series = 0.5 + x / 3.0 + x * x / 8.0 + x * x * x / 30.0 + x**4 / 144.0
        inner = h * h * series
    else:
        inner = (h * math.exp(x) / c) - math.expm1(x) / (c * c)
    return math.exp(-h / tau_m) * inner


@jit
def _propagators(params, dt, coef):
    """Fill ``coef`` (N_COEF, n) with the step constants of every neuron.

    Exact propagators of the linear subsystems for step ``dt`` (ms): synaptic
    decays, the current-based membrane response to constant, exponential and alpha
    currents (as in exact integration, Rotter and Diesmann 1999), the step means of
    the conductance time courses used by the conductance-based kernels, and the
    spike detection level (``v_spike`` for AdEx with delta_T > 0, else
    ``v_thresh``). Entries for spike sources are computed too and ignored.
    """
    n = params.shape[1]
    for j in range(n):
        cm = params[CM][j]
        g_l = params[G_L][j]
        tau_m = cm / g_l
        tau_e = params[TAU_SYN_E][j]
        tau_i = params[TAU_SYN_I][j]
        coef[C_DE][j] = math.exp(-dt / tau_e)
        coef[C_DI][j] = math.exp(-dt / tau_i)
        coef[C_DEH][j] = math.exp(-0.5 * dt / tau_e)
        coef[C_DIH][j] = math.exp(-0.5 * dt / tau_i)
        coef[C_P22][j] = math.exp(-dt / tau_m)
        coef[C_P20][j] = -math.expm1(-dt / tau_m) / g_l
        coef[C_P21E][j] = _int_exp(dt, tau_m, tau_e) / cm
        coef[C_P21I][j] = _int_exp(dt, tau_m, tau_i) / cm
        coef[C_P31E][j] = _int_s_exp(dt, tau_m, tau_e) / cm
        coef[C_P31I][j] = _int_s_exp(dt, tau_m, tau_i) / cm
        coef[C_FE][j] = _mean_exp(dt, tau_e)
        coef[C_FI][j] = _mean_exp(dt, tau_i)
        coef[C_FE2][j] = _mean_s_exp(dt, tau_e)
        coef[C_FI2][j] = _mean_s_exp(dt, tau_i)
        coef[C_AE][j] = math.e / tau_e
        coef[C_AI][j] = math.e / tau_i
        coef[C_LEAK][j] = g_l * params[E_L][j] + params[I_OFFSET][j]
        coef[C_DTCM][j] = dt / cm
        coef[C_ICM][j] = 1.0 / cm
        coef[C_ITW][j] = 1.0 / params[TAU_W][j]
        if params[DELTA_T][j] > 0.0:
            coef[C_VDET][j] = params[V_SPIKE][j]
            coef[C_IDT][j] = 1.0 / params[DELTA_T][j]
        else:
            coef[C_VDET][j] = params[V_THRESH][j]
            coef[C_IDT][j] = 0.0


@jit
def _curr_exp(
    start,
    stop,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    spiked,
    n_spiked,
):
    """IF_curr_exp: exact integration over one step, NEST iaf_psc_exp order.

    cm dv/dt = g_L (E_L - v) + I_E + I_I + i_offset + i_ext;
    dI_X/dt = -I_X / tau_syn_X; a spike of weight w (nA) adds w to I_X.
    v' = E_L + P22 (v - E_L) + P21E I_E + P21I I_I + P20 (i_offset + i_ext).
    Exact for any dt (tested 0.01-0.1 ms). Units: mV, nA, nF, ms.
    """
    for j in range(start, stop):
        if refr[j] == 0:
            u = state[V][j] - params[E_L][j]
            u = (
                coef[C_P22][j] * u
                + coef[C_P21E][j] * state[GE][j]
                + coef[C_P21I][j] * state[GI][j]
                + coef[C_P20][j] * (params[I_OFFSET][j] + i_ext[j])
            )
            state[V][j] = u + params[E_L][j]
        else:
            refr[j] -= 1
        state[GE][j] = state[GE][j] * coef[C_DE][j] + in_e[j]
        state[GI][j] = state[GI][j] * coef[C_DI][j] + in_i[j]
        in_e[j] = 0.0
        in_i[j] = 0.0
        if state[V][j] >= params[V_THRESH][j]:
            state[V][j] = params[V_RESET][j]
            refr[j] = refr_steps[j]
            spiked[n_spiked] = j
            n_spiked += 1
    return n_spiked


@jit
def _curr_alpha(
    start,
    stop,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    dt,
    spiked,
    n_spiked,
):
    """IF_curr_alpha: exact integration over one step, NEST iaf_psc_alpha order.

    cm dv/dt = g_L (E_L - v) + I_E + I_I + i_offset + i_ext;
    dI_X/dt = -I_X / tau_syn_X + y_X, dy_X/dt = -y_X / tau_syn_X; a spike of weight
    w (nA) adds w e / tau_syn_X to y_X, so I_X peaks at w at tau_syn_X after it.
    Exact for any dt (tested 0.01-0.1 ms). Units: mV, nA, nF, ms.
    """
    for j in range(start, stop):
        if refr[j] == 0:
            u = state[V][j] - params[E_L][j]
            u = (
                coef[C_P22][j] * u
                + coef[C_P21E][j] * state[GE][j]
                + coef[C_P31E][j] * state[YE][j]
                + coef[C_P21I][j] * state[GI][j]
                + coef[C_P31I][j] * state[YI][j]
                + coef[C_P20][j] * (params[I_OFFSET][j] + i_ext[j])
            )
            state[V][j] = u + params[E_L][j]
        else:
            refr[j] -= 1
        _alpha_decay(state, j, coef, in_e[j], in_i[j], dt)
        in_e[j] = 0.0
        in_i[j] = 0.0
        if state[V][j] >= params[V_THRESH][j]:
            state[V][j] = params[V_RESET][j]
            refr[j] = refr_steps[j]
            spiked[n_spiked] = j
            n_spiked += 1
    return n_spiked


@jit
def _alpha_decay(state, j, coef, in_e, in_i, dt):
    """Advance both alpha synapses of neuron j by one step and add the new input."""
    d_e = coef[C_DE][j]
    d_i = coef[C_DI][j]
    state[GE][j] = d_e * (state[GE][j] + dt * state[YE][j])
    state[YE][j] = d_e * state[YE][j] + coef[C_AE][j] * in_e
    state[GI][j] = d_i * (state[GI][j] + dt * state[YI][j])
    state[YI][j] = d_i * state[YI][j] + coef[C_AI][j] * in_i


@jit
def _exp_neg(x):
    """exp(-x) for x >= 0 in plain arithmetic, so loops that use it vectorise.

    exp(-x) = exp(-x / 32)^32, the inner factor from its degree-10 Taylor
    polynomial (Horner form). Relative error below 4e-15 for x <= 1 and 5e-15 for
    x <= 5, absolute error below 3e-15 everywhere (checked against ``math.exp``
    on 200 000 points in tests). Arguments above 40 are taken as 40: exp(-40) is
    4e-18, zero for every use here.
    """
    y = min(x, 40.0) * 0.03125
    p = 1.0 / 3628800.0
    p = p * -y + 1.0 / 362880.0
    p = p * -y + 1.0 / 40320.0
    p = p * -y + 1.0 / 5040.0
    p = p * -y + 1.0 / 720.0
    p = p * -y + 1.0 / 120.0
    p = p * -y + 1.0 / 24.0
    p = p * -y + 1.0 / 6.0
    p = p * -y + 0.5
    p = p * -y + 1.0
    p = p * -y + 1.0
    p = p * p
    p = p * p
    p = p * p
    p = p * p
    return p * p


@jit
def _cond_exp(
    start,
    stop,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    spiked,
    n_spiked,
):
    """IF_cond_exp: exponential Euler with step-mean conductances.

    cm dv/dt = g_L (E_L - v) + g_E (E_E - v) + g_I (E_I - v) + i_offset + i_ext,
    g_X decaying with tau_syn_X, a spike of weight w (uS) adding w to g_X. Over a
    step the conductances are replaced by their exact step means g_X(t) F_X, and
    the resulting linear equation is solved exactly:
    v' = v_inf + (v - v_inf) exp(-dt g_tot / cm). Error O(dt^2) in the
    conductance course only. Tested at dt 0.01-0.1 ms.

    The membrane pass has no branches and no library calls, so numba vectorises
    it; spikes are found in a second pass over the group.
    """
    for j in range(start, stop):
        g_e = state[GE][j] * coef[C_FE][j]
        g_i = state[GI][j] * coef[C_FI][j]
        v = state[V][j]
        v_new = _frozen_conductance_step(v, j, params, coef, g_e, g_i, i_ext[j])
        state[V][j] = v_new if refr[j] == 0 else v
        state[GE][j] = state[GE][j] * coef[C_DE][j] + in_e[j]
        state[GI][j] = state[GI][j] * coef[C_DI][j] + in_i[j]
        in_e[j] = 0.0
        in_i[j] = 0.0
    return _threshold(start, stop, state, refr, refr_steps, params, spiked, n_spiked)


@jit
def _frozen_conductance_step(v, j, params, coef, g_e, g_i, i_ext):
    """Membrane potential of neuron j after one step with frozen conductances."""
    g_tot = params[G_L][j] + g_e + g_i
    v_inf = (
        coef[C_LEAK][j] + g_e * params[E_REV_E][j] + g_i * params[E_REV_I][j] + i_ext
    ) / g_tot
    return v_inf + (v - v_inf) * _exp_neg(g_tot * coef[C_DTCM][j])


@jit
def _threshold(start, stop, state, refr, refr_steps, params, spiked, n_spiked):
    """Count down refractory neurons and reset those at or above v_thresh."""
    for j in range(start, stop):
        if refr[j] > 0:
            refr[j] -= 1
        elif state[V][j] >= params[V_THRESH][j]:
            state[V][j] = params[V_RESET][j]
            refr[j] = refr_steps[j]
            spiked[n_spiked] = j
            n_spiked += 1
    return n_spiked


@jit
def _cond_alpha(
    start,
    stop,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    dt,
    spiked,
    n_spiked,
):
    """IF_cond_alpha: as :func:`_cond_exp` with alpha-shaped conductances.

    dg_X/dt = -g_X / tau_syn_X + y_X, dy_X/dt = -y_X / tau_syn_X; a spike of weight
    w (uS) adds w e / tau_syn_X to y_X (peak w at tau_syn_X). Step mean of g_X is
    g_X F_X + y_X F2_X, exact for the alpha time course. Tested at dt 0.01-0.1 ms.
    """
    for j in range(start, stop):
        g_e = state[GE][j] * coef[C_FE][j] + state[YE][j] * coef[C_FE2][j]
        g_i = state[GI][j] * coef[C_FI][j] + state[YI][j] * coef[C_FI2][j]
        v = state[V][j]
        v_new = _frozen_conductance_step(v, j, params, coef, g_e, g_i, i_ext[j])
        state[V][j] = v_new if refr[j] == 0 else v
        _alpha_decay(state, j, coef, in_e[j], in_i[j], dt)
        in_e[j] = 0.0
        in_i[j] = 0.0
    return _threshold(start, stop, state, refr, refr_steps, params, spiked, n_spiked)


@jit(inline=True)
def _exp_limited(x):
    """exp(x) for x clamped to [EXP_ARG_MIN, EXP_ARG_MAX], in plain arithmetic.

    x = k ln 2 + r with k = round(x / ln 2) and |r| <= ln(2)/2; exp(r) from its
    degree-13 Taylor polynomial (truncation below 5e-18) in Estrin's scheme (a
    short dependency chain: the four RK4 stages of a neuron are sequential, so
    latency, not the number of operations, bounds the AdEx loop); 2^k as the
    product of the exact powers of two selected by the bits of k + 80, which lies
    in [7, 153]. Relative error below 5e-16 on the whole range (2 ulp, checked
    against ``math.exp`` in tests). No branches or library calls, so loops that
    use it vectorise.
    """
    x = min(max(x, EXP_ARG_MIN), EXP_ARG_MAX)
    k = np.floor(x * _LOG2_E + 0.5)
    r = (x - k * _LN2_HI) - k * _LN2_LO
    r2 = r * r
    r4 = r2 * r2
    a0 = 1.0 + r
    a1 = 0.5 + r * (1.0 / 6.0)
    a2 = (1.0 / 24.0) + r * (1.0 / 120.0)
    a3 = (1.0 / 720.0) + r * (1.0 / 5040.0)
    a4 = (1.0 / 40320.0) + r * (1.0 / 362880.0)
    a5 = (1.0 / 3628800.0) + r * (1.0 / 39916800.0)
    a6 = (1.0 / 479001600.0) + r * (1.0 / 6227020800.0)
    b0 = a0 + r2 * a1
    b1 = a2 + r2 * a3
    b2 = a4 + r2 * a5
    c0 = b0 + r4 * b1
    c1 = b2 + r4 * a6
    p = c0 + (r4 * r4) * c1
    m = np.int32(k) + np.int32(80)
    f0 = 2.0 if m & 1 else 1.0
    f1 = 4.0 if m & 2 else 1.0
    f2 = 16.0 if m & 4 else 1.0
    f3 = 256.0 if m & 8 else 1.0
    f4 = 65536.0 if m & 16 else 1.0
    f5 = _TWO_32 if m & 32 else 1.0
    f6 = _TWO_64 if m & 64 else 1.0
    f7 = _TWO_48 if m & 128 else _TWO_MINUS_80
    return p * (((f0 * f1) * (f2 * f3)) * ((f4 * f5) * (f6 * f7)))


@jit(inline=True)
def _adex_rhs(v, w, g_e, g_i, p, free):
    """Right-hand side (dv/dt, dw/dt) of AdEx at one point; v is capped at v_spike.

    ``p`` holds the neuron's constants: g_L, E_L, g_L delta_T, 1/delta_T (0 when
    delta_T = 0), v_T, v_spike, E_E, E_I, a, 1/tau_w, 1/cm, i_offset + i_ext.
    dv/dt is 0 where ``free`` is false (refractory neurons).
    """
    (
        g_l,
        e_l,
        g_l_delta_t,
        inv_delta_t,
        v_t,
        v_spike,
        e_e,
        e_i,
        a,
        inv_tau_w,
        inv_cm,
        i_0,
    ) = p
    v_cap = min(v, v_spike)
    dw = (a * (v_cap - e_l) - w) * inv_tau_w
    spike_current = g_l_delta_t * _exp_limited((v_cap - v_t) * inv_delta_t)
    i_total = (
        g_l * (e_l - v_cap)
        + spike_current
        + g_e * (e_e - v_cap)
        + g_i * (e_i - v_cap)
        - w
        + i_0
    )
    return (i_total * inv_cm if free else 0.0), dw


@jit
def _adex(
    start,
    stop,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    dt,
    alpha,
    spiked,
    n_spiked,
):
    """EIF_cond_exp_isfa_ista / EIF_cond_alpha_isfa_ista: classic RK4 on (v, w).

    cm dv/dt = g_L (E_L - v) + g_L delta_T exp((v - v_T)/delta_T)
               + g_E (E_E - v) + g_I (E_I - v) - w + i_offset + i_ext,
    tau_w dw/dt = a (v - E_L) - w   (v_T is PyNN's v_thresh, a in uS).
    Conductances are taken analytically at the stage times t, t + dt/2, t + dt
    (exponential or alpha time course; the alpha auxiliaries are 0 for
    exponential synapses). In the right-hand side v is capped at v_spike and the
    exponent limited to [EXP_ARG_MIN, EXP_ARG_MAX], so no stage overflows. A spike
    is found when v >= v_spike (v_thresh if delta_T = 0) at any stage point or at
    the step end: v -> v_reset, w -> w + b, and v is then held at v_reset for the
    refractory steps while w keeps evolving. Compared with NEST aeif_cond_exp
    (adaptive RKF45) at dt 0.01 and 0.1 ms.

    The kernel makes three passes over the group: membrane and adaptation (no
    branches, no library calls: numba vectorises it), synapses, spikes. Split
    this way, each loop writes few arrays, so the vectoriser's run-time checks
    that they do not overlap the arrays read stay within its limit (one loop
    writing v, w, both conductances and the input slots is not vectorised). A
    crossing at a stage point is passed on by leaving v at or above the
    detection level, where :func:`_adex_threshold` finds it.
    """
    half = 0.5 * dt
    for j in range(start, stop):
        free = refr[j] == 0
        g_e0 = state[GE][j]
        g_i0 = state[GI][j]
        y_e = state[YE][j]
        y_i = state[YI][j]
        g_e1 = (g_e0 + half * y_e) * coef[C_DEH][j]
        g_i1 = (g_i0 + half * y_i) * coef[C_DIH][j]
        g_e2 = (g_e0 + dt * y_e) * coef[C_DE][j]
        g_i2 = (g_i0 + dt * y_i) * coef[C_DI][j]
        p = (
            params[G_L][j],
            params[E_L][j],
            params[G_L][j] * params[DELTA_T][j],
            coef[C_IDT][j],
            params[V_THRESH][j],
            params[V_SPIKE][j],
            params[E_REV_E][j],
            params[E_REV_I][j],
            params[A][j],
            coef[C_ITW][j],
            coef[C_ICM][j],
            params[I_OFFSET][j] + i_ext[j],
        )
        v = state[V][j]
        w = state[W][j]
        k1v, k1w = _adex_rhs(v, w, g_e0, g_i0, p, free)
        v2 = v + half * k1v
        k2v, k2w = _adex_rhs(v2, w + half * k1w, g_e1, g_i1, p, free)
        v3 = v + half * k2v
        k3v, k3w = _adex_rhs(v3, w + half * k2w, g_e1, g_i1, p, free)
        v4 = v + dt * k3v
        k4v, k4w = _adex_rhs(v4, w + dt * k3w, g_e2, g_i2, p, free)
        v_new = v + dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        v_det = coef[C_VDET][j]
        v_top = max(max(v2, v3), v4)
        v_new = max(v_new, v_det) if v_top >= v_det else v_new
        state[V][j] = v_new if free else params[V_RESET][j]
        state[W][j] = w + dt / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
    if alpha:
        _alpha_synapses(start, stop, state, coef, in_e, in_i, dt)
    else:
        _exp_synapses(start, stop, state, coef, in_e, in_i)
    return _adex_threshold(
        start, stop, state, refr, refr_steps, params, coef, spiked, n_spiked
    )


@jit
def _exp_synapses(start, stop, state, coef, in_e, in_i):
    """Decay exponential synapses by one step and add the input of the step."""
    for j in range(start, stop):
        state[GE][j] = state[GE][j] * coef[C_DE][j] + in_e[j]
        state[GI][j] = state[GI][j] * coef[C_DI][j] + in_i[j]
        in_e[j] = 0.0
        in_i[j] = 0.0


@jit
def _alpha_synapses(start, stop, state, coef, in_e, in_i, dt):
    """Advance alpha synapses by one step and add the input of the step."""
    for j in range(start, stop):
        _alpha_decay(state, j, coef, in_e[j], in_i[j], dt)
        in_e[j] = 0.0
        in_i[j] = 0.0


@jit
def _adex_threshold(
    start, stop, state, refr, refr_steps, params, coef, spiked, n_spiked
):
    """Count down refractory AdEx neurons; reset and adapt those at v_spike."""
    for j in range(start, stop):
        if refr[j] > 0:
            refr[j] -= 1
        elif state[V][j] >= coef[C_VDET][j]:
            state[V][j] = params[V_RESET][j]
            state[W][j] += params[B][j]
            refr[j] = refr_steps[j]
            spiked[n_spiked] = j
            n_spiked += 1
    return n_spiked


@jit
def _update_groups(
    group_start,
    group_stop,
    group_kind,
    state,
    refr,
    refr_steps,
    params,
    coef,
    i_ext,
    in_e,
    in_i,
    dt,
    spiked,
):
    """Advance every neuron group by one step; return the number of spikes.

    Indices of the neurons that spiked are written to ``spiked[:n]`` in
    increasing order. Spike-source groups are skipped. Every kernel adds its
    neurons' input ``in_e``, ``in_i`` (the ring-buffer slot of this step) and
    clears it, so the slot is free for the step ``n_slots`` ahead.
    """
    n_spiked = 0
    for g in range(group_start.shape[0]):
        a = group_start[g]
        b = group_stop[g]
        kind = group_kind[g]
        if kind == KIND_SOURCE:
            continue
        # The kernels see 0-based views of the group's rows: numba vectorises a
        # loop over views starting at 0, but not one over an offset range of the
        # whole arrays (measured: 8 against 20 ns per IF_cond_exp neuron-step).
        rows_s = _state_rows(state, a, b)
        rows_p = _param_rows(params, a, b)
        rows_c = _coef_rows(coef, a, b)
        refr_g, steps_g = refr[a:b], refr_steps[a:b]
        i_ext_g, in_e_g, in_i_g = i_ext[a:b], in_e[a:b], in_i[a:b]
        n = b - a
        n_before = n_spiked
        # fmt: off
        if kind == KIND_CURR_EXP:
            n_spiked = _curr_exp(0, n, rows_s, refr_g, steps_g, rows_p, rows_c,
                                 i_ext_g, in_e_g, in_i_g, spiked, n_spiked)
        elif kind == KIND_CURR_ALPHA:
            n_spiked = _curr_alpha(0, n, rows_s, refr_g, steps_g, rows_p, rows_c,
                                   i_ext_g, in_e_g, in_i_g, dt, spiked, n_spiked)
        elif kind == KIND_COND_EXP:
            n_spiked = _cond_exp(0, n, rows_s, refr_g, steps_g, rows_p, rows_c,
                                 i_ext_g, in_e_g, in_i_g, spiked, n_spiked)
        elif kind == KIND_COND_ALPHA:
            n_spiked = _cond_alpha(0, n, rows_s, refr_g, steps_g, rows_p, rows_c,
                                   i_ext_g, in_e_g, in_i_g, dt, spiked, n_spiked)
        # The synapse shape is passed as a literal so numba compiles one kernel
        # per shape, without a branch in the vectorised loop.
        elif kind == KIND_ADEX_EXP:
            n_spiked = _adex(0, n, rows_s, refr_g, steps_g, rows_p, rows_c, i_ext_g,
                             in_e_g, in_i_g, dt, False, spiked, n_spiked)
        elif kind == KIND_ADEX_ALPHA:
            n_spiked = _adex(0, n, rows_s, refr_g, steps_g, rows_p, rows_c, i_ext_g,
                             in_e_g, in_i_g, dt, True, spiked, n_spiked)
        # fmt: on
        for m in range(n_before, n_spiked):
            spiked[m] += a
    return n_spiked


@jit
def _state_rows(x, a, b):
    """The N_STATE rows of ``x`` restricted to columns a..b-1, as views."""
    return (x[0, a:b], x[1, a:b], x[2, a:b], x[3, a:b], x[4, a:b], x[5, a:b])


@jit
def _param_rows(x, a, b):
    """The N_PARAM rows of ``x`` restricted to columns a..b-1, as views."""
    return (
        x[0, a:b], x[1, a:b], x[2, a:b], x[3, a:b], x[4, a:b], x[5, a:b],
        x[6, a:b], x[7, a:b], x[8, a:b], x[9, a:b], x[10, a:b], x[11, a:b],
        x[12, a:b], x[13, a:b], x[14, a:b], x[15, a:b],
    )  # fmt: skip


@jit
def _coef_rows(x, a, b):
    """The N_COEF rows of ``x`` restricted to columns a..b-1, as views."""
    return (
        x[0, a:b], x[1, a:b], x[2, a:b], x[3, a:b], x[4, a:b], x[5, a:b],
        x[6, a:b], x[7, a:b], x[8, a:b], x[9, a:b], x[10, a:b], x[11, a:b],
        x[12, a:b], x[13, a:b], x[14, a:b], x[15, a:b], x[16, a:b], x[17, a:b],
        x[18, a:b], x[19, a:b], x[20, a:b], x[21, a:b],
    )  # fmt: skip
