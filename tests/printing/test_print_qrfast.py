"""The fast QR matrices are module for module the ones `eventrunner.contacts.qr` makes."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import util

from eventrunner.contacts import qr
from eventrunner.printing import qrfast


def corpus() -> list[str]:
    rng = random.Random(7)
    alphabet = "abcXYZ0129 -:;@.é李Ωж\n"
    texts = ["", "a", "BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n"]
    # Sizes from version 1 to past 20, so the version-information blocks (7+) are covered.
    texts += [
        "".join(rng.choice(alphabet) for _ in range(size))
        for size in (*[rng.choice([5, 40, 120, 300]) for _ in range(20)], 500, 700)
    ]
    return texts


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_same_modules_as_qr_matrix(level: str) -> None:
    versions = set()
    for text in corpus():
        fast = qrfast.matrix(text, error_correction=level)
        assert fast == qr.matrix(text, error_correction=level)
        versions.add(qr.version_of(fast))
    assert min(versions) <= 2 and max(versions) >= 10


def test_border_is_the_quiet_zone() -> None:
    plain = qrfast.matrix("hello", border=0)
    framed = qrfast.matrix("hello", border=4)
    assert len(framed) == len(plain) + 8
    assert not any(framed[0]) and not any(row[0] for row in framed)
    assert tuple(row[4:-4] for row in framed[4:-4]) == plain


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=21, max_size=21), min_size=21, max_size=21))
def test_penalty_is_qrcodes_lost_point(rows: list[list[bool]]) -> None:
    assert qrfast.penalty(np.array(rows, dtype=bool)) == util.lost_point(rows)


def test_too_much_data_raises_like_qr_matrix() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        qrfast.matrix("x" * 5000)
