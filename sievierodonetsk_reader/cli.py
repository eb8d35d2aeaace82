"""The command line: `read` (the default), `export` and `check`.

Only `read` imports the TUI, so that `export` and `check` start quickly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .export import FORMATS, ExportError, render, write_atomically
from .loader import ArticleError, bundled_article_path, load_article
from .model import Article

PROG = "sievierodonetsk-reader"
COMMANDS = ("read", "export", "check")
EXIT_OK = 0
EXIT_ERROR = 2


class _VersionAction(argparse.Action):
    """--version, reading the installed metadata only when asked (the import costs 30 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("sievierodonetsk-reader")
        except PackageNotFoundError:  # running from a checkout without installing
            found = "unknown"
        print(f"{PROG} {found}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read the June 2022 report on Ukrainian troops ordered out of "
        "Sievierodonetsk: its people, places, dates and quotes.",
        epilog="With no command, opens the reader. ARTICLE defaults to the bundled article.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    read = commands.add_parser("read", help="open the article in the terminal reader (default)")
    read.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")

    export = commands.add_parser("export", help="write the article as Markdown, text or JSON")
    export.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    export.add_argument(
        "-f", "--format", choices=FORMATS, default="markdown", help="output format (markdown)"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")

    check = commands.add_parser("check", help="validate an article file")
    check.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return argv
    return ["read", *argv]


def _load(article: str | None) -> Article:
    return load_article(Path(article) if article else bundled_article_path())


def _summary(article: Article) -> str:
    return (
        f"{len(article.paragraphs)} paragraphs, {len(article.passages)} speech passages "
        f"({len(article.quotations)} quotations), {len(article.people)} people, "
        f"{len(article.places)} places, {len(article.organizations)} organizations, "
        f"{len(article.dates)} dates, {len(article.mentions)} mentions"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(
        _with_default_command(list(sys.argv[1:] if argv is None else argv))
    )
    try:
        if args.command == "check":
            article = _load(args.article)
            name = args.article or "bundled article"
            print(f"{name}: OK - {_summary(article)}")
            return EXIT_OK
        if args.command == "export":
            article = _load(args.article)
            content = render(article, args.format)
            if args.output is None or args.output == "-":
                sys.stdout.write(content)
                sys.stdout.flush()
            else:
                written = write_atomically(args.output, content, force=args.force)
                print(f"wrote {written} ({args.format})", file=sys.stderr)
            return EXIT_OK
        article = _load(args.article)
        from .tui.app import ReaderApp  # the TUI costs a second of imports: only when reading

        ReaderApp(article).run()
        return EXIT_OK
    except ArticleError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except ExportError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `export | head` closed the pipe: not an error for the user
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
