"""The lab in a real browser: run, tune while running, build on the canvas, reload."""

import gc
import os
import time
import weakref

import pytest
from playwright.sync_api import expect

from adexlab.app.lab import latest_lab

expect.set_options(timeout=15_000)

#: Longest wait for something to appear in the browser, in ms.
TIMEOUT_MS = 30_000

# Rows of the plain Bokeh sources in the page, found by their column names.
_ROWS_JS = """(column) => {
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            if (model.data !== undefined && model.selected !== undefined
                && model.data[column] !== undefined) {
                return Array.from(model.data[column]).length;
            }
        }
    }
    return -1;
}"""
_LAST_VALUES_JS = """() => {
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            if (model.data !== undefined && model.selected !== undefined
                && model.data.y0 !== undefined && model.data.t !== undefined) {
                return Array.from(model.data.y0).slice(-50);
            }
        }
    }
    return [];
}"""


def _open(page, url):
    page.goto(url)
    page.get_by_role("button", name="Run").wait_for(timeout=TIMEOUT_MS)
    lab = latest_lab()
    _wait(lambda: lab.session.runner.is_built)
    return lab


def _wait(condition, timeout_s=TIMEOUT_MS / 1e3):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in the browser in time")


def _connect(page, source, target):
    """Drag from handle to handle slowly enough for the server to validate it."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 3, start["y"] + 3)
    page.mouse.down()
    page.mouse.move(start["x"] - 40, start["y"] + 20, steps=5)
    page.wait_for_timeout(400)
    page.mouse.move(end["x"] + 3, end["y"] + 3, steps=10)
    page.wait_for_timeout(800)
    page.mouse.up()


def test_run_shows_raster_spikes_and_a_changing_trace(page, lab_server, screenshot_dir):
    lab = _open(page, lab_server)
    page.get_by_role("button", name="Run").click()
    _wait(lambda: page.evaluate(_ROWS_JS, "neuron") > 3)
    first = page.evaluate(_LAST_VALUES_JS)
    page.wait_for_timeout(600)
    assert page.evaluate(_LAST_VALUES_JS) != first
    expect(page.locator(".lab-clock")).to_contain_text("simulated")
    page.screenshot(
        path=os.path.join(screenshot_dir, "lab-running.png"), full_page=True
    )

    # A gallery entry replaces the network; its raster fills with many neurons.
    page.locator("select").first.select_option(
        label="Balanced E/I network (1000 neurons)"
    )
    expect(page.locator('.react-flow__node[data-id="population:inh"]')).to_be_visible()
    page.get_by_role("button", name="Run").click()
    _wait(lambda: page.evaluate(_ROWS_JS, "neuron") > 300)
    page.screenshot(
        path=os.path.join(screenshot_dir, "lab-balanced.png"), full_page=True
    )

    # Closing the tab ends the session, its worker thread, and frees its memory.
    lab = weakref.ref(lab)
    page.close()
    _wait(lambda: lab() is None or not lab().session.runner.is_alive)
    _wait(lambda: gc.collect() >= 0 and lab() is None)


def test_slider_moved_while_running_reaches_the_simulation(page, lab_server):
    lab = _open(page, lab_server)
    page.get_by_role("button", name="Run").click()
    _wait(lambda: lab.state.t > 200.0)
    # The b slider (spike-triggered adaptation): each ArrowRight is one step.
    page.locator(".field-b .noUi-handle").focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    _wait(lambda: lab.state.network.population("neuron").parameters.get("b", 0) > 0.1)
    b = lab.state.network.population("neuron").parameters["b"]
    t_moved = lab.state.t

    def reached():
        simulation = lab.session.runner._simulation.simulation
        return simulation.get_parameter("neuron", "b")[0] == pytest.approx(b)

    _wait(reached)
    _wait(lambda: lab.state.t > t_moved + 200.0)
    assert lab.state.running, "the edit must not stop or reset the run"

    # A negative time constant is refused at its field; the run goes on.
    box = page.locator(".field-tau_m input").first
    box.fill("-20")
    box.press("Enter")
    expect(page.locator(".field-tau_m .field-error")).to_contain_text(
        "tau_m must be in (0"
    )
    assert "tau_m" not in lab.state.network.population("neuron").parameters
    assert lab.state.running


def test_canvas_builds_a_network_that_survives_a_reload(
    page, lab_server, screenshot_dir
):
    lab = _open(page, lab_server)
    page.get_by_role("button", name="+ Poisson source").click()
    expect(
        page.locator('.react-flow__node[data-id="population:source"]')
    ).to_be_visible()
    source = page.locator(
        '.react-flow__node[data-id="population:source"] .react-flow__handle.source'
    )
    target = page.locator(
        '.react-flow__node[data-id="population:neuron"] .react-flow__handle.target'
    )
    for _ in range(3):  # a drag may end before a loaded server validated it
        _connect(page, source, target)
        try:
            _wait(lambda: len(lab.state.network.projections) == 1, timeout_s=5.0)
            break
        except AssertionError:
            continue
    assert [p.label for p in lab.state.network.projections] == ["source->neuron"]
    page.get_by_role("button", name="Run").click()
    _wait(lambda: page.evaluate(_ROWS_JS, "neuron") > 50)
    page.get_by_role("button", name="Pause").click()
    page.screenshot(path=os.path.join(screenshot_dir, "lab-canvas.png"), full_page=True)
    lab.autosave(force=True)
    assert "project=" in page.url

    page.reload()
    page.get_by_role("button", name="Run").wait_for(timeout=TIMEOUT_MS)
    expect(
        page.locator('.react-flow__node[data-id="population:source"]')
    ).to_be_visible()
    assert [p.label for p in latest_lab().state.network.projections] == [
        "source->neuron"
    ]
