"""The command line: `read` (the default), `export` and `check`.

Only `read` imports the TUI, and a warm cache spares `export` and `check` the parser and the
model: each module is imported where it is first needed, so that they start quickly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from types import FrameType

from . import __version__
from .controls import for_message
from .loader import ArticleError, SettingError, bundled_article_path
from .loading import Loaded
from .names import APP_NAME, FORMATS, NO_CACHE_VARIABLE, NO_STATE_VARIABLE
from .writing import ExportError, write_atomically

# Not `typing.TYPE_CHECKING`: importing typing costs 2 ms on the way to every command; mypy
# reads any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace
    from typing import TextIO

    from .first_screen import FirstScreen
    from .model import Article
    from .settings import Settings
    from .state import StateStore
    from .tui.app import ReaderApp


PROG = APP_NAME
COMMANDS = ("read", "export", "check", "serve", "draft")
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours


def help_width() -> int:
    """The width help is wrapped to, as shutil.get_terminal_size gives it (COLUMNS, then the
    terminal, then 80), less argparse's margin of 2. argparse asks shutil whenever it makes a
    formatter, which every option added does: importing shutil cost each `export` and `check`
    4 ms."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def build_parser() -> argparse.ArgumentParser:
    import argparse
    import functools

    formatter = functools.partial(argparse.HelpFormatter, width=help_width())
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=formatter,
        description="Read the June 2022 report on Ukrainian troops ordered out of "
        "Sievierodonetsk: its people, places, dates and quotes.",
        epilog="With no command, opens the reader. ARTICLE defaults to the bundled article.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_parser = functools.partial(commands.add_parser, formatter_class=formatter)

    read = add_parser("read", help="open the article in the terminal reader (default)")
    read.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    read.add_argument(
        "--no-state",
        action="store_true",
        help="neither read nor write the saved reading position, bookmarks and settings "
        f"(as with {NO_STATE_VARIABLE}=1)",
    )

    export = add_parser("export", help="write the article as Markdown, text or JSON")
    export.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    export.add_argument(
        "-f", "--format", choices=FORMATS, default="markdown", help="output format (markdown)"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")

    check = add_parser("check", help="validate an article file")
    check.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail while any suggestion made by draft is not yet reviewed",
    )
    draft = add_parser(
        "draft",
        help="turn a saved news report into an article file to review",
        description="Draft an article file from a report saved as plain text (paragraphs "
        "separated by blank lines) or as an HTML page (needs the draft extra). Everything "
        "the machine proposes is marked status: suggested, for review in the reader.",
    )
    draft.add_argument("input", metavar="INPUT", help="the saved report (.txt or .html)")
    draft.add_argument("-o", "--output", metavar="ARTICLE.yaml", required=True)
    draft.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the day of the events, which relative dates ('on Friday') count from",
    )
    draft.add_argument("--publisher", metavar="NAME", help="who published the report")
    draft.add_argument("--url", metavar="URL", help="the report's address (with --publisher)")
    draft.add_argument("--language", default="en", help="the report's language (en)")
    draft.add_argument("--force", action="store_true", help="overwrite ARTICLE.yaml if it exists")
    serve = add_parser(
        "serve",
        help="serve the reader to a browser (needs the web extra)",
        description="Serve the reader over HTTP: each browser tab gets a reader of its own. "
        "Needs the web extra: pip install 'sievierodonetsk-reader[web]'.",
    )
    serve.add_argument("article", nargs="?", metavar="ARTICLE", help="article YAML file")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--public-url", metavar="URL", help="the address browsers use, if not http://HOST:PORT"
    )
    serve.add_argument("--open", action="store_true", help="open the page in a browser")
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=8,
        metavar="N",
        help="readers running at once; the next visitor is asked to wait (8)",
    )
    serve.add_argument(
        "--keep-state",
        action="store_true",
        help="let browser sessions save reading positions (off: many tabs share one file)",
    )
    serve.add_argument(
        "--no-token",
        action="store_true",
        help="do not ask for the per-launch token (anyone who can reach the port may read)",
    )
    for command in (read, export, check, serve):
        command.add_argument(
            "--no-cache",
            action="store_true",
            help=f"parse the file even if it was cached (as with {NO_CACHE_VARIABLE}=1)",
        )
    for command in (export, check):
        command.add_argument(
            "-v", "--verbose", action="store_true", help="say whether the cache was used"
        )
    return parser


class UsageError(Exception):
    """The command line asks for something that does not exist."""


def _with_default_command(argv: list[str]) -> list[str]:
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return argv
    if argv and not os.path.lexists(argv[0]):
        import difflib

        close = difflib.get_close_matches(argv[0], COMMANDS, n=1, cutoff=0.6)
        if close:  # "exprot" is a typo, not an article file called exprot
            raise UsageError(f"unknown command {argv[0]!r}: did you mean {close[0]}?")
    return ["read", *argv]


def _say(message: str, stream: TextIO | None = None) -> None:
    """One line for the user, escaped; never an error of its own if the stream is gone."""
    stream = stream or sys.stderr
    if stream is None:
        return
    try:
        stream.write(for_message(message) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


class OutputError(Exception):
    """Standard output cannot take the export."""


def _stdout_is_utf8() -> bool:
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    return encoding == "utf8" and getattr(stream, "buffer", None) is not None


@contextlib.contextmanager
def _writing_to_stdout() -> Iterator[None]:
    """Standard output's failures as one line; a closed pipe is left to main (`export | head`
    is not an error for the user)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def _write_stdout(content: str) -> None:
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed: give a file with -o FILE")
    encoding = stream.encoding or "utf-8"
    try:
        data = content.encode(encoding)  # all or nothing: never half an export
    except UnicodeEncodeError as error:
        char = content[error.start]
        raise OutputError(
            f"standard output's encoding ({encoding}) cannot write U+{ord(char):04X}: "
            "set PYTHONIOENCODING=utf-8, or write to a file with -o FILE"
        ) from None
    if getattr(stream, "buffer", None) is not None and os.linesep == "\n":
        _write_stdout_bytes(data)  # encoded once: 28 MB of JSON is not encoded twice
        return
    with _writing_to_stdout():
        stream.write(content)
        stream.flush()


def _stored_to_stdout(loaded: Loaded, name: str) -> bool:
    """Copy output `name`, if the cache holds it, to standard output as its bytes: decoding
    and encoding 28 MB again took 45 ms. False, with nothing written, if it does not."""
    stream = sys.stdout
    if stream is None or not _stdout_is_utf8():
        return False
    with _writing_to_stdout():
        stream.flush()
        return loaded.copy_stored_output(name, stream.buffer)


def _write_stdout_bytes(data: bytes) -> None:
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed: give a file with -o FILE")
    with _writing_to_stdout():
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end a command as an exit does (and ^C as it always did): SystemExit
    unwinds through `finally`, so an export in progress removes its temporary file."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    if getattr(sys.unraisablehook, "func", None) is not _stop_after_a_callback:  # once
        sys.unraisablehook = partial(_stop_after_a_callback, sys.unraisablehook)


class _Stopped(SystemExit):
    """A command stopped by a signal: status 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


def _stop_after_a_callback(
    previous: Callable[[sys.UnraisableHookArgs], object], unraisable: sys.UnraisableHookArgs
) -> None:
    """A signal that lands in a callback whose exceptions Python only prints (the lock of a
    module being imported, a finaliser) raised its exit, or a ^C's KeyboardInterrupt, there,
    where it was printed ("Exception ignored in ...") and lost: the command went on. It is
    raised again a millisecond later, where it stops the command (or, if that lands in a
    callback too, again after that)."""
    stopped = unraisable.exc_value
    if not isinstance(stopped, (_Stopped, KeyboardInterrupt)):
        previous(unraisable)
        return

    def again(signum: int, frame: FrameType | None) -> None:
        if isinstance(stopped, _Stopped):
            _exit_on_signal(stopped.signum, frame)
        raise KeyboardInterrupt

    signal.signal(signal.SIGALRM, again)
    signal.setitimer(signal.ITIMER_REAL, 0.001)


_starting: list[ReaderApp] = []  # the reader being started, for a signal meanwhile


def _leave_on_signal(signum: int, frame: FrameType | None) -> None:
    # The screen is up and the reader still starting: leave as a signal to a started reader
    # does (the terminal given back, the status 128 + signal); before the reader's loop runs,
    # unwinding to the command line's `finally` does it.
    if not _starting:  # not even asyncio may be imported yet (a signal during its import)
        raise SystemExit(128 + signum)
    import asyncio  # imported by the reader's module already

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        raise SystemExit(128 + signum) from None
    loop.call_soon_threadsafe(_starting[0].leave, 128 + signum)


def _summary(article: Article) -> str:
    return (
        f"{len(article.paragraphs)} paragraphs, {len(article.passages)} speech passages "
        f"({len(article.quotations)} quotations), {len(article.people)} people, "
        f"{len(article.places)} places, {len(article.organizations)} organizations, "
        f"{len(article.dates)} dates, {len(article.mentions)} mentions"
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        command = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    except UsageError as error:
        _say(f"{PROG}: {error}")
        return EXIT_ERROR
    if command[0] == "read" and len(command) <= 2 and not any(a.startswith("-") for a in command):
        # `sievierodonetsk-reader [FILE]`, the common start: nothing to parse, and building
        # the parser costs 9 ms of the first paint (argparse, the shutil and gettext it uses).
        from types import SimpleNamespace

        article = command[1] if len(command) == 2 else None
        args: argparse.Namespace | SimpleNamespace = SimpleNamespace(
            command="read", article=article, no_state=False, no_cache=False
        )
    else:
        args = build_parser().parse_args(command)
    try:
        return _run(args)
    except (ArticleError, ExportError, OutputError, SettingError) as error:
        prefix = "" if isinstance(error, ArticleError) else f"{PROG}: "
        for line in str(error).splitlines():
            _say(prefix + line)
        return EXIT_ERROR
    except BrokenPipeError:  # `export | head` closed the pipe: not an error for the user
        # Nothing more can be written: keep Python from complaining when it flushes at exit.
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last resort: one line, not a traceback
        from .hangup import stdin_hung_up

        if stdin_hung_up():
            # The window closed, and what failed after was talking to it (once, 219 ms into
            # a start): the status says so, as a hang-up does; no one is there to read more.
            return 128 + signal.SIGHUP
        _say(
            f"{PROG}: internal error ({type(error).__name__}: {error}); please report it "
            "with the command you ran"
        )
        return EXIT_INTERNAL


def _renderer(format: str) -> Callable[[Article], str]:
    def render(article: Article) -> str:
        from .renderers import render  # only when the output is not in the cache

        return render(article, format)

    return render


def _serve(args: argparse.Namespace | SimpleNamespace, loaded: Loaded) -> int:
    from .web import WebUnavailable, is_loopback, make_server, reader_command

    if not 1 <= args.port <= 65535:
        raise OutputError(f"--port must be from 1 to 65535, not {args.port}")
    if args.max_sessions < 1:
        raise OutputError("--max-sessions must be at least 1")
    article = loaded.article  # a file with errors stops here, with the loader's message
    if not is_loopback(args.host):
        _say(
            f"{PROG}: warning: serving on {args.host}: anyone who can reach this address can "
            f"read the article and start up to {args.max_sessions} reader processes"
        )
    token = None
    if args.no_token:
        _say(f"{PROG}: warning: --no-token: any page in your browser can start readers here")
    else:
        from .web.guard import new_token

        token = new_token()
    source = Path(args.article).resolve() if args.article else None
    try:
        server = make_server(
            reader_command(source, keep_state=args.keep_state),
            host=args.host,
            port=args.port,
            max_sessions=args.max_sessions,
            title=article.metadata.title,
            public_url=args.public_url,
            token=token,
        )
    except WebUnavailable as error:
        raise OutputError(str(error)) from None

    def listening() -> None:  # bound: only now is the address true
        _say(
            f"Serving the reader at {server.public_url} (at most {args.max_sessions} readers "
            "at once; Ctrl+C stops)",
            sys.stdout,
        )
        if args.open:
            import webbrowser

            if not webbrowser.open(server.public_url):
                _say(f"{PROG}: no browser could be opened here; open the address above")

    import asyncio

    from .web.server import log_escaped

    log_escaped()
    try:
        asyncio.run(server.run(listening))
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise OutputError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}"
        ) from None
    return EXIT_OK


def _unreviewed(loaded: Loaded, name: str) -> list[str]:
    """`check --strict`: a line for each suggestion not yet reviewed, and how many."""
    from .review import positions, suggestions

    left = suggestions(loaded.article)
    if not left:
        return []
    where = positions(loaded.data.decode("utf-8"))
    lines = [
        f"{name}:{':'.join(map(str, where.get(s.key, (0, 0))))}: suggested, not reviewed: "
        f"{s.label} (paragraph {s.span.paragraph})"
        for s in left[:100]
    ]
    if left:
        more = " (the first 100 shown)" if len(left) > 100 else ""
        lines.append(
            f"{name}: {len(left)} suggestions left{more}: review them in the reader "
            "(> and < step, a accepts, x rejects)"
        )
    return lines


def _draft(args: argparse.Namespace | SimpleNamespace) -> int:
    from datetime import date

    from .drafting.draft import DraftError, Options, draft
    from .drafting.source import SourceError, read_source

    reference = None
    if args.date is not None:
        try:
            reference = date.fromisoformat(args.date)
        except ValueError:
            raise OutputError(f"--date must be a day as YYYY-MM-DD, not {args.date!r}") from None
    if args.url and not args.publisher:
        raise OutputError("--url names the publisher's page: give --publisher NAME too")
    if os.path.lexists(args.output) and not args.force:  # before the work, not after it
        raise OutputError(f"{args.output}: already exists (use --force to overwrite it)")
    try:
        source = read_source(args.input)
        drafted = draft(
            source.paragraphs,
            Options(
                source_name=Path(args.input).name,
                reference_date=reference,
                publisher=args.publisher,
                url=args.url,
                language=args.language,
                title=source.title,
            ),
        )
    except (SourceError, DraftError) as error:
        raise OutputError(str(error)) from None
    # The draft was loaded as `check` loads it: never a file that `check` would refuse.
    written = write_atomically(args.output, drafted.text, force=args.force)
    from .review import suggestions

    article = drafted.article
    _say(
        f"wrote {written}: {_summary(article)}; {len(suggestions(article))} suggestions to "
        f"review: {PROG} read {args.output}",
        sys.stdout,
    )
    return EXIT_OK


def reader_stores(*, no_state: bool) -> tuple[StateStore, Settings]:
    """The saved state and the settings; with --no-state (or its variable) neither is used."""
    from .settings import Settings, settings_path
    from .state import StateStore, state_disabled, state_path

    if no_state or state_disabled():
        return StateStore(None), Settings(None)
    return StateStore.open(state_path()), Settings.open(settings_path())


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    if getattr(args, "article", None) == "":  # a script's unset $FILE: not the bundled article
        raise OutputError("the article's file name is empty; name a file, or none at all")
    if args.command != "serve":  # a server runs for long: it keeps the collector as it is
        from . import collector

        collector.pause()  # for check and export to the end, for read until its first frame
    if args.command in ("check", "export", "draft"):
        stop_on_signals()
    if args.command == "draft":
        return _draft(args)
    loaded = Loaded(args.article, use_cache=not args.no_cache)
    if args.command == "serve":
        return _serve(args, loaded)
    if args.command == "check":
        # A file whose bytes were checked before, by this version, passes as it did then.
        summary = loaded.output("check", _summary)
        name = args.article or "bundled article"
        if sys.stdout is not None:
            sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        if args.strict:
            left = _unreviewed(loaded, name)
            if left:
                for line in left:
                    _say(line)
                return EXIT_ERROR
        _say(f"{name}: OK - {summary}", sys.stdout)
        if args.verbose:
            _say(f"{name}: {loaded.says_where()}")
        return EXIT_OK
    if args.command == "export":
        to_stdout = args.output is None or args.output == "-"
        if to_stdout and _stored_to_stdout(loaded, args.format):  # a warm export: copied
            if args.verbose:
                _say(f"{loaded.name}: {loaded.says_where()}")
            return EXIT_OK
        content = loaded.output(args.format, _renderer(args.format))
        if to_stdout:
            _write_stdout(content)
        else:
            written = write_atomically(args.output, content, force=args.force)
            _say(f"wrote {written} ({args.format})")
        if args.verbose:
            _say(f"{loaded.name}: {loaded.says_where()}")
        return EXIT_OK
    # Under `serve`, textual-serve runs the reader on pipes with its web driver: a browser
    # is the terminal then.
    in_browser = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
    if not in_browser and (sys.stdout is None or not sys.stdout.isatty()):
        # Piped or redirected, as `glow` does: the text itself, not a screen's drawing.
        if not _stored_to_stdout(loaded, "text"):
            _write_stdout(loaded.output("text", _renderer("text")))
        return EXIT_OK
    if not in_browser and (sys.stdin is None or not sys.stdin.isatty()):
        raise OutputError("the reader needs a terminal to read keys from; use export instead")
    if not in_browser and os.environ.get("TERM", "") in ("dumb", "unknown"):
        raise OutputError(
            "this terminal (TERM=dumb) cannot show the reader; "
            f"use `{PROG} export -f text` to read the article as text"
        )
    from .screen_size import clamp_size_variables

    clamp_size_variables()
    state, settings = reader_stores(no_state=args.no_state)
    # Before Textual's imports: the screen it is about to draw, if it was kept last time.
    try:
        first = None if in_browser else _first_screen(loaded, state, settings)
        return _read(args, loaded, state, settings, first)
    finally:
        if not in_browser:
            from .first_screen import give_back_unless_taken

            give_back_unless_taken()  # Textual never took the terminal: it is as it was


def _first_screen(loaded: Loaded, state: StateStore, settings: Settings) -> FirstScreen | None:
    """This start's first screen: drawn now if a frame was kept for it, else to be kept."""
    from .first_screen import FirstScreen, can_prepaint, prepaint, read_frame, start_for

    if loaded.cache.path is None or not can_prepaint(settings.prepaint):
        return None
    start = start_for(loaded.cache.key, settings, state.problem)
    frame = read_frame(start)
    handover = None
    if frame is not None:
        remembered = state.articles.get(frame.state_key)
        position = remembered.position if remembered is not None else None
        bookmarks = remembered.bookmarks if remembered is not None else []
        if frame.for_state(position, bookmarks):
            for signum in (signal.SIGTERM, signal.SIGHUP):  # until the reader has its own
                signal.signal(signum, _leave_on_signal)
            handover = prepaint(frame)
    return FirstScreen(start, handover, loaded.cache.key)


def _read(
    args: argparse.Namespace | SimpleNamespace,
    loaded: Loaded,
    state: StateStore,
    settings: Settings,
    first: FirstScreen | None,
) -> int:
    from .hangup import stdin_hung_up
    from .tui.app import ReaderApp  # the TUI costs a second of imports: only when reading

    article, store = loaded.article_and_store()
    app = ReaderApp(
        article,
        source=Path(args.article) if args.article else bundled_article_path(),
        watch=args.article is not None,  # the bundled article does not change under us
        stamp=loaded.stamp,
        state=state,
        settings=settings,
        after_first_frame=store,
        use_cache=not args.no_cache,
        first_screen=first,
    )
    _starting.append(app)
    try:
        app.run()
    except OSError:  # EIO: the terminal went away; what Textual had left to say cannot be said
        gone = stdin_hung_up()
        if app.return_code is None and not gone:
            raise
        if app.return_code is None:  # closed while Textual started (a pre-painted screen up)
            return 128 + signal.SIGHUP
    if app.return_code == 1 and stdin_hung_up():
        # Textual ends with 1 on an error it caught; with the window closed under it during
        # start-up (rarely, under load), the error is the closing: say so, as a hang-up does.
        return 128 + signal.SIGHUP
    return app.return_code or EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
