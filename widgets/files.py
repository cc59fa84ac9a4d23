"""Save and open project files, and open networks from the gallery.

The view knows nothing of file formats or of where examples come from: the app
passes the functions that write and read a project and the gallery's entries.
"""

import io
import logging

import panel as pn
import param

from adexlab.core.exceptions import LabError

__all__ = ["ProjectFiles"]

logger = logging.getLogger(__name__)

_CHOOSE = "Open an example..."


class ProjectFiles(pn.viewable.Viewer):
    """Save, Open and Gallery controls for the session's network.

    Parameters
    ----------
    state : LabState
    to_json : callable
        ``to_json(state) -> str``: the project file's text.
    from_json : callable
        ``from_json(text) -> (network, lab settings)``; raises LabError if the
        text is not a valid project.
    gallery : dict
        Title -> function returning a new Network.
    """

    state = param.Parameter(doc="The session's LabState.")
    to_json = param.Callable(doc="Writes the project file's text.")
    from_json = param.Callable(doc="Reads a project file's text.")
    gallery = param.Dict(default={}, doc="Title -> function returning a Network.")

    def __init__(self, **params):
        super().__init__(**params)
        self.save = pn.widgets.FileDownload(
            callback=self._download,
            filename="adexlab-project.json",
            label="Save project",
            color="primary",
            width=140,
        )
        self.open = pn.widgets.FileInput(accept=".json", width=220)
        self.open.param.watch(self._on_upload, "value")
        self.examples = pn.widgets.Select(
            label="Gallery",
            options=[_CHOOSE, *self.gallery],
            width=280,
        )
        self.examples.param.watch(self._on_example, "value")
        self._layout = pn.Row(
            self.examples,
            pn.Column(pn.pane.Markdown("Open project", margin=(0, 5)), self.open),
            self.save,
            align="end",
        )

    def __panel__(self):
        return self._layout

    def _download(self):
        name = self.state.network.name or "adexlab-project"
        self.save.filename = "".join(c if c.isalnum() else "-" for c in name) + ".json"
        return io.StringIO(self.to_json(self.state))

    def _on_upload(self, event):
        if event.new is None:
            return
        filename = self.open.filename or "the file"
        try:
            text = event.new.decode("utf-8")
            network, lab = self.from_json(text)
            self.open_network(network, lab)
        except (LabError, UnicodeDecodeError) as error:
            self.state.notify(f"Could not open {filename}: {error}", "error")
            return
        self.state.notify(f"Opened {filename}.")

    def _on_example(self, event):
        if event.new not in self.gallery:
            return
        try:
            self.open_network(self.gallery[event.new](), {})
        except LabError as error:
            self.state.notify(f"Could not open {event.new}: {error}", "error")
        else:
            self.state.notify(f"Opened the example '{event.new}'.")
        self.examples.value = _CHOOSE

    def open_network(self, network, lab):
        """Replace the session's network (running stops), with its canvas layout."""
        self.state.running = False
        layout = lab.get("layout") if isinstance(lab.get("layout"), dict) else {}
        with param.parameterized.batch_call_watchers(self.state):
            self.state.layout = dict(layout)
            dt = lab.get("dt")
            low, high = self.state.param.dt.bounds
            if isinstance(dt, (int, float)) and low <= dt <= high:
                self.state.dt = float(dt)
        self.state.load(network)
