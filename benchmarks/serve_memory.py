"""Memory of `serve`'s readers: `python benchmarks/serve_memory.py` opens 1, then 8 tabs in
Chromium, waits for each tab's first frame, and prints the resident memory of each reader
process (median and the sum) and of the server. Needs the test tools (`make test`: the web
extra and playwright) and Chromium; starts `serve` as the tests do.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # server_process: the tests' way to run serve

from server_process import reader_pythons, resident_mb, serving  # noqa: E402

ARTICLE = HERE.parent / "data" / "article.yaml"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        article = home / "article.yaml"
        shutil.copyfile(ARTICLE, article)
        with (
            serving(home, "--max-sessions", "8", article=article) as served,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox"]
            )
            pages = []
            for count in range(1, 9):
                page = browser.new_context().new_page()
                page.goto(served.address)
                page.wait_for_selector("body.-first-byte", state="attached")
                page.wait_for_timeout(1500)  # a benchmark: the tab settles after its frame
                pages.append(page)
                if count in (1, 8):
                    sizes = [resident_mb(pid) for pid in reader_pythons(article)]
                    print(
                        f"{count} tab(s): {len(sizes)} readers, each "
                        f"{statistics.median(sizes):.1f} MB (median; "
                        f"{min(sizes):.1f}-{max(sizes):.1f}), {sum(sizes):.1f} MB in all; "
                        f"server {resident_mb(served.process.pid):.1f} MB"
                    )
            browser.close()


if __name__ == "__main__":
    main()
