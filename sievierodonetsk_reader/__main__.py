"""The command's entry point, for `python -m sievierodonetsk_reader` and the installed command.

A ^C that comes while the program is still loading (the imports take 15-25 ms, parsing the
command line 4 more) ends it as one that comes later does: status 130, no traceback.
"""

import sys


def run() -> int:
    try:
        from .cli import main

        return main()
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run())
