"""Numba kernels that deliver spikes through synapses into the delay ring buffer.

Synapses are stored in compressed sparse rows by presynaptic global index:
``ptr[i]:ptr[i+1]`` are the synapses of neuron ``i``, with ``post`` (int32),
``weight`` (float64; uS for conductance-based targets, nA for current-based ones,
inhibitory weights as given), ``delay`` in steps (uint16, >= 1) and ``receptor``
(uint8: 0 excitatory, 1 inhibitory). The ring buffer ``ring`` has shape
``(n_slots, 2, n)``; slot ``s % n_slots`` collects the input added at the end of
the step that ends at step index ``s``. Arrays only; no checks.
"""

import math

from ..config import jit

# Rows of the Tsodyks-Markram parameter and state arrays.
TM_U = 0
TM_TAU_REC = 1
TM_TAU_FACIL = 2
TM_X = 0  # recovered resources
TM_Y = 1  # active resources
TM_USE = 2  # utilisation u
TM_LAST = 3  # time of the previous spike, ms (negative: none yet)


@jit
def _deliver_static(pre, end_step, ptr, post, weight, delay, receptor, ring):
    """Add the weights of neuron ``pre``'s synapses to the ring buffer.

    A spike stamped at step index ``end_step`` reaches target ``post[s]`` at the
    end of the step ending at ``end_step + delay[s]``.
    """
    n_slots = ring.shape[0]
    for s in range(ptr[pre], ptr[pre + 1]):
        slot = (end_step + delay[s]) % n_slots
        ring[slot, receptor[s], post[s]] += weight[s]


@jit
def _deliver_tsodyks(
    pre,
    end_step,
    dt,
    ptr,
    post,
    weight,
    delay,
    receptor,
    tm_param,
    tm_state,
    tau_syn_e,
    tau_syn_i,
    ring,
):
    """Deliver a spike through Tsodyks-Markram synapses (NEST tsodyks_synapse).

    PyNN's TsodyksMarkramSynapse maps to NEST's ``tsodyks_synapse`` (Tsodyks,
    Uziel and Markram 2000, Eqs. 3-4), with resources recovered (x), active (y,
    decaying with the postsynaptic tau_syn as tau_psc) and inactive (z = 1 - x - y).
    Between spikes, h ms apart, the linear system is propagated exactly:
    u <- u exp(-h/tau_facil) (0 if tau_facil = 0), x <- x + Pxy y + Pxz z,
    y <- y exp(-h/tau_psc). At the spike u <- u + U (1 - u), the released fraction
    d = u x moves from x to y, and the delivered weight is d * weight.
    Initial state x = 1, y = 0, u = 0 as in NEST.
    """
    n_slots = ring.shape[0]
    t = end_step * dt
    for s in range(ptr[pre], ptr[pre + 1]):
        j = post[s]
        r = receptor[s]
        tau_psc = tau_syn_e[j] if r == 0 else tau_syn_i[j]
        x = tm_state[TM_X, s]
        y = tm_state[TM_Y, s]
        u = tm_state[TM_USE, s]
        if tm_state[TM_LAST, s] >= 0.0:
            h = t - tm_state[TM_LAST, s]
            tau_rec = tm_param[TM_TAU_REC, s]
            tau_facil = tm_param[TM_TAU_FACIL, s]
            u = u * math.exp(-h / tau_facil) if tau_facil > 0.0 else 0.0
            p_yy = math.exp(-h / tau_psc)
            if tau_rec > 0.0:
                p_zz = math.exp(-h / tau_rec)
                if abs(tau_psc - tau_rec) > 1e-12:
                    p_xy = ((p_zz - 1.0) * tau_rec - (p_yy - 1.0) * tau_psc) / (
                        tau_psc - tau_rec
                    )
                else:
                    p_xy = 1.0 - p_zz - h / tau_rec * p_zz
            else:
                p_zz = 0.0
                p_xy = 1.0 - p_yy
            z = 1.0 - x - y
            x = x + p_xy * y + (1.0 - p_zz) * z
            y = y * p_yy
        elif tm_param[TM_TAU_FACIL, s] <= 0.0:
            u = 0.0
        u = u + tm_param[TM_U, s] * (1.0 - u)
        released = u * x
        x -= released
        y += released
        tm_state[TM_X, s] = x
        tm_state[TM_Y, s] = y
        tm_state[TM_USE, s] = u
        tm_state[TM_LAST, s] = t
        slot = (end_step + delay[s]) % n_slots
        ring[slot, r, j] += released * weight[s]
