"""Key terms, keywords in context, queries side by side and saved queries
from Python: against the morgue command (the same JSON) and against brute
force over the generated articles (conftest.make_articles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import morgue
from conftest import WORDS, run_cli


def cli_json(*args):
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def holds(d, word, fields=("title", "text")):
    return any(word in d.get(f, "").lower().split() or word + "." in d.get(f, "").lower().split()
               for f in fields)


@pytest.mark.parametrize("kwargs,args", [
    (dict(query="zorblat", top=5, min_count=1), ["--top", "5", "--min-count", "1", "zorblat"]),
    (dict(query="", kind="words", by="month", top=3, min_count=1, collapse=False,
          field="headline"),
     ["--kind", "words", "--by", "month", "--top", "3", "--min-count", "1", "--no-collapse",
      "--field", "headline"]),
    (dict(query="quenix OR fambrok", kind="phrases", sample_size=7, seed=5, min_count=1),
     ["--kind", "phrases", "--sample-size", "7", "--seed", "5", "--min-count", "1",
      "quenix OR fambrok"]),
])
def test_terms_match_the_cli(generated, gen, kwargs, args):
    cli = cli_json("terms", "--archive", str(generated), "--format", "json", *args)
    query = kwargs.pop("query")
    mine = gen.terms(query, **kwargs)
    assert (mine.total, mine.groups, mine.documents, mine.sampled, mine.seed, mine.archive) == (
        cli["total"], cli["groups"], cli["documents"], cli["sampled"], cli["seed"],
        cli["archive"])
    assert [(t.term, t.phrase, t.in_matches, t.in_archive) for t in mine] == [
        (t["term"], t["phrase"], t["in_matches"], t["in_archive"]) for t in cli["terms"]]
    assert [t.score for t in mine] == pytest.approx([t["score"] for t in cli["terms"]])
    if "by" in kwargs:
        assert [(i.label, i.start.isoformat(), i.documents, [t.term for t in i.terms])
                for i in mine.intervals] == [
            (i["label"], i["start"], i["documents"], [t["term"] for t in i["terms"]])
            for i in cli["intervals"]]
        assert mine.undated == cli["undated"]
    frame = mine.to_pandas()
    assert len(frame) == len(mine.terms) + sum(len(i.terms) for i in mine.intervals)
    assert mine.sampled == (kwargs.get("sample_size", 10_000) < mine.groups)


def test_terms_state_estimated_archive_counts_as_the_cli_does(generated, gen):
    # Phrases whose exact count would check more than 0 articles, over a
    # sample of 5 articles: every phrase's archive count is estimated.
    cli = cli_json("terms", "--archive", str(generated), "--format", "json", "--top", "0",
                   "--min-count", "1", "--phrase-match-limit", "0", "--archive-sample", "5",
                   "quenix OR fambrok")
    mine = gen.terms("quenix OR fambrok", top=0, min_count=1, phrase_match_limit=0,
                     archive_sample=5)
    assert cli["archive_sample"] == {"articles": mine.archive_sample, "seed": 1}
    assert 5 <= mine.archive_sample < mine.archive
    assert [(t.term, t.in_archive, t.in_archive_estimated) for t in mine] == [
        (t["term"], t["in_archive"], t["in_archive_estimated"]) for t in cli["terms"]]
    assert any(t.in_archive_estimated for t in mine)
    assert all(t.in_archive_estimated == t.phrase for t in mine)  # words are exact
    frame = mine.to_pandas()
    assert list(frame.columns)[-2:] == ["in_archive_estimated", "archive_sample"]
    assert list(frame["in_archive_estimated"]) == [t.in_archive_estimated for t in mine]
    assert set(frame["archive_sample"]) == {mine.archive_sample}
    exact = gen.terms("quenix OR fambrok", top=0, min_count=1, phrase_match_limit=None,
                      archive_sample=5)
    assert exact.archive_sample is None
    assert not any(t.in_archive_estimated for t in exact)
    with pytest.raises(morgue.InvalidArgument):
        gen.terms("quenix", archive_sample=0)


def test_terms_counts_by_brute_force(gen, generated_articles):
    # Every made-up word in the body (text) of the matches of "zorblat"
    # (headline or body) against the whole archive; copies are not collapsed.
    matches = [d for d in generated_articles if holds(d, "zorblat")]
    mine = gen.terms("zorblat", kind="words", top=0, min_count=1, collapse=False)
    assert mine.total == len(matches) and mine.documents == len(matches)
    assert mine.archive == len(generated_articles)
    found = {t.term: t for t in mine}
    assert found, "no distinguishing term"
    for word in WORDS:
        in_matches = sum(holds(d, word, ("text",)) for d in matches)
        in_archive = sum(holds(d, word, ("text",)) for d in generated_articles)
        if word in found:
            assert (found[word].in_matches, found[word].in_archive) == (in_matches, in_archive)
        else:  # only terms more frequent in the matches than in the archive are listed
            assert in_matches / len(matches) <= in_archive / len(generated_articles)


def test_kwic_matches_the_cli_and_brute_force(generated, gen, generated_articles):
    cli = run_cli("kwic", "--archive", str(generated), "--format", "jsonl", "--width", "15",
                  "quenix")
    assert cli.returncode == 0, cli.stderr
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    with gen.kwic("quenix", width=15) as lines:
        mine = list(lines)
        assert lines.delivered == len(mine)
    assert [(l.id, l.source, l.field, l.paragraph, l.offset, l.left, l.match, l.right)
            for l in mine] == [(e["id"], e["source"], e["field"], e["paragraph"], e["offset"],
                                e["left"], e["match"], e["right"]) for e in expected]
    assert [l.published.strftime("%Y-%m-%dT%H:%M:%SZ") if l.published else None
            for l in mine] == [e["published"] for e in expected]
    occurrences = sum((d["title"] + " " + d["text"]).lower().count("quenix")
                      for d in generated_articles)
    assert len(mine) == occurrences > 0
    assert all(l.match.lower() == "quenix" and len(l.left) <= 15 for l in mine)


def test_kwic_stops_early_and_makes_a_frame(gen):
    stream = gen.kwic("committee")
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert len(first) == 3 and stream.delivered == 3
    assert list(stream) == []
    frame = gen.kwic("panel", width=10).to_pandas()
    assert list(frame.columns) == ["id", "source", "published", "field", "paragraph", "offset",
                                   "left", "match", "right"]
    assert len(frame) == gen.count("panel")  # "panel" once in every article
    with pytest.raises(morgue.InvalidArgument):
        list(gen.kwic("panel", width=0))
    with pytest.raises(morgue.QuerySyntaxError):
        list(gen.kwic("panel ("))
    with pytest.raises(morgue.InvalidArgument):  # no word to show: refused, not a silent scan
        list(gen.kwic(""))


def test_histograms_side_by_side_equal_the_single_ones(gen):
    queries = {"z": "zorblat", "q": "quenix -zorblat", "Ω ünïcode": "fambrok"}
    side = gen.histograms_side_by_side(queries, by="month")
    assert list(side) == list(queries)
    labels = [[b.label for b in h] for h in side.values()]
    assert all(l == labels[0] for l in labels)  # one span, the same bins
    for label, query in queries.items():
        single = gen.histogram(query, by="month")
        bins = {b.label: b for b in side[label]}
        assert side[label].total == single.total
        for b in single:
            assert bins[b.label] == b
        assert sum(b.count for b in side[label]) == single.total - single.undated
    frame = side.to_pandas("count")
    assert list(frame.columns) == list(queries)
    assert frame["z"].sum() == gen.histogram("zorblat").total - gen.histogram("zorblat").undated
    # A list is labelled by the query texts.
    assert list(gen.histograms_side_by_side(["zorblat", "quenix"])) == ["zorblat", "quenix"]
    with pytest.raises(ValueError):
        gen.histograms_side_by_side([])
    with pytest.raises(TypeError):
        gen.histograms_side_by_side("zorblat")
    with pytest.raises(ValueError):
        gen.histograms_side_by_side(["zorblat", "zorblat"])
    with pytest.raises(morgue.QuerySyntaxError):
        gen.histograms_side_by_side({"bad": "zorblat ("})


def test_histogram_split_and_facets_side_by_side(gen, generated_articles):
    split = gen.histogram_split("zorblat", field="source", top=5, by="year")
    matches = [d for d in generated_articles if holds(d, "zorblat")]
    assert split.total == len(matches)
    assert list(split.series) == sorted({d["source"] for d in matches},
                                        key=lambda s: -sum(d["source"] == s for d in matches))
    for source, h in split.series.items():
        assert h.total == sum(d["source"] == source for d in matches)
    assert sum(h.total for h in split.series.values()) + split.outside.total == split.total
    assert "(other)" in split.to_pandas().columns

    side = gen.facets_side_by_side({"z": "zorblat", "q": "quenix"}, by="place", top=0)
    for label, query in (("z", "zorblat"), ("q", "quenix")):
        single = gen.facets(query, by="place", top=0).to_dict()
        assert {v.value: v.count for v in side[label] if v.count} == single
    assert [v.value for v in side["z"]] == [v.value for v in side["q"]]


def test_saved_queries(tmp_path, generated_articles):
    path = tmp_path / "saved"
    with morgue.open(path, "c") as w, morgue.open(path, "r") as reader:
        w.add(generated_articles[:60])
        assert w.saved_queries() == {}
        w.save_query("zq", "zorblat OR quenix")
        w.save_query("both", "@zq -fambrok")
        assert w.saved_queries() == {"both": "@zq -fambrok", "zq": "zorblat OR quenix"}
        assert w.count("@both") == w.count("(zorblat OR quenix) -fambrok") > 0
        # A handle opened before sees them at its next read.
        assert reader.saved_queries() == w.saved_queries()
        assert reader.count("@both") == w.count("@both")
        assert [l.match for l in reader.kwic("@zq")] == [l.match for l in
                                                          reader.kwic("zorblat OR quenix")]
        with pytest.raises(morgue.QuerySyntaxError):
            w.save_query("zq", "@both")  # a cycle
        with pytest.raises(morgue.InvalidArgument):
            w.save_query("Not A Name", "zorblat")
        with pytest.raises(morgue.InvalidArgument):
            reader.save_query("x", "zorblat")  # read-only
        assert w.delete_query("both") is True
        assert w.delete_query("both") is False
        with pytest.raises(morgue.QuerySyntaxError):
            reader.count("@both")
