"""Project files and autosave: the network comes back, bad files are refused."""

import json

import pytest

from adexlab.app.lab import Lab
from adexlab.app.projects import ProjectStore, project_from_json, project_to_json
from adexlab.core.exceptions import BuildError, ParameterError
from adexlab.core.labstate import LabState

PROJECT = "0123456789abcdef"


def test_project_json_round_trips_network_and_layout():
    state = LabState()
    state.add_population("exc", 10)
    state.move("population", "exc", 10.0, 20.0)
    network, lab = project_from_json(project_to_json(state))
    assert network.to_dict() == state.network.to_dict()
    assert lab["layout"]["population:exc"] == {"x": 10.0, "y": 20.0}


def test_project_from_json_refuses_text_that_is_not_json():
    with pytest.raises(BuildError, match="not JSON"):
        project_from_json("hello")


def test_project_from_json_refuses_an_invalid_network():
    data = LabState().network.to_dict()
    data["populations"][0]["parameters"]["tau_m"] = -5.0
    with pytest.raises(ParameterError, match="tau_m"):
        project_from_json(json.dumps(data))


def test_store_refuses_ids_that_are_not_hex():
    with pytest.raises(BuildError, match="not a project id"):
        ProjectStore("/tmp").path("../etc")


def test_lab_autosaves_and_a_new_lab_finds_the_network(tmp_path):
    store = ProjectStore(tmp_path)
    lab = Lab(store=store, project_id=PROJECT, periodic=False)
    lab.state.add_population("exc", 7)
    lab.close()
    again = Lab(store=store, project_id=PROJECT, periodic=False)
    try:
        assert again.state.network.population("exc").size == 7
    finally:
        again.close()


def test_lab_opens_a_project_file_and_reports_a_bad_one(tmp_path):
    lab = Lab(periodic=False)
    try:
        other = LabState()
        other.add_population("inh", 3)
        lab.files.open.filename = "good.json"
        lab.files.open.value = project_to_json(other).encode()
        assert lab.state.network.population("inh").size == 3
        lab.files.open.filename = "bad.json"
        lab.files.open.value = b"{not json"
        assert lab.state.message_kind == "error"
        assert "Could not open bad.json" in lab.state.message
        assert lab.state.network.population("inh").size == 3
    finally:
        lab.close()
