"""The kernel tests pass with numba switched off, so every kernel line is plain Python.

Coverage tools and debuggers reach kernel bodies only when numba does not compile
them; this runs the kernel and simulator tests once more in a subprocess with
``NUMBA_DISABLE_JIT=1`` (reference comparisons and slow tests left out for time).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
KERNEL_TESTS = [
    "test_kernels_neurons.py",
    "test_kernels_synapses.py",
    "test_kernels_sources.py",
    "test_kernels_exp.py",
    "test_simulator_run.py",
]


@pytest.mark.slow
def test_kernel_tests_pass_without_jit():
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-m", "not slow and not reference",
        *[str(HERE / name) for name in KERNEL_TESTS],
    ]  # fmt: skip
    # Run from tests/ so that no bare `core` folder is importable.
    result = subprocess.run(
        command, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
