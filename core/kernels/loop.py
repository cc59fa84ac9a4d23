"""The numba step loop: neuron updates, spike recording, delivery and sampling.

One call advances the whole network by up to ``n_steps`` steps of ``dt`` ms. It
reads pre-generated source spike events and per-step stimulus currents, and fills
preallocated recording buffers; it returns early, at a step boundary, when the
spike buffer could overflow, so the caller can grow it and resume. Arrays only.
"""

from ..config import jit
from .neurons import _update_groups
from .synapses import _deliver_static, _deliver_tsodyks


@jit
def _emit(i, end_step, dt, spikes, static, tsodyks, tm_param, tm_state, tau_syn_e,
          tau_syn_i, ring):  # fmt: skip
    """Record a spike of neuron or source ``i`` stamped ``end_step`` and send it on."""
    spk_step, spk_index, spk_count = spikes
    spk_step[spk_count[0]] = end_step
    spk_index[spk_count[0]] = i
    spk_count[0] += 1
    ptr, post, weight, delay, receptor = static
    _deliver_static(i, end_step, ptr, post, weight, delay, receptor, ring)
    tm_ptr, tm_post, tm_weight, tm_delay, tm_receptor = tsodyks
    _deliver_tsodyks(i, end_step, dt, tm_ptr, tm_post, tm_weight, tm_delay,
                     tm_receptor, tm_param, tm_state, tau_syn_e, tau_syn_i,
                     ring)  # fmt: skip


@jit
def _sample(step, state, rec_row, rec_index, rec_every, rec_values, rec_count):
    """Store the state at step index ``step`` for every recorded column due then."""
    for c in range(rec_row.shape[0]):
        if step % rec_every[c] == 0:
            rec_values[rec_count[c], c] = state[rec_row[c], rec_index[c]]
            rec_count[c] += 1


@jit
def _run_steps(
    step0,
    first,
    n_steps,
    dt,
    groups,
    state,
    refr,
    refr_steps,
    params,
    coef,
    stim,
    stim_index,
    i_ext,
    events,
    event_pos,
    static,
    tsodyks,
    tm_param,
    tm_state,
    tau_syn_e,
    tau_syn_i,
    ring,
    spiked,
    spk_step,
    spk_index,
    spk_count,
    rec_row,
    rec_index,
    rec_every,
    rec_values,
    rec_count,
):
    """Advance the network from local step ``first`` to ``n_steps``.

    Parameters
    ----------
    step0 : int
        Absolute index of local step 0; step ``k`` integrates from
        ``(step0 + k) dt`` to ``(step0 + k + 1) dt``.
    first, n_steps : int
        Local steps ``first .. n_steps - 1`` are done.
    dt : float
        Time step, in ms.
    groups : tuple of three (n_groups,) int64 arrays
        Start, stop (global indices) and kind code of each neuron group.
    state, refr, refr_steps, params, coef : arrays
        See :mod:`adexlab.core.kernels.neurons`; updated in place.
    stim : (n_steps, n_stim) float64
        Stimulus current in nA applied during each local step to ``stim_index``.
    i_ext : (n,) float64
        Scratch array holding the stimulus current of every neuron.
    events : tuple of two int64 arrays
        Source spike events (stamp step, global index), sorted by step.
    event_pos : (1,) int64
        Position of the next unprocessed event; updated.
    static, tsodyks : tuples of CSR arrays (ptr, post, weight, delay, receptor)
        Static and Tsodyks-Markram synapses; ``tm_param``, ``tm_state`` as in
        :mod:`adexlab.core.kernels.synapses`.
    tau_syn_e, tau_syn_i : (n,) float64
        Postsynaptic time constants, used as tau_psc of Tsodyks-Markram synapses.
    ring : (n_slots, 2, n) float64
        Delay ring buffer, in uS or nA.
    spiked : (n,) int64
        Scratch array.
    spk_step, spk_index : (capacity,) int64
        Spike records (stamp step, global index); ``spk_count[0]`` is the fill.
    rec_row, rec_index, rec_every : (n_cols,) int64
        State row, global index and sampling interval in steps of each recorded
        column; samples are taken at step ends whose index is a multiple of it.
    rec_values : (capacity, n_cols) float64
        Samples; ``rec_count[c]`` is the fill of column ``c``.

    Returns
    -------
    int
        The local step reached (``n_steps`` unless the spike buffer filled up).
    """
    group_start, group_stop, group_kind = groups
    ev_step, ev_index = events
    spikes = (spk_step, spk_index, spk_count)
    n_slots = ring.shape[0]
    n = state.shape[1]
    n_events = ev_step.shape[0]
    capacity = spk_step.shape[0]
    for k in range(first, n_steps):
        end_step = step0 + k + 1

        # Stop before a step whose spikes might not fit in the buffer.
        e = event_pos[0]
        e_stop = e
        while e_stop < n_events and ev_step[e_stop] <= end_step:
            e_stop += 1
        if spk_count[0] + n + (e_stop - e) > capacity:
            return k

        for c in range(stim_index.shape[0]):
            i_ext[stim_index[c]] = stim[k, c]
        slot = end_step % n_slots
        n_spiked = _update_groups(
            group_start,
            group_stop,
            group_kind,
            state,
            refr,
            refr_steps,
            params,
            coef,
            i_ext,
            ring[slot, 0],
            ring[slot, 1],
            dt,
            spiked,
        )

        for m in range(n_spiked):
            _emit(spiked[m], end_step, dt, spikes, static, tsodyks, tm_param, tm_state,
                  tau_syn_e, tau_syn_i, ring)  # fmt: skip
        for m in range(e, e_stop):
            if ev_step[m] >= end_step:
                _emit(ev_index[m], end_step, dt, spikes, static, tsodyks, tm_param,
                      tm_state, tau_syn_e, tau_syn_i, ring)  # fmt: skip
        event_pos[0] = e_stop

        _sample(end_step, state, rec_row, rec_index, rec_every, rec_values, rec_count)
    return n_steps
