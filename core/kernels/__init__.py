"""Numba kernels of the simulator: neuron updates, synaptic delivery, spike sources.

Kernels see only arrays and scalars (no objects, no checks, no logging) and are
compiled with the flags of :mod:`adexlab.core.config`. They are private
(``_name``); :mod:`adexlab.core.backends.simulator` is their public wrapper.
"""
