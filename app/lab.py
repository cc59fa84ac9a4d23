"""The browser lab: one page per session, and :func:`serve` to start the server.

:class:`Lab` composes a fresh :class:`~adexlab.app.session.LabSession`, the
views and the autosave into a page; :func:`serve` serves one new Lab per
browser session with Panel, on 127.0.0.1 by default, with a liveness endpoint
and a short lifetime for abandoned sessions so their simulations stop soon
after a tab closes.
"""

import logging
import threading
import time
import weakref

import panel as pn

from adexlab.core.backends import get_backend
from adexlab.core.exceptions import LabError
from adexlab.core.labstate import ready_start_network
from adexlab.widgets.controls import RunControls
from adexlab.widgets.editor import NetworkEditor
from adexlab.widgets.files import ProjectFiles
from adexlab.widgets.params import ParameterPanel

from .gallery import GALLERY
from .projects import (
    ProjectStore,
    is_project_id,
    new_project_id,
    project_from_json,
    project_to_json,
)
from .session import LabSession, live_network

__all__ = ["Lab", "create_lab", "serve", "latest_lab", "prewarm"]

logger = logging.getLogger(__name__)

#: How often the server looks for sessions whose tab has gone, in ms.
CHECK_UNUSED_SESSIONS_MS = 1000
#: How long a session without a browser connection lives on, in ms.
UNUSED_SESSION_LIFETIME_MS = 2000
#: Shortest interval between two autosaves of one session, in s.
AUTOSAVE_INTERVAL_S = 0.5

#: Weak references to the labs :func:`create_lab` made, newest last; tests read
#: the server-side state of a page through :func:`latest_lab`.
_LABS = []


class Lab:
    """A lab page: session, views and autosave. ``Lab().page`` is what is served.

    Parameters
    ----------
    store : ProjectStore or None
        Where the network is autosaved; None keeps nothing.
    project_id : str or None
        The project to open from ``store`` and to save into.
    periodic : bool
        Start the session's periodic display callback.
    """

    def __init__(self, store=None, project_id=None, periodic=True):
        network, lab_settings = None, {}
        if store is not None and project_id is not None:
            saved = store.load(project_id)
            if saved is not None:
                network, lab_settings = saved
        self.store, self.project_id = store, project_id
        self.session = LabSession(network, periodic=periodic)
        state = self.state = self.session.state
        self.controls = RunControls(state=state)
        self.parameters = ParameterPanel(state=state)
        self.editor = NetworkEditor(state=state)
        self.files = ProjectFiles(
            state=state,
            to_json=project_to_json,
            from_json=project_from_json,
            gallery=GALLERY,
        )
        if lab_settings.get("layout"):
            state.layout = dict(lab_settings["layout"])
            self.editor._redraw()
        self.message = pn.pane.Alert(
            "",
            alert_type="info",
            visible=False,
            margin=(0, 10),
            css_classes=["lab-message"],
        )
        state.param.watch(self._on_message, ["message", "message_kind"])
        self._saved_revision = state.revision
        self._saved_at = 0.0
        state.param.watch(self._mark_dirty, ["layout"])
        self.session.tick_hooks.append(self.autosave)
        self.page = self._page()

    def _page(self):
        header = pn.Row(
            pn.pane.Markdown("## adexlab · spiking network lab", margin=(0, 10)),
            pn.HSpacer(),
            self.files,
            sizing_mode="stretch_width",
        )
        parameters = pn.Column(
            self.parameters,
            width=380,
            height=460,
            scroll=True,
            styles={"border-left": "1px solid #ddd"},
        )
        top = pn.Row(
            pn.Column(self.editor, sizing_mode="stretch_width", height=460),
            parameters,
            sizing_mode="stretch_width",
        )
        bottom = pn.Row(
            pn.Column(self.session.plots, sizing_mode="stretch_width"),
            pn.Column(self.session.phase_plane, width=440),
            sizing_mode="stretch_width",
        )
        return pn.Column(
            header,
            self.controls,
            self.message,
            top,
            bottom,
            sizing_mode="stretch_width",
        )

    def _on_message(self, *events):
        kind = {"info": "info", "warning": "warning", "error": "danger"}
        self.message.alert_type = kind[self.state.message_kind]
        self.message.object = self.state.message
        self.message.visible = bool(self.state.message)

    def _mark_dirty(self, event):
        self._saved_revision = -1

    def autosave(self, force=False):
        """Save the network if it changed (at most every AUTOSAVE_INTERVAL_S)."""
        if self.store is None or self.project_id is None:
            return
        if self.state.revision == self._saved_revision:
            return
        now = time.monotonic()
        if not force and now - self._saved_at < AUTOSAVE_INTERVAL_S:
            return
        try:
            self.store.save(self.project_id, self.state)
        except OSError as error:
            logger.warning("autosave failed: %s", error)
            self.state.notify(f"Autosave failed: {error}", "warning")
        self._saved_revision = self.state.revision
        self._saved_at = now

    def close(self):
        """Save a last time and stop the session's run loop."""
        try:
            self.autosave(force=True)
        finally:
            self.session.close()


def _project_id_from_request():
    """Return the ``?project=`` id of the request, or a new one put into the URL."""
    arguments = pn.state.session_args or {}
    values = arguments.get("project") or []
    project_id = values[0].decode("ascii", "replace") if values else None
    if not is_project_id(project_id):
        project_id = new_project_id()

        def show_in_address():
            # The browser's address names the project, so a reload reopens it.
            if pn.state.location is not None:
                pn.state.location.update_query(project=project_id)

        pn.state.onload(show_in_address)
    return project_id


def create_lab(store=None):
    """Return the page of a new lab session; its run loop stops when it closes.

    Parameters
    ----------
    store : ProjectStore or None
        The autosave store; the project is named by the address's
        ``?project=`` id (a new one is added to the address if missing).
    """
    project_id = _project_id_from_request() if store is not None else None
    lab = Lab(store=store, project_id=project_id)
    pn.state.on_session_destroyed(lambda context: lab.close())
    _LABS[:] = [ref for ref in _LABS if ref() is not None][-20:]
    _LABS.append(weakref.ref(lab))
    return lab.page


def latest_lab():
    """Return the Lab of the newest browser session still alive, or None."""
    for ref in reversed(_LABS):
        lab = ref()
        if lab is not None:
            return lab
    return None


def prewarm():
    """Build and run the ready start once, so the first visitor waits for no compile."""
    started = time.perf_counter()
    try:
        network = live_network(ready_start_network(), 0.1, 1000.0)
        with get_backend("simulator").build(network, dt=0.1) as simulation:
            simulation.run(10.0)
    except LabError:
        logger.exception("prewarming the simulator failed")
        return
    logger.info("simulator ready in %.1f s", time.perf_counter() - started)


def serve(
    address="127.0.0.1",
    port=5006,
    allow_websocket_origin=None,
    autosave_dir=None,
    show=False,
    threaded=False,
    **kwargs,
):
    """Serve the lab with Panel; return the server.

    Parameters
    ----------
    address : str
        Interface to listen on; 127.0.0.1 keeps the lab on this machine,
        0.0.0.0 serves a classroom network.
    port : int
        TCP port.
    allow_websocket_origin : list of str or None
        ``host:port`` names browsers may reach the server under (a classroom
        server's name); None allows the address itself and localhost.
    autosave_dir : str or Path or None
        Directory of the autosaved projects; None uses
        ``$XDG_STATE_HOME/adexlab/projects`` (``~/.local/state/...``).
    show : bool
        Open a browser tab.
    threaded : bool
        Run the server in a background thread and return at once (tests).
    **kwargs
        Passed on to ``pn.serve``.

    Returns
    -------
    server
        The Bokeh server; with ``threaded=False`` this returns only after it stops.
    """
    store = ProjectStore(autosave_dir)
    origins = list(allow_websocket_origin or [])
    if not origins:
        origins = [f"{address}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]
    threading.Thread(target=prewarm, name="adexlab-prewarm", daemon=True).start()
    logger.info(
        "serving the lab on http://%s:%s/ (autosave in %s)",
        address,
        port,
        store.directory,
    )
    return pn.serve(
        lambda: create_lab(store),
        address=address,
        port=port,
        websocket_origin=origins,
        show=show,
        threaded=threaded,
        liveness=True,
        check_unused_sessions_milliseconds=CHECK_UNUSED_SESSIONS_MS,
        unused_session_lifetime_milliseconds=UNUSED_SESSION_LIFETIME_MS,
        title="adexlab",
        **kwargs,
    )
