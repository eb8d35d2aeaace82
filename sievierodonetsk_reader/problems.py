"""What is wrong with an article file: each problem with its file, line and column."""

from __future__ import annotations

from .controls import for_message

MAX_PROBLEMS_SHOWN = 100


class Problem:
    """One thing wrong with a file, and where. Immutable; a plain class, since dataclasses
    and typing cost 16 ms to import on the way to every command."""

    __slots__ = ("column", "line", "message", "path")

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "line", line)  # 1-based; None: the file as a whole
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "message", message)

    path: str
    line: int | None
    column: int | None
    message: str

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Problem cannot be changed ({name})")

    def _key(self) -> tuple[str, int | None, int | None, str]:
        return (self.path, self.line, self.column, self.message)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem{self._key()!r}"

    def __str__(self) -> str:
        # One line, whatever the file name or a library's message holds.
        where = for_message(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {for_message(self.message)}"


class ArticleError(Exception):
    """An article file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            shown.append(f"{for_message(problems[0].path)}: ... and {more:,} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


class SettingError(Exception):
    """An environment variable that the reader cannot use; the message names it."""
