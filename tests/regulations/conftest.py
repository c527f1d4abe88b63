from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from phoihop.regulations.domain import data_files, load_regulation_files
from phoihop.regulations.models import Regulation

DATA_DIR = Path(settings.REGULATIONS_DATA_DIR)


@pytest.fixture
def loaded(db) -> dict[str, Regulation]:
    """The five regulations of data/regulations, loaded; by code."""
    result = load_regulation_files(data_files(DATA_DIR))
    return {reg.code: reg for reg in result.created}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/regulations (YAML files and texts)."""
    target = tmp_path / "regulations"
    shutil.copytree(DATA_DIR, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
