"""Wiring rules give the right counts and statistics."""

import numpy as np
import pytest

from adexlab.core.connectors import compile_distance_expression, connect
from adexlab.core.exceptions import ParameterError
from adexlab.core.network import (
    AllToAllConnector,
    DistanceDependentProbabilityConnector,
    FixedNumberPostConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FromListConnector,
    Grid2D,
    OneToOneConnector,
    Population,
)

#: Tolerance on connection counts in standard deviations of the binomial.
N_SIGMA = 5


def pops(n_pre=50, n_post=40):
    return Population("a", n_pre, "IF_cond_exp"), Population("b", n_post, "IF_cond_exp")


def test_all_to_all_connects_every_pair():
    a, b = pops(3, 4)
    pre, post = connect(AllToAllConnector(), a, b, np.random.default_rng(0))
    assert sorted(zip(pre, post)) == [(i, j) for i in range(3) for j in range(4)]


def test_all_to_all_drops_self_connections_within_population():
    a, _ = pops(5)
    pre, post = connect(AllToAllConnector(False), a, a, np.random.default_rng(0))
    assert pre.size == 20 and not np.any(pre == post)


def test_one_to_one_pairs_equal_indices():
    a, _ = pops(6, 6)
    pre, post = connect(OneToOneConnector(), a, a, np.random.default_rng(0))
    np.testing.assert_array_equal(pre, post)


def test_fixed_probability_count_is_binomial():
    a, b = pops(400, 300)
    p = 0.05
    pre, post = connect(FixedProbabilityConnector(p), a, b, np.random.default_rng(1))
    mean, sd = 400 * 300 * p, np.sqrt(400 * 300 * p * (1 - p))
    assert abs(pre.size - mean) < N_SIGMA * sd
    assert len(set(zip(pre.tolist(), post.tolist()))) == pre.size


def test_fixed_probability_without_self_connections():
    a, _ = pops(100)
    pre, post = connect(
        FixedProbabilityConnector(0.5, False), a, a, np.random.default_rng(2)
    )
    assert not np.any(pre == post)


def test_fixed_number_pre_gives_exact_in_degree():
    a, b = pops(30, 20)
    pre, post = connect(FixedNumberPreConnector(7), a, b, np.random.default_rng(3))
    assert np.all(np.bincount(post, minlength=20) == 7)
    for j in range(20):
        assert len(set(pre[post == j])) == 7


def test_fixed_number_pre_with_replacement_allows_repeats():
    a, b = pops(3, 50)
    pre, post = connect(
        FixedNumberPreConnector(10, with_replacement=True),
        a,
        b,
        np.random.default_rng(4),
    )
    assert np.all(np.bincount(post) == 10) and pre.max() < 3


def test_fixed_number_post_gives_exact_out_degree():
    a, b = pops(30, 20)
    pre, post = connect(
        FixedNumberPostConnector(5, False), a, a, np.random.default_rng(5)
    )
    assert np.all(np.bincount(pre, minlength=30) == 5) and not np.any(pre == post)


def test_from_list_returns_the_list():
    a, b = pops()
    pre, post = connect(
        FromListConnector([1, 2], [3, 4]), a, b, np.random.default_rng(0)
    )
    assert pre.tolist() == [1, 2] and post.tolist() == [3, 4]


def test_distance_dependent_connects_only_neighbours():
    grid = Population("g", 25, "IF_curr_exp", structure=Grid2D(5, 5))
    rule = DistanceDependentProbabilityConnector("d < 1.5", False)
    pre, post = connect(rule, grid, grid, np.random.default_rng(0))
    pos = grid.positions()
    distance = np.sqrt(((pos[:, pre] - pos[:, post]) ** 2).sum(0))
    # 5 x 5 grid, 8-neighbourhood: 20 horizontal, 20 vertical and 32 diagonal
    # neighbour pairs, each connected in both directions.
    assert distance.max() < 1.5 and pre.size == 2 * (20 + 20 + 32)


def test_same_seed_same_connections():
    a, b = pops()
    rule = FixedProbabilityConnector(0.2)
    first = connect(rule, a, b, np.random.default_rng(9))
    second = connect(rule, a, b, np.random.default_rng(9))
    np.testing.assert_array_equal(first[0], second[0])


def test_distance_expression_evaluates_numpy_functions():
    f = compile_distance_expression("test", "exp(-d / 2.0) * (d < 3)")
    np.testing.assert_allclose(f(np.array([0.0, 2.0, 4.0])), [1.0, np.exp(-1), 0.0])


def test_distance_expression_rejects_probability_above_one():
    a, _ = pops(4)
    rule = DistanceDependentProbabilityConnector("2.0 + d")
    with pytest.raises(ParameterError, match=r"must give probabilities in \[0, 1\]"):
        connect(rule, a, a, np.random.default_rng(0))
