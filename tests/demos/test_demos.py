"""Every demo runs, on adexlab and on pyNN.nest, and says what it promises."""

import subprocess
import sys

import pytest

from adexlab.core.exceptions import ParameterError
from adexlab.demos import DEMOS, load_demo
from adexlab.demos.firing_patterns import PRESETS

#: Short simulated times, in ms, that exercise each demo end to end.
SMOKE_DURATION = {"firing-patterns": 150.0, "lecture-example": 100.0}


def test_every_demo_has_smoke_duration_docstring_and_main():
    assert set(SMOKE_DURATION) == set(DEMOS)
    for name in DEMOS:
        module = load_demo(name)
        assert module.__doc__ and callable(module.main)


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_runs_briefly(name, pynn_sim, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # demos may write result files to the working dir
    load_demo(name).main(sim=pynn_sim, duration=SMOKE_DURATION[name], dt=0.1)
    assert capsys.readouterr().out.strip()


def test_lecture_example_writes_spikes_and_shows_the_pulse(pynn_sim, tmp_path):
    output = tmp_path / "spikes.pkl"
    summary = load_demo("lecture-example").main(
        sim=pynn_sim, duration=200.0, output=output
    )
    assert output.stat().st_size > 0
    # 0.5 nA into 1 nF with tau_m = 20 ms settles 10 mV above v_rest = -65 mV:
    # 1 - exp(-60 / 20) of that is reached by the end of the 60 ms pulse.
    assert summary["peak_v"] == pytest.approx(-65.0 + 10.0 * (1 - 2.718**-3), abs=0.2)


def test_firing_patterns_demo_recognises_every_preset(pynn_sim, capsys):
    """At dt = 0.1 ms the full-length demo recognises all nine presets."""
    results = load_demo("firing-patterns").main(sim=pynn_sim)
    assert [r.recognised for r in results] == [p.expected for p in PRESETS]
    assert f"{len(PRESETS)} of {len(PRESETS)} recognised" in capsys.readouterr().out


def test_firing_patterns_demo_rejects_duration_before_step(pynn_sim):
    with pytest.raises(ParameterError, match="duration must be > 50.0 ms"):
        load_demo("firing-patterns").main(sim=pynn_sim, duration=30.0)


@pytest.mark.reference
@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_runs_as_module_on_nest(name, nest_sim, tmp_path):
    module = DEMOS[name][0]
    command = [sys.executable, "-m", module, "--simulator", "nest", "--duration"]
    result = subprocess.run(
        [*command, str(SMOKE_DURATION[name])],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "pyNN.nest" in result.stdout


@pytest.mark.reference
def test_cli_runs_demo_on_nest(nest_sim, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "adexlab.app.cli", "demo", "firing-patterns"]
        + ["--simulator", "nest", "--duration", "150"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Brette-Gerstner defaults" in result.stdout
