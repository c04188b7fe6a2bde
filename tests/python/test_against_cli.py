"""The module against the morgue command on Reuters-21578: the same totals,
the same ids in the same order, the same facets, histograms and exports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import morgue
from conftest import run_cli

QUERIES = [
    "oil prices",
    '"interest rates"',
    "wheat topic:grain date:1987-03..1987-04",
    "(coffee OR cocoa) -brazil",
    "interest NEAR/3 rates place:usa",
    "bank* place:japan",
    'person:baker dollar',
    "opec OR \"crude oil\" -iran date:..1987-06-30",
    "place:u.s.",
]


def cli_json(*args):
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("query", QUERIES)
def test_search_and_count_match_the_cli(reuters, rarch, query):
    args = [query] if query else []
    if query:
        for sort in ("relevance", "newest"):
            cli = cli_json("search", "--archive", str(reuters), "--format", "json", "--limit",
                           "25", "--sort", sort, *args)
            mine = rarch.search(query, limit=25, sort=sort)
            assert mine.total == cli["total"] and mine.exact == cli["total_exact"]
            assert mine.ids == [h["id"] for h in cli["hits"]]
            assert [h.snippet for h in mine] == [h["snippet"] for h in cli["hits"]]
            assert [h.published.strftime("%Y-%m-%dT%H:%M:%SZ") if h.published else None
                    for h in mine] == [h["published"] for h in cli["hits"]]
    count = run_cli("count", "--archive", str(reuters), *args)
    assert count.returncode == 0, count.stderr
    assert rarch.count(query) == int(count.stdout)


def test_dates_and_default_op_match_the_cli(reuters, rarch):
    cli = run_cli("count", "--archive", str(reuters), "--from", "1987-03-02", "--to",
                  "1987-03-20", "--default-op", "or", "coffee", "cocoa")
    assert rarch.count("coffee cocoa", date_from=dt.date(1987, 3, 2), date_to="1987-03-20",
                       default_op="or") == int(cli.stdout)


def test_facets_match_the_cli(reuters, rarch):
    for by, query in (("place", "topic:crude"), ("person", "oil"), ("topic", "")):
        cli = cli_json("facets", "--archive", str(reuters), "--by", by, "--top", "15",
                       "--format", "json", *([query] if query else []))
        mine = rarch.facets(query, by=by, top=15)
        assert mine.total == cli["total"]
        assert [(v.value, v.count) for v in mine] == [(v["value"], v["count"])
                                                      for v in cli["values"]]


def test_histogram_matches_the_cli(reuters, rarch):
    for by, query in (("month", "topic:crude"), ("week", "place:iran"), ("day", "oil prices")):
        cli = cli_json("histogram", "--archive", str(reuters), "--by", by, "--format", "json",
                       query)
        mine = rarch.histogram(query, by=by)
        assert (mine.total, mine.undated) == (cli["total"], cli["undated"])
        assert [(b.label, b.start.isoformat(), b.count, b.all) for b in mine] == [
            (b["interval"], b["start"], b["count"], b["all"]) for b in cli["bins"]]
        for b, c in zip(mine, cli["bins"]):
            assert (b.share is None) == (c["share"] is None)
            if b.share is not None:
                assert b.share == pytest.approx(c["share"], rel=1e-12)


def test_export_matches_the_cli(reuters, rarch):
    r = run_cli("export", "--archive", str(reuters), "--format", "jsonl", "--sort", "newest",
                '"crude oil"')
    assert r.returncode == 0, r.stderr
    cli = [json.loads(line) for line in r.stdout.splitlines()]
    mine = list(rarch.export('"crude oil"', sort="newest"))
    assert [a.id for a in mine] == [c["id"] for c in cli]
    for a, c in zip(mine[:50], cli[:50]):
        d = a.to_dict()
        for key in ("source", "url", "section", "headline", "authors", "dateline", "body",
                    "topics", "language"):
            assert d[key] == c[key], key
        assert d["date_only"] == c["date_only"]
        assert [(e["name"], e["kind"], e["canonical"], e["origin"]) for e in d["entities"]] == [
            (e["name"], e["kind"], e["canonical"], e["origin"]) for e in c["entities"]]


def test_get_similar_stats_match_the_cli(reuters, rarch):
    show = cli_json("show", "--archive", str(reuters), "--format", "json", "15")
    a = rarch["15"]
    assert a.headline == show["headline"] and list(a.body) == show["body"]
    sim = cli_json("similar", "--archive", str(reuters), "--format", "json", "15")
    assert rarch.similar("15").ids == [h["id"] for h in sim["hits"]]
    assert rarch.similar("15").total == sim["total"]
    stats = cli_json("stats", "--archive", str(reuters), "--format", "json")
    s = rarch.stats()
    assert s.articles == stats["articles"] == len(rarch)
    assert s.first.date().isoformat() == stats["first"]
    assert s.last.date().isoformat() == stats["last"]
