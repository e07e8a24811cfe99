"""Named, independent random streams so that each attribute is reproducible on its own.

A stream is seeded by (population seed, stream name, chunk number): adding an attribute or
drawing more values from one stream never changes what another stream produces.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """Random generators for one chunk of one population."""

    def __init__(self, seed: int, chunk: int) -> None:
        self._seed = seed
        self._chunk = chunk

    def rng(self, name: str) -> np.random.Generator:
        """The generator of the stream called ``name`` for this chunk."""
        return np.random.default_rng([self._seed, zlib.crc32(name.encode()), self._chunk])


def choose(rng: np.random.Generator, weights: dict[int, float] | dict[str, float], size: int) -> np.ndarray:
    """Draw ``size`` keys of ``weights`` in proportion to their values (keys in a numpy array)."""
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=np.float64)
    return np.asarray(keys[_draw_index(rng, p / p.sum(), size)])


def _draw_index(rng: np.random.Generator, p: np.ndarray, size: int) -> np.ndarray:
    # Inverse-CDF sampling: rng.choice with p does the same but costs an extra copy per call.
    cumulative = np.cumsum(p)
    cumulative[-1] = 1.0
    index: np.ndarray = np.searchsorted(cumulative, rng.random(size), side="right")
    return index


def draw_index(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Draw ``size`` indices into ``weights`` (non-negative, any total) in proportion to them."""
    p = np.asarray(weights, dtype=np.float64)
    return _draw_index(rng, p / p.sum(), size)
