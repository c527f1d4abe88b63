"""Every article reference in the regulation data exists in the regulation's own text (issue: "every article
reference shown exists in the text"). References look like "Điều 5 khoản 1 điểm c", "Điều 4 khoản 2 điểm 2.6",
"Điều 4 khoản 2 điểm 2.9; khoản 3 điểm 3.3" or, in the programme 002, "Mục IV.3"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

DATA = Path(settings.BASE_DIR) / "data" / "regulations"
ARTICLE = re.compile(r"^[#\s*]*Điều\s+(\d+)\.", re.MULTILINE)
ROMAN = re.compile(r"^[#\s*]*([IVX]+)\.\s", re.MULTILINE)
MARKUP = re.compile(r"^[#\s*_]+")


def _lines(text: str) -> list[str]:
    return [MARKUP.sub("", line).strip() for line in text.splitlines()]


def _blocks(pattern: re.Pattern[str], text: str) -> dict[str, str]:
    found = list(pattern.finditer(text))
    return {
        m.group(1): text[m.end() : found[i + 1].start() if i + 1 < len(found) else len(text)]
        for i, m in enumerate(found)
    }


def _clause(body: str, number: str) -> list[str] | None:
    """The lines of clause `number.` of an article (up to the next top-level numbered clause)."""
    lines = _lines(body)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{number}\.(\s|$)", line)), None)
    if start is None:
        return None
    out = [lines[start]]
    for line in lines[start + 1 :]:
        if re.match(r"^\d+\.(\s|$)", line):
            break
        out.append(line)
    return out


def _has_point(lines: list[str], point: str) -> bool:
    if re.fullmatch(r"\d+\.\d+", point):
        return any(line.startswith(f"{point}.") or line.startswith(f"{point} ") for line in lines)
    return any(line.startswith(f"{point})") for line in lines)


def problem(ref: str, text: str) -> str:
    """Empty when the reference exists in the text, else why not."""
    m = re.fullmatch(r"Mục ([IVX]+)\.(\d+)", ref)
    if m:
        section = _blocks(ROMAN, text).get(m.group(1))
        if section is None:
            return f"no section {m.group(1)}"
        return (
            ""
            if _clause(section, m.group(2)) is not None
            else f"no item {m.group(2)} in section {m.group(1)}"
        )
    parts = [p.strip() for p in ref.split(";")]
    head = re.fullmatch(r"Điều (\d+)(?: khoản (\d+))?(?: điểm (\S+))?", parts[0])
    if head is None:
        return "unrecognised reference"
    article = _blocks(ARTICLE, text).get(head.group(1))
    if article is None:
        return f"no article {head.group(1)}"
    pieces = [(head.group(2), head.group(3))]
    for extra in parts[1:]:
        tail = re.fullmatch(r"khoản (\d+)(?: điểm (\S+))?", extra)
        if tail is None:
            return f"unrecognised part {extra!r}"
        pieces.append((tail.group(1), tail.group(2)))
    for clause, point in pieces:
        if clause is None:
            continue
        lines = _clause(article, clause)
        if lines is None:
            return f"no clause {clause}"
        if point is not None and not _has_point(lines, point):
            return f"no point {point} in clause {clause}"
    return ""


def _references(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("article", "ref", "deemed_consent_article") and isinstance(value, str):
                if value:
                    out.append(value)
            else:
                out += _references(value)
    elif isinstance(node, list):
        for value in node:
            out += _references(value)
    return out


@pytest.mark.parametrize("code", ["000", "001", "002", "003", "004"])
def test_every_article_reference_exists_in_the_text(code: str) -> None:
    data = yaml.safe_load((DATA / f"{code}.yaml").read_text(encoding="utf-8"))
    text = (DATA / data["text_file"]).read_text(encoding="utf-8")
    missing = {ref: problem(ref, text) for ref in sorted(set(_references(data))) if problem(ref, text)}
    assert missing == {}


def test_the_checker_finds_references_that_do_not_exist() -> None:
    text = (DATA / "texts" / "003.txt").read_text(encoding="utf-8")
    assert problem("Điều 5 khoản 1 điểm c", text) == ""
    assert problem("Điều 5 khoản 1 điểm e", text) == "no point e in clause 1"
    assert problem("Điều 6 khoản 5", text) == "no clause 5"
    assert problem("Điều 9", text) == "no article 9"
    text_002 = (DATA / "texts" / "002.txt").read_text(encoding="utf-8")
    assert problem("Mục IV.3", text_002) == ""
    assert problem("Mục IV.9", text_002) == "no item 9 in section IV"
