"""Gallery: every entry is a valid network, and the lab opens it."""

import pytest

from adexlab.app.gallery import GALLERY, balanced_network, lecture_example
from adexlab.app.lab import Lab


@pytest.mark.parametrize("title", list(GALLERY))
def test_gallery_entry_is_a_valid_network(title):
    GALLERY[title]().validate()


def test_lecture_example_matches_the_lecture():
    network = lecture_example()
    assert network.population("grid").size == 100
    assert network.population("second").parameters == {"tau_m": 15.0, "cm": 0.9}
    assert list(network.current_source("pulse").targets[0].indices) == [3, 4, 5, 6]


def test_balanced_network_has_four_excitatory_per_inhibitory_neuron():
    network = balanced_network()
    assert network.population("exc").size == 4 * network.population("inh").size


def test_lab_opens_a_gallery_entry():
    lab = Lab(periodic=False)
    try:
        title = "Balanced E/I network (1000 neurons)"
        lab.files.examples.value = title
        assert lab.state.network.name == "Balanced E/I network"
        assert len(lab.editor.flow.nodes) == 3
        assert lab.files.examples.value != title
    finally:
        lab.close()
