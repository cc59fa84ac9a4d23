"""Project files and the server-side autosave of each browser session's network.

A project file is the core's network JSON (``Network.to_dict``) with one extra
key, ``"lab"``, holding what only the lab needs (canvas positions, time step);
``Network.from_dict`` ignores it, so scripts read lab projects unchanged. The
autosave keeps one such file per project id (the ``?project=`` part of the lab's
address) in a directory on the server, written atomically after every change.
"""

import json
import logging
import os
import re
import tempfile
import uuid
from pathlib import Path

from adexlab.core.exceptions import BuildError
from adexlab.core.network import Network

__all__ = ["ProjectStore", "project_to_json", "project_from_json", "new_project_id"]

logger = logging.getLogger(__name__)

#: Project ids are short hex strings; anything else in a URL is refused.
_PROJECT_ID = re.compile(r"^[0-9a-f]{8,32}$")


def default_directory():
    """Return the autosave directory: ``$XDG_STATE_HOME/adexlab/projects``."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "adexlab" / "projects"


def new_project_id():
    """Return a fresh random project id."""
    return uuid.uuid4().hex[:16]


def is_project_id(text):
    """True if ``text`` can name a project (and so a file name)."""
    return isinstance(text, str) and bool(_PROJECT_ID.match(text))


def project_to_json(state):
    """Return the project file of a LabState as JSON text."""
    data = state.network.to_dict()
    data["lab"] = {"layout": state.layout, "dt": state.dt}
    return json.dumps(data, indent=1)


def project_from_json(text):
    """Return ``(network, lab settings)`` from project or plain network JSON.

    Raises
    ------
    BuildError
        If the text is not JSON or not a network; the message says which.
    ParameterError
        If the network holds invalid values.
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BuildError(f"the file is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BuildError("the file holds no network (expected a JSON object)")
    try:
        network = Network.from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, BuildError):
            raise
        raise BuildError(f"the file is not an adexlab network: {error!r}") from None
    network.validate()
    lab = data.get("lab") if isinstance(data.get("lab"), dict) else {}
    return network, lab


class ProjectStore:
    """Autosaved projects in a directory, one JSON file per project id.

    Parameters
    ----------
    directory : str or Path or None
        Where the files go; None uses :func:`default_directory`.
    """

    def __init__(self, directory=None):
        self.directory = Path(directory) if directory else default_directory()

    def path(self, project_id):
        """Return the file of ``project_id``."""
        if not is_project_id(project_id):
            raise BuildError(f"{project_id!r} is not a project id")
        return self.directory / f"{project_id}.json"

    def load(self, project_id):
        """Return ``(network, lab settings)`` of a saved project, or None."""
        path = self.path(project_id)
        if not path.is_file():
            return None
        try:
            return project_from_json(path.read_text())
        except (OSError, ValueError) as error:
            logger.warning("autosave %s could not be read: %s", path, error)
            return None

    def save(self, project_id, state):
        """Write the project of ``state`` atomically (no half-written file)."""
        path = self.path(project_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = project_to_json(state)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w") as file:
                file.write(text)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
