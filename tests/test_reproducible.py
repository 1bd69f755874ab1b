"""Same input, same bytes."""

from __future__ import annotations

import hashlib
import os
import zipfile

from smab_pack.pipeline import build
from tests.conftest import SHIPPED


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.zip"))}


def test_rebuild_gives_identical_bytes(tmp_path):
    build(SHIPPED, tmp_path / "a")
    # A later build, with newer file times, still gives the same bytes.
    for path in SHIPPED.rglob("*"):
        if path.is_file():
            os.utime(path)
    build(SHIPPED, tmp_path / "b")
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a and a == b


def test_entries_are_sorted_with_fixed_times_and_modes(shipped_packages):
    for path in shipped_packages.values():
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o644}
