"""Layer rules of the GUI: views never import the app layer."""

import json
import subprocess
import sys


def test_widgets_load_nothing_from_the_app_layer():
    code = (
        "import json, pkgutil, sys, adexlab.widgets\n"
        "path, prefix = adexlab.widgets.__path__, 'adexlab.widgets.'\n"
        "for info in pkgutil.walk_packages(path, prefix):\n"
        "    __import__(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "adexlab.widgets.editor" in loaded
    assert not any(name.startswith("adexlab.app") for name in loaded)


def test_lab_state_loads_no_gui_library():
    code = (
        "import json, sys, adexlab.core.labstate\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {
        name.partition(".")[0] for name in json.loads(result.stdout.splitlines()[-1])
    }
    assert not loaded & {"panel", "bokeh", "holoviews"}
