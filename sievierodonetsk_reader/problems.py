"""What is wrong with an article file: each problem with its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import printable

MAX_PROBLEMS_SHOWN = 100


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None  # 1-based; None when the problem is with the file as a whole
    column: int | None
    message: str

    def __str__(self) -> str:
        # One line, whatever the file name or a library's message holds.
        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {printable(self.message)}"


class ArticleError(Exception):
    """An article file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            shown.append(f"{printable(problems[0].path)}: ... and {more:,} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


class SettingError(Exception):
    """An environment variable that the reader cannot use; the message names it."""
