"""The streaming export (laziness, bounded memory, Ctrl-C) and threads."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import morgue
from conftest import WORDS


def test_export_yields_every_match_in_order(gen):
    for sort in ("relevance", "newest", "oldest"):
        total = gen.count(WORDS[0])
        ids = [a.id for a in gen.export(WORDS[0], sort=sort)]
        assert ids == gen.search(WORDS[0], sort=sort, limit=total).ids
    assert len(list(gen.export())) == len(gen)


def test_export_is_lazy_and_closes(gen):
    e = gen.export()
    first = next(e)
    assert isinstance(first, morgue.Article) and e.delivered == 1
    # no lock held between items: the archive answers meanwhile
    assert gen.count(WORDS[1]) > 0
    e.close()
    with pytest.raises(StopIteration):
        next(e)
    with gen.export() as e2:
        assert next(e2) is not None
    assert list(e2) == []


def test_export_keeps_the_archive_alive_after_close(generated):
    a = morgue.open(generated)
    e = a.export()
    a.close()
    assert len(list(e)) > 0


def test_export_errors(gen):
    with pytest.raises(morgue.QuerySyntaxError):
        next(iter(gen.export("(")))


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_export_memory_is_bounded(rarch):
    """All of Reuters (21,577 articles, 15 MB of body text) streamed: the
    resident size never grows by 8 MB over what it was before the export
    (the library's caches warmed by an export before). The same loop with an
    unbounded queue (queue=10**9) grows by 38 MB."""
    list(rarch.export("oil"))
    gc.collect()
    base = peak = rss_bytes()
    n = 0
    for a in rarch.export():
        n += 1
        if n % 500 == 0:
            if n == 500:
                time.sleep(0.3)  # a producer that ran ahead would fill memory now
            peak = max(peak, rss_bytes())
    assert n == len(rarch)
    assert peak - base < 8 << 20, (base, peak)


def test_ctrl_c_stops_a_long_export(reuters):
    """A SIGINT during an export over and over of all of Reuters raises
    KeyboardInterrupt in the loop, promptly, and the process exits normally."""
    script = textwrap.dedent(f"""
        import sys, time, morgue
        a = morgue.open({str(reuters)!r})
        print("go", flush=True)
        try:
            while True:
                for article in a.export():
                    pass
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        a.close()
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "go"
    time.sleep(0.5)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=30)
    assert time.monotonic() - sent < 10
    assert p.returncode == 0 and "interrupted" in out


def test_ctrl_c_while_waiting_for_the_next_article():
    """The iterator waits for an article that does not come (a test stream
    whose producer sends nothing): SIGINT raises KeyboardInterrupt there, and
    the producer thread is stopped and joined, within a second."""
    script = textwrap.dedent("""
        import morgue
        from morgue import _morgue
        e = morgue.Export(_morgue._stalled_export())
        print("go", flush=True)
        try:
            next(e)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "go"
        time.sleep(0.3)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=20)
    finally:
        p.kill()
    assert time.monotonic() - sent < 2
    assert p.returncode == 0 and "interrupted" in out


def test_threads_search_one_archive_at_once(gen):
    queries = WORDS + [f"{a} {b}" for a, b in zip(WORDS, WORDS[1:])]
    expected = {q: (gen.search(q, limit=50).ids, gen.count(q)) for q in queries}
    failures = []

    def work(seed: int) -> None:
        for i in range(60):
            q = queries[(seed + i) % len(queries)]
            got = (gen.search(q, limit=50).ids, gen.count(q))
            if got != expected[q]:
                failures.append(q)
            if i % 20 == 0:
                assert sum(1 for _ in gen.export(q)) == expected[q][1]

    threads = [threading.Thread(target=work, args=(s,)) for s in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_long_calls_release_the_gil(gen):
    """With a switch interval of 100 s, another Python thread runs only
    when a thread releases the GIL itself: thread B's 50 calls finish while
    the main thread loops over the same calls only if those release it."""
    old = sys.getswitchinterval()
    go, done = threading.Event(), threading.Event()

    def other() -> None:
        go.wait()  # until the main thread loops (holding the GIL between its calls)
        for _ in range(50):
            gen.search(WORDS[0])
            gen.count(WORDS[1])
            gen.facets(by="topic")
            gen.histogram(WORDS[2])
        done.set()

    sys.setswitchinterval(100)
    try:
        t = threading.Thread(target=other)
        t.start()
        go.set()
        deadline = time.monotonic() + 20
        while not done.is_set() and time.monotonic() < deadline:
            gen.search(WORDS[3])
        finished = done.is_set()
    finally:
        sys.setswitchinterval(old)
    t.join()
    assert finished


def test_random_sample_is_seeded_and_matches_export(gen):
    total = gen.count(WORDS[0])
    everything = set(gen.search(WORDS[0], limit=total).ids)
    sample = gen.search(WORDS[0], sort="random", seed=7, limit=10)
    assert sample.total == total
    assert len(set(sample.ids)) == len(sample.ids) == min(10, total)
    assert set(sample.ids) <= everything
    assert sample.ids == gen.search(WORDS[0], sort="random", seed=7, limit=10).ids
    whole = gen.search(WORDS[0], sort="random", seed=7, limit=total).ids
    assert whole[:10] == sample.ids and set(whole) == everything
    assert [a.id for a in gen.export(WORDS[0], sort="random", seed=7)] == whole
    with pytest.raises(ValueError, match="seed"):
        gen.search(WORDS[0], sort="random")
    with pytest.raises(ValueError, match="seed"):
        gen.search(WORDS[0], seed=3)
    with pytest.raises(ValueError):
        gen.search(WORDS[0], sort="random", seed=-1)
