"""The PyNN layer writes a faithful core network description."""

import numpy as np
import pyNN.space

import adexlab.core.pynn as sim


def test_grid_structure_reaches_the_description():
    """A sequential Grid2D keeps PyNN's positions in the core description."""
    sim.setup(timestep=0.1)
    grid = pyNN.space.Grid2D(aspect_ratio=2.0, dx=2.0, dy=1.5)
    population = sim.Population(8, sim.IF_curr_alpha(), structure=grid, label="g")
    described = sim.get_network().population("g")
    np.testing.assert_allclose(described.positions(), population.positions)
    sim.end()
