"""Browser tests: the lab served in-process on 127.0.0.1, driven by Debian's Chromium.

Playwright never downloads a browser here (see shared TOOLCHAIN notes): the
launch arguments point it at /usr/bin/chromium (or $CHROMIUM_PATH) and switch off
Chromium's calls to Google services. Every test in this folder is marked ``ui``.
"""

import os
import socket
import time
import urllib.request

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Longest wait for the server to answer its liveness probe, in s.
STARTUP_TIMEOUT_S = 30.0


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.ui)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}; apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1300}}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_liveness(port):
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/liveness", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the lab did not answer on port {port}")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """Serve the lab in this process; yield its base URL."""
    from adexlab.app.lab import prewarm, serve

    prewarm()  # compile (or load) the kernels before any page opens
    port = _free_port()
    autosave = tmp_path_factory.mktemp("autosave")
    server = serve(port=port, threaded=True, autosave_dir=autosave)
    _wait_for_liveness(port)
    yield f"http://127.0.0.1:{port}/"
    server.stop()


@pytest.fixture
def screenshot_dir(tmp_path):
    """Where screenshots go: $ADEXLAB_SCREENSHOT_DIR if set, else a temp folder."""
    directory = os.environ.get("ADEXLAB_SCREENSHOT_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        return directory
    return str(tmp_path)
