"""Memory over many reloads: the reader in a pseudo-terminal, `r` pressed every 0.2 s, its
resident memory noted after 5, 20, 50, 100 and 150 reloads (issue #25: 46 -> 222 MB after
60 reloads before each replaced screen was freed).

    python benchmarks/reloads.py [--reloads 150]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "article.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reloads", type=int, default=150)
    reloads = parser.parse_args().reloads
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    reader = subprocess.Popen(
        [sys.executable, "-m", "sievierodonetsk_reader", "read", "--no-state", str(ARTICLE)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)

    def drain(seconds: float) -> None:  # the reader's output, read so that it never blocks
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([master], [], [], 0.02)[0]:
                os.read(master, 65536)

    def resident_mb() -> float:
        pages = int(Path(f"/proc/{reader.pid}/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6

    drain(2.0)
    print(f"start: {resident_mb():.1f} MB")
    for number in range(1, reloads + 1):
        os.write(master, b"r")
        drain(0.2)
        if number in (5, 20, 50, 100, 150):
            print(f"after {number} reloads: {resident_mb():.1f} MB", flush=True)
    os.write(master, b"q")
    reader.wait(10)
    os.close(master)


if __name__ == "__main__":
    main()
