"""The ``adexlab`` console command."""

import importlib.metadata
import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from adexlab.app.cli import main


@pytest.fixture(autouse=True)
def restore_root_logger():
    """Undo the logging set-up of in-process main() calls.

    main() attaches a handler to pytest's captured stderr; left in place, later tests
    would log into that closed stream.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _console_script() -> str:
    """Path of the installed ``adexlab`` command (next to this interpreter first)."""
    beside = Path(sys.executable).with_name("adexlab")
    found = str(beside) if beside.exists() else shutil.which("adexlab")
    if found is None:
        pytest.fail("the adexlab command is not installed; run: pip install -e .")
    return found


def test_console_script_prints_help(tmp_path):
    result = subprocess.run(
        [_console_script(), "--help"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0
    assert "usage: adexlab" in result.stdout
    for command in ("demo", "run", "serve"):
        assert command in result.stdout


def test_cli_version_is_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == (
        f"adexlab {importlib.metadata.version('adexlab')}"
    )


def test_cli_demo_without_name_lists_demos(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "firing-patterns" in out and "lecture-example" in out


def test_cli_demo_rejects_unknown_name(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "no-such-demo"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


#: How long the lab may take to answer after `adexlab serve` starts, in s (imports
#: of Panel and numba plus loading the cached kernels; more on a loaded machine).
SERVE_START_TIMEOUT = 90


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_cli_serve_starts_the_lab_on_localhost(tmp_path):
    """`adexlab serve` answers on 127.0.0.1 and serves the lab page."""
    executable = shutil.which("adexlab")
    assert executable, "the adexlab console script is not installed"
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [
        executable,
        "serve",
        "--port",
        str(port),
        "--autosave-dir",
        str(tmp_path),
    ]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVE_START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/liveness", timeout=5
                ) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "the lab did not start in time"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_cli_run_executes_script_with_its_arguments(tmp_path, capsys):
    (tmp_path / "helper_module.py").write_text("VALUE = 42\n")
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\n"
        "import helper_module\n"
        "if __name__ == '__main__':\n"
        "    print(sys.argv[1:], helper_module.VALUE)\n"
    )
    assert main(["run", str(script), "--n", "3"]) == 0
    assert capsys.readouterr().out.strip() == "['--n', '3'] 42"


def test_cli_run_reports_missing_script(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing.py")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_run_shows_lab_error_without_traceback(tmp_path, capsys):
    script = tmp_path / "bad.py"
    script.write_text(
        "from adexlab.core.exceptions import ParameterError\n"
        "raise ParameterError('p', 'tau_m', 'must be > 0 ms, got -1 ms')\n"
    )
    assert main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    assert "tau_m must be > 0 ms, got -1 ms" in err
    assert "Traceback" not in err
