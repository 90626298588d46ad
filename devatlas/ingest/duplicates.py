"""Near-duplicates: the same story re-published by another portal, re-worded a little. Each document gets a
MinHash signature of its word 5-grams; the signature is cut into bands and every band becomes one indexed key in
the registry (`document_bands`). Two documents that share a band are candidates; they are one story when their
signatures agree on at least NEAR_DUPLICATE_THRESHOLD of their positions. An index lookup per document keeps
this fast and flat in memory at a million documents, where holding every signature in memory would not.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from devatlas.text.script import fold

NUM_PERM = 64
NEAR_DUPLICATE_THRESHOLD = 0.8


@functools.cache
def _permutations() -> object:
    """The random permutations every signature shares: drawing them is most of the cost of a new MinHash."""
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32").permutations


@functools.cache
def band_shape() -> tuple[int, int]:
    """(bands, rows per band) that best separate pairs above the threshold from pairs below it."""
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def minhash_of(text: str) -> MinHash:
    """The signature of a text's word 5-grams (hashed together in one vectorised batch)."""
    words = fold(text).split()
    signature = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32", permutations=_permutations())
    signature.update_batch([" ".join(words[i : i + 5]).encode("utf-8") for i in range(max(1, len(words) - 4))])
    return signature


def band_keys(signature: bytes) -> list[int]:
    """One signed 64-bit key per band (band number and its hash values), as the registry indexes them."""
    values = np.frombuffer(signature, dtype=np.uint32)
    bands, rows = band_shape()
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(bytes([band]) + values[band * rows:(band + 1) * rows].tobytes(), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "big", signed=True))
    return keys


def similarity(first: bytes, second: bytes) -> float:
    """The share of signature positions two documents agree on: an estimate of their 5-gram Jaccard similarity."""
    a, b = np.frombuffer(first, dtype=np.uint32), np.frombuffer(second, dtype=np.uint32)
    return float(np.mean(a == b)) if len(a) == len(b) and len(a) else 0.0
