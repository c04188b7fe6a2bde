"""Fixtures of the Python module's tests (docs/python.md).

- `generated`: a small archive of made-up articles, built once per session
  through the module itself, with the articles kept as dicts so that tests
  can count the answers by brute force (an oracle independent of morgue).
- `reuters`: the Reuters-21578 archive the GoogleTest suite also uses
  (tests/test_util.cc, SharedReutersArchive: the same path and lock, so the
  corpus is indexed once for both), for comparisons with the morgue command.
  Skipped, with the reason, when ../shared is absent; when it is present a
  skipped test fails the run, as scripts/ctest-strict does.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

import morgue

UTC = dt.timezone.utc
MORGUE_BINARY = os.environ.get("MORGUE_BINARY", "")
SHARED_DIR = Path(os.environ.get("MORGUE_SHARED_DIR", Path(__file__).parents[3] / "shared"))
SHARED_CORPUS = SHARED_DIR / "corpus"

# Made-up words (no stem in common, none an English word), so that a word
# query matches exactly the articles holding the word.
WORDS = ["zorblat", "quenix", "fambrok", "tiltrez", "gorvane", "plimsk", "darvoth", "wexmund",
         "yorrick", "skelbin", "murfang", "brastol"]
TOPICS = ["grain", "oil", "money", "ship"]
PLACES = ["kenya", "brazil", "japan"]


def make_articles(n: int = 240, seed: int = 7):
    """n articles as dicts with the JSON Lines reader's field names."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        words = rnd.sample(WORDS, 3)
        d = {
            "id": f"g{i}",
            "source": "gen" if i % 3 else "gen2",
            "title": f"Report {i} on {words[0]}",
            "text": f"The {words[1]} committee met.\n\nLater the {words[2]} panel spoke.",
            "topics": [TOPICS[i % len(TOPICS)]],
            "places": [PLACES[i % len(PLACES)]],
        }
        if i % 10 != 9:  # one in ten undated
            d["date"] = dt.datetime(2020, 1 + i % 12, 1 + i % 28, (i * 7) % 24, 15,
                                    tzinfo=UTC).isoformat()
        out.append(d)
    return out


@pytest.fixture(scope="session")
def generated_articles():
    return make_articles()


@pytest.fixture(scope="session")
def generated(tmp_path_factory, generated_articles):
    """(path of a read-only archive of make_articles(), the dicts)."""
    path = tmp_path_factory.mktemp("generated") / "archive"
    with morgue.open(path, "c") as archive:
        result = archive.add(generated_articles)
        assert result.added == len(generated_articles)
    return path


@pytest.fixture
def gen(generated):
    with morgue.open(generated) as archive:
        yield archive


@pytest.fixture
def fresh(tmp_path):
    """An empty writable archive of its own."""
    with morgue.open(tmp_path / "fresh", "c") as archive:
        yield archive


def run_cli(*args: str) -> subprocess.CompletedProcess:
    if not MORGUE_BINARY:
        pytest.fail("MORGUE_BINARY is not set (run the tests through ctest)")
    return subprocess.run([MORGUE_BINARY, *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def reuters():
    """The path of the shared Reuters archive (built on first use)."""
    corpus = SHARED_CORPUS / "reuters21578"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is absent ({corpus}): Reuters comparisons skipped")
    if not MORGUE_BINARY:
        pytest.fail("MORGUE_BINARY is not set (run the tests through ctest)")
    binary = Path(MORGUE_BINARY)
    st = binary.stat()
    base = binary.parent
    key = f"{int(st.st_mtime)}-{st.st_size}"
    archive = base / f"test-reuters-{key}.morgue"
    with open(base / "test-reuters.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (archive / "READY").exists():
            for old in base.glob("test-reuters-*.morgue"):
                shutil.rmtree(old, ignore_errors=True)
            tmp = base / f"test-reuters-{key}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            files = [str(corpus / f"reut2-{i:03d}.sgm") for i in range(22)]
            r = run_cli("index", "--archive", str(tmp), *files)
            assert r.returncode == 0, r.stderr
            (tmp / "INDEX_LOG").write_text(r.stdout + r.stderr)
            (tmp / "READY").write_text("ok\n")
            tmp.rename(archive)
    return archive


@pytest.fixture
def rarch(reuters):
    with morgue.open(reuters) as archive:
        yield archive


_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if SHARED_CORPUS.is_dir() and _skipped and exitstatus == 0:
        print(f"\nconftest: tests were skipped although {SHARED_CORPUS} is present: {_skipped}")
        session.exitstatus = 1
