"""Compilation flags shared by every numba kernel of adexlab.

One place decides how kernels are compiled: ``nogil`` so a worker thread can run a
simulation while the GUI thread keeps serving, ``cache`` so a new process reuses
the compiled code, ``error_model="numpy"`` so a float division carries no
zero-division branch (the branch stops numba from vectorising the neuron loops;
non-finite results are caught by the simulator's check after every chunk), and
``fastmath`` off because no test has shown its results stay within tolerance.
Setting the environment variable ``NUMBA_DISABLE_JIT=1`` runs the kernels as plain
Python (slow; the test suite uses it once to check the code paths).

numba stamps a cached function with the modification time of its own file only,
so a kernel that calls kernels of another module would keep running their old
compiled code after they change. The cache locators below stamp every kernel
with all kernel files at once, so editing or upgrading any of them recompiles all.
"""

import logging
from pathlib import Path

import numba

__all__ = ["JIT_OPTIONS", "jit"]

logger = logging.getLogger(__name__)

#: Keyword arguments passed to ``numba.njit`` for every kernel.
JIT_OPTIONS = {
    "nogil": True,
    "cache": True,
    "fastmath": False,
    "error_model": "numpy",
}

#: Files whose compiled code ends up inside the kernels: the kernel modules and
#: this one (it sets the compiler flags).
_KERNEL_FILES = sorted(
    [Path(__file__).resolve(), *(Path(__file__).parent / "kernels").glob("*.py")]
)


def _kernels_stamp():
    stamp = []
    for path in _KERNEL_FILES:
        status = path.stat()
        stamp.append((path.name, status.st_mtime, status.st_size))
    return tuple(stamp)


def _install_cache_locators():
    # LIMITATION: uses numba's internal caching classes (stable from numba 0.50
    # to 0.68); if they move, kernels fall back to numba's per-file stamps, and
    # a stale cache then needs deleting the __pycache__ *.nbi/*.nbc files.
    try:
        from numba.core import caching
    except ImportError:
        logger.debug("numba.core.caching not found; using numba's cache stamps")
        return
    kernel_files = {str(path) for path in _KERNEL_FILES}
    stamp = _kernels_stamp()

    class _KernelStampMixin:
        @classmethod
        def from_function(cls, py_func, py_file):
            if str(Path(py_file).resolve()) not in kernel_files:
                return None
            return super().from_function(py_func, py_file)

        def get_source_stamp(self):
            return stamp

    class KernelUserProvidedLocator(
        _KernelStampMixin, caching.UserProvidedCacheLocator
    ):
        """numba's NUMBA_CACHE_DIR locator, stamped with every kernel file."""

    class KernelInTreeLocator(_KernelStampMixin, caching.InTreeCacheLocator):
        """numba's __pycache__ locator, stamped with every kernel file."""

    class KernelUserWideLocator(_KernelStampMixin, caching.UserWideCacheLocator):
        """numba's per-user cache locator, stamped with every kernel file."""

    locators = caching.CacheImpl._locator_classes
    if not any(c.__name__ == "KernelInTreeLocator" for c in locators):
        locators[0:0] = [
            KernelUserProvidedLocator,
            KernelInTreeLocator,
            KernelUserWideLocator,
        ]


_install_cache_locators()


def jit(function=None, *, inline=False):
    """Compile ``function`` with numba using :data:`JIT_OPTIONS`.

    Parameters
    ----------
    function : callable
        A function over arrays and scalars only.
    inline : bool
        Inline the function into its numba callers before compilation. LLVM
        declines to inline large helpers (such as an RK4 right-hand side with its
        exponential), and a loop that still calls a function does not vectorise.

    Returns
    -------
    callable
        The compiled dispatcher, or ``function`` itself when JIT is disabled.
        Without ``function``, a decorator taking it.
    """
    options = {**JIT_OPTIONS, "inline": "always" if inline else "never"}
    if function is None:
        return numba.njit(**options)
    return numba.njit(**options)(function)
