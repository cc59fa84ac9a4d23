"""Compilation flags shared by every numba kernel of adexlab.

One place decides how kernels are compiled: ``nogil`` so a worker thread can run a
simulation while the GUI thread keeps serving, ``cache`` so a new process reuses
the compiled code, and ``fastmath`` off because no test has shown its results stay
within tolerance. Setting the environment variable ``NUMBA_DISABLE_JIT=1`` runs the
kernels as plain Python (slow; the test suite uses it once to check the code paths).
"""

import numba

__all__ = ["JIT_OPTIONS", "jit"]

#: Keyword arguments passed to ``numba.njit`` for every kernel.
JIT_OPTIONS = {"nogil": True, "cache": True, "fastmath": False}


def jit(function):
    """Compile ``function`` with numba using :data:`JIT_OPTIONS`.

    Parameters
    ----------
    function : callable
        A function over arrays and scalars only.

    Returns
    -------
    callable
        The compiled dispatcher, or ``function`` itself when JIT is disabled.
    """
    return numba.njit(**JIT_OPTIONS)(function)
