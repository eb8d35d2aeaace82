"""Long articles for benchmarks: the bundled one with its body repeated, ids kept valid."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from sievierodonetsk_reader.loader import DEFAULT_MAX_BYTES, bundled_article_path


def repeated_article(times: int) -> str:
    """The bundled article's YAML with its body paragraphs repeated `times` times."""
    data: dict[str, Any] = yaml.safe_load(bundled_article_path().read_text(encoding="utf-8"))
    *body, note = data["paragraphs"]
    # Copies, not the same objects again: PyYAML would write those as aliases, which we refuse.
    data["paragraphs"] = [copy.deepcopy(paragraph) for paragraph in body * times] + [note]
    data["article"]["id"] = f"{data['article']['id']}-x{times}"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_articles(directory: Path, multiples: tuple[int, ...] = (1, 10, 100)) -> dict[int, Path]:
    paths = {}
    for times in multiples:
        path = directory / f"article-x{times}.yaml"
        path.write_text(repeated_article(times), encoding="utf-8")
        paths[times] = path
    return paths


def largest_multiple() -> int:
    """The most times the article's body fits under the reader's size limit."""
    low, high = 1, 2000
    while low < high:
        middle = (low + high + 1) // 2
        if len(repeated_article(middle).encode()) <= DEFAULT_MAX_BYTES:
            low = middle
        else:
            high = middle - 1
    return low
