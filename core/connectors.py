"""Wiring rules: turn a connector of the network description into index pairs.

Each rule returns population-local ``(pre, post)`` index arrays drawn from the
generator it is given, with vectorised numpy so that a 4000-neuron network with
320 000 connections builds in milliseconds. Distance expressions are parsed into
a small whitelisted syntax tree and evaluated with numpy, never with ``eval``.
"""

import ast
import logging

import numpy as np

from .exceptions import BuildError, ParameterError
from .network import (
    AllToAllConnector,
    DistanceDependentProbabilityConnector,
    FixedNumberPostConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FromListConnector,
    OneToOneConnector,
)

__all__ = ["connect", "compile_distance_expression"]

logger = logging.getLogger(__name__)

#: Pairs evaluated at once by the pairwise rules, to bound memory.
_BLOCK_PAIRS = 4_000_000


def connect(connector, pre, post, rng):
    """Return the connections that ``connector`` makes from ``pre`` to ``post``.

    Parameters
    ----------
    connector : Connector
    pre, post : Population
    rng : numpy.random.Generator

    Returns
    -------
    pre_idx, post_idx : (n_connections,) ndarray of int64
        Population-local indices, ordered by postsynaptic neuron for the
        pairwise rules.
    """
    same = pre is post
    if isinstance(connector, FromListConnector):
        return connector.pre.copy(), connector.post.copy()
    if isinstance(connector, OneToOneConnector):
        index = np.arange(pre.size, dtype=np.int64)
        return index, index.copy()
    if isinstance(connector, AllToAllConnector):
        pre_idx, post_idx = _all_pairs(pre.size, post.size)
        return _drop_self(pre_idx, post_idx, same, connector.allow_self_connections)
    if isinstance(connector, FixedProbabilityConnector):
        return _fixed_probability(connector, pre.size, post.size, same, rng)
    if isinstance(connector, FixedNumberPreConnector):
        post_idx, pre_idx = _fixed_number(connector, post.size, pre.size, same, rng)
        return pre_idx, post_idx
    if isinstance(connector, FixedNumberPostConnector):
        return _fixed_number(connector, pre.size, post.size, same, rng)
    if isinstance(connector, DistanceDependentProbabilityConnector):
        return _distance_dependent(connector, pre, post, same, rng)
    raise BuildError(f"no wiring rule for connector {type(connector).__name__}")


def _all_pairs(n_pre, n_post):
    pre_idx = np.tile(np.arange(n_pre, dtype=np.int64), n_post)
    post_idx = np.repeat(np.arange(n_post, dtype=np.int64), n_pre)
    return pre_idx, post_idx


def _drop_self(pre_idx, post_idx, same, allow):
    if same and not allow:
        keep = pre_idx != post_idx
        return pre_idx[keep], post_idx[keep]
    return pre_idx, post_idx


def _fixed_probability(connector, n_pre, n_post, same, rng):
    # Draw the number of connections per postsynaptic neuron, then which
    # presynaptic neurons, so memory grows with connections rather than pairs.
    p = float(connector.p_connect)
    allow = connector.allow_self_connections or not same
    candidates = n_pre if allow else n_pre - 1
    counts = rng.binomial(candidates, p, size=n_post)
    post_idx = np.repeat(np.arange(n_post, dtype=np.int64), counts)
    pre_idx = np.empty(post_idx.size, dtype=np.int64)
    start = 0
    for j, count in enumerate(counts):
        if count:
            chosen = np.sort(rng.choice(candidates, size=count, replace=False))
            if not allow:
                chosen = chosen + (chosen >= j)
            pre_idx[start : start + count] = chosen
            start += count
    return pre_idx, post_idx


def _fixed_number(connector, n_fixed, n_other, same, rng):
    """Give each of ``n_fixed`` neurons ``connector.n`` partners among ``n_other``."""
    n = int(connector.n)
    allow = connector.allow_self_connections or not same
    candidates = n_other if allow else n_other - 1
    if not connector.with_replacement and n > candidates:
        raise ParameterError(
            f"{type(connector).__name__}",
            "n",
            f"must be <= {candidates} available partners without replacement, got {n}",
        )
    fixed = np.repeat(np.arange(n_fixed, dtype=np.int64), n)
    if connector.with_replacement:
        other = rng.integers(0, candidates, size=(n_fixed, n))
    else:
        # argpartition of uniform keys picks n distinct partners per row at once.
        other = np.empty((n_fixed, n), dtype=np.int64)
        rows_per_block = max(1, _BLOCK_PAIRS // max(candidates, 1))
        for start in range(0, n_fixed, rows_per_block):
            stop = min(n_fixed, start + rows_per_block)
            keys = rng.random((stop - start, candidates))
            other[start:stop] = np.sort(
                np.argpartition(keys, n - 1, axis=1)[:, :n]
                if n
                else keys[:, :0].astype(np.int64),
                axis=1,
            )
    if not allow:
        other = other + (other >= np.arange(n_fixed)[:, None])
    return fixed, other.reshape(-1).astype(np.int64)


def _distance_dependent(connector, pre, post, same, rng):
    probability = compile_distance_expression(
        f"Projection to {post.label!r}", connector.d_expression
    )
    pre_pos, post_pos = pre.positions(), post.positions()
    pre_chunks, post_chunks = [], []
    columns = max(1, _BLOCK_PAIRS // max(pre.size, 1))
    for start in range(0, post.size, columns):
        stop = min(post.size, start + columns)
        d = np.sqrt(((pre_pos[:, :, None] - post_pos[:, None, start:stop]) ** 2).sum(0))
        p = np.broadcast_to(np.asarray(probability(d), dtype=float), d.shape)
        if np.any((p < 0) | (p > 1) | ~np.isfinite(p)):
            raise ParameterError(
                "DistanceDependentProbabilityConnector",
                "d_expression",
                f"must give probabilities in [0, 1], {connector.d_expression!r} gave "
                f"values from {np.nanmin(p):g} to {np.nanmax(p):g}",
            )
        hit = rng.random(d.shape) < p
        i, j = np.nonzero(hit.T)
        pre_chunks.append(j.astype(np.int64))
        post_chunks.append((i + start).astype(np.int64))
    pre_idx = np.concatenate(pre_chunks) if pre_chunks else np.zeros(0, np.int64)
    post_idx = np.concatenate(post_chunks) if post_chunks else np.zeros(0, np.int64)
    return _drop_self(pre_idx, post_idx, same, connector.allow_self_connections)


_FUNCTIONS = {
    "exp": np.exp,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "minimum": np.minimum,
    "maximum": np.maximum,
    "sin": np.sin,
    "cos": np.cos,
    "log": np.log,
}

_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}

_COMPARE = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
}

#: Longest distance expression accepted, in characters.
_MAX_EXPRESSION = 500


def compile_distance_expression(owner, text):
    """Parse a probability expression in ``d`` into a numpy function.

    Only numbers, ``d``, ``+ - * / **``, comparisons and the functions
    ``exp, sqrt, abs, minimum, maximum, sin, cos, log`` are allowed.

    Returns
    -------
    callable
        ``f(d)`` evaluating the expression on an array of distances.

    Raises
    ------
    ParameterError
        If the text is not such an expression.
    """
    if not isinstance(text, str) or len(text) > _MAX_EXPRESSION:
        raise ParameterError(
            owner,
            "d_expression",
            f"must be a string of at most {_MAX_EXPRESSION} characters",
        )
    try:
        tree = ast.parse(text, mode="eval").body
        _check_node(tree)
    except (SyntaxError, ValueError) as error:
        raise ParameterError(
            owner,
            "d_expression",
            f"must be an expression in d such as 'exp(-d / 2.0)', "
            f"got {text!r} ({error})",
        ) from None

    def evaluate(d):
        with np.errstate(all="ignore"):
            return _evaluate(tree, d)

    return evaluate


def _check_node(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return
    if isinstance(node, ast.Name) and node.id == "d":
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check_node(node.left)
        _check_node(node.right)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check_node(node.operand)
        return
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and type(node.ops[0]) in _COMPARE
    ):
        _check_node(node.left)
        _check_node(node.comparators[0])
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        for arg in node.args:
            _check_node(arg)
        return
    raise ValueError(f"{type(node).__name__} is not allowed")


def _evaluate(node, d):
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return d
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, d), _evaluate(node.right, d))
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, d)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Compare):
        op = _COMPARE[type(node.ops[0])]
        return op(_evaluate(node.left, d), _evaluate(node.comparators[0], d)).astype(
            float
        )
    return _FUNCTIONS[node.func.id](*[_evaluate(arg, d) for arg in node.args])
