"""A cluster (docs/distributed.md) opened from Python: two nodes made with
`morgue index --node K/2`, served by xapian-tcpsrv on loopback, read as one
archive; its answers are those of one archive of the same articles, and what
it cannot do yet raises morgue.InvalidArgument."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

import morgue
from conftest import WORDS, run_cli


def node_of(source: str, id: str, nodes: int) -> int:
    """The partition rule (docs/distributed.md) written apart: FNV-1a 64 of
    source, a zero byte and id, modulo the nodes, plus 1."""
    h = 0xcbf29ce484222325
    for b in source.encode() + b"\0" + id.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h % nodes + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(node) -> tuple:
    """xapian-tcpsrv over the node's shards in a process group of its own."""
    shards = sorted((node / "xapian").glob("shard-*"), key=lambda p: int(p.name[6:]))
    for _ in range(20):
        port = free_port()
        proc = subprocess.Popen(["xapian-tcpsrv", "--port", str(port), "--interface", "127.0.0.1",
                                 *map(str, shards)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(500):
            if proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return proc, port
            except OSError:
                time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    pytest.fail("xapian-tcpsrv did not start")


@pytest.fixture(scope="module")
def pair(tmp_path_factory, generated_articles):
    """(one archive, a cluster of two nodes) holding generated_articles."""
    if shutil.which("xapian-tcpsrv") is None:
        pytest.skip("xapian-tcpsrv is not installed (Debian's xapian-tools)")
    base = tmp_path_factory.mktemp("cluster")
    corpus = base / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in generated_articles))
    single = base / "single"
    assert run_cli("index", "--archive", str(single), str(corpus)).returncode == 0
    servers = []
    try:
        for k in (1, 2):
            node = base / f"node{k}"
            r = run_cli("index", "--archive", str(node), "--node", f"{k}/2", str(corpus))
            assert r.returncode == 0, r.stderr
            assert "left to other nodes" in r.stdout
            servers.append(serve(node))
        cluster = base / "cluster"
        r = run_cli("cluster", "create", str(cluster),
                    *[a for _, port in servers for a in ("--node", f"tcp 127.0.0.1:{port}")])
        assert r.returncode == 0, r.stderr
        yield single, cluster
    finally:
        for proc, _ in servers:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_cluster_answers_as_one_archive(pair, generated_articles):
    single, cluster = pair
    with morgue.open(single) as one, morgue.open(cluster) as many:
        assert len(many) == len(generated_articles)
        for word in WORDS + ["committee OR panel", "topic:grain", "NOT place:kenya"]:
            assert many.count(word) == one.count(word), word
            a = one.search(word, limit=1000)
            b = many.search(word, limit=1000)
            assert b.total == a.total
            assert sorted((h.id, round(h.score, 9)) for h in b) == \
                sorted((h.id, round(h.score, 9)) for h in a), word
            # By date, articles of the same date in the same order: the
            # nodes numbered theirs by their place in the input.
            for order in ("newest", "oldest"):
                assert [h.id for h in many.search(word, limit=1000, sort=order)] == \
                    [h.id for h in one.search(word, limit=1000, sort=order)], (word, order)
            fa = one.facets(word, by="topic", top=0)
            fb = many.facets(word, by="topic", top=0)
            assert [(v.value, v.count) for v in fb.values] == [(v.value, v.count) for v in fa.values]
            assert sorted(x.id for x in many.export(word)) == sorted(x.id for x in one.export(word))
        g = many.get("gen/g1")
        assert g is not None and g.headline == one.get("gen/g1").headline
        # stats: the whole cluster's counts and top values, each node's
        # articles; the sizes are the nodes' (None).
        s, t = many.stats(top=5), one.stats(top=5)
        assert (s.nodes, s.articles, s.undated, s.first, s.last) == \
            (2, t.articles, t.undated, t.first, t.last)
        assert s.top_places == t.top_places and s.top_persons == t.top_persons
        assert s.node_articles == [sum(node_of(a["source"], str(a["id"]), 2) == k
                                       for a in generated_articles) for k in (1, 2)]
        assert s.store_bytes is None and s.quarantined is None and t.quarantined == 0
    r = run_cli("stats", "--archive", str(cluster), "--format", "json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert (j["nodes"], j["articles"], j["bytes"]) == (2, len(generated_articles), None)
    assert sum(j["node_articles"]) == j["articles"]


def test_a_cluster_says_what_it_cannot_do(pair):
    _, cluster = pair
    with morgue.open(cluster) as many:
        with pytest.raises(morgue.InvalidArgument, match="cluster"):
            many.terms(WORDS[0])
        with pytest.raises(morgue.InvalidArgument, match="read-only|cluster"):
            morgue.open(cluster, "w")


def fnv_node(source: str, id_: str, nodes: int) -> int:
    """NodeOf written apart: 1 + FNV-1a 64 of source, a zero byte, id, mod nodes."""
    h = 0xcbf29ce484222325
    for b in source.encode() + b"\0" + id_.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return 1 + h % nodes


def test_allow_partial_marks_what_a_node_down_leaves_out(pair, tmp_path, generated_articles):
    """Node 2 listed at a port nobody serves: refused unless asked; with
    allow_partial=True the answers are those of an archive of node 1's
    articles, each marked with node 2."""
    single, cluster = pair
    manifest = (cluster / "MORGUE-CLUSTER").read_text()
    port1 = [line for line in manifest.splitlines() if line.startswith("node=")][0].split(":")[-1]
    half = tmp_path / "half"
    r = run_cli("cluster", "create", str(half), "--node", f"tcp 127.0.0.1:{port1}",
                "--node", f"tcp 127.0.0.1:{free_port()}", "--connect-timeout", "2000")
    assert r.returncode == 0, r.stderr
    kept = [a for a in generated_articles if fnv_node(a["source"], a["id"], 2) == 1]
    corpus = tmp_path / "kept.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in kept))
    oracle_dir = tmp_path / "oracle"
    assert run_cli("index", "--archive", str(oracle_dir), str(corpus)).returncode == 0
    with pytest.raises(morgue.Error, match="node 2"):
        morgue.open(half)
    with morgue.open(oracle_dir) as one, morgue.open(half, allow_partial=True) as many:
        for word in WORDS[:3] + ["topic:grain"]:
            a = one.search(word, limit=1000)
            b = many.search(word, limit=1000)
            assert b.partial and len(b.missing_nodes) == 1
            assert b.missing_nodes[0].startswith("node 2 (tcp 127.0.0.1:")
            assert not a.partial and a.missing_nodes == []
            assert b.total == a.total and sorted(b.ids) == sorted(a.ids), word
            fa = one.facets(word, by="topic", top=0)
            fb = many.facets(word, by="topic", top=0)
            assert fb.partial and fb.missing_nodes == b.missing_nodes
            assert [(v.value, v.count) for v in fb.values] == [(v.value, v.count) for v in fa.values]
            ha = one.histogram(word, by="year")
            hb = many.histogram(word, by="year")
            assert hb.partial and [tuple(x) for x in hb.bins] == [tuple(x) for x in ha.bins]
            # No place for the mark: still an error naming the node.
            with pytest.raises(morgue.Error, match="node 2"):
                many.count(word)
