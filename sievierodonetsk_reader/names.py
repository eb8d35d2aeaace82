"""The names the reader goes by on a system: its program and directory name, and the
environment variables that switch its saved state and its cache off.

Kept apart, with no imports, so that the command line, the cache and the state all use one
spelling without the command line paying for the others' imports.
"""

APP_NAME = "sievierodonetsk-reader"  # the command, and the directory of state, settings, cache
NO_STATE_VARIABLE = "SIEVIERODONETSK_READER_NO_STATE"  # set (to anything) for --no-state
NO_CACHE_VARIABLE = "SIEVIERODONETSK_READER_NO_CACHE"  # set (to anything) for --no-cache
