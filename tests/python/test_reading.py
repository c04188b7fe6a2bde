"""The reading methods on the generated archive, against brute-force counts
of the dicts it was built from (conftest.make_articles)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

import morgue
from conftest import PLACES, TOPICS, UTC, WORDS


def words_of(d):
    return set((d["title"] + " " + d["text"]).lower().replace(".", " ").split())


def day_of(d):
    return dt.datetime.fromisoformat(d["date"]).astimezone(UTC).date() if "date" in d else None


def test_count_and_search_total_match_brute_force(gen, generated_articles):
    for w in WORDS:
        expected = sum(1 for d in generated_articles if w in words_of(d))
        assert expected > 0
        assert gen.count(w) == expected
        assert gen.search(w).total == expected


def test_default_op_or_and(gen, generated_articles):
    a, b = WORDS[0], WORDS[1]
    both = sum(1 for d in generated_articles if {a, b} <= words_of(d))
    either = sum(1 for d in generated_articles if {a, b} & words_of(d))
    assert gen.count(f"{a} {b}") == both
    assert gen.count(f"{a} {b}", default_op="or") == either
    with pytest.raises(ValueError):
        gen.count(a, default_op="xor")


def test_search_pages_and_sort(gen, generated_articles):
    w = WORDS[2]
    total = gen.count(w)
    newest = gen.search(w, sort="newest", limit=total + 5)
    assert len(newest) == total and newest.exact
    dated = [h.published for h in newest if h.published is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(h.published.tzinfo is not None for h in newest if h.published)
    # pages tile the full list
    pages = []
    for offset in range(0, total, 7):
        pages += gen.search(w, sort="newest", limit=7, offset=offset).ids
    assert pages == newest.ids
    oldest = gen.search(w, sort="oldest", limit=total)
    assert [h.published for h in oldest if h.published] == sorted(dated)
    with pytest.raises(morgue.InvalidArgument):
        gen.search(w, sort="sideways")
    with pytest.raises(ValueError):
        gen.search(w, limit=-1)
    with pytest.raises(TypeError):
        gen.search(w, limit="10")


def test_hit_fields_and_snippets(gen):
    w = WORDS[3]
    hit = gen.search(w, limit=1)[0]
    assert isinstance(hit, morgue.Hit)
    assert w in hit.headline.lower() or w in hit.snippet.lower()
    for s, e in hit.highlights:
        assert hit.snippet[s:e].lower() == w
    d = hit.to_dict()
    assert d["id"] == hit.id and d["source"] == hit.source and d["score"] == hit.score
    assert ("<b>" in hit.snippet_html) == bool(hit.highlights)
    plain = gen.search(w, limit=1, snippets=False)[0]
    assert plain.snippet == "" and plain.highlights == []
    full = gen.search(w, limit=1, fetch_articles=True)[0]
    assert full.article is not None and full.article.id == full.id
    assert hit.article is None


def test_date_bounds_by_utc_day(gen, generated_articles):
    lo, hi = dt.date(2020, 3, 1), dt.date(2020, 6, 30)
    every = {"source": ["gen", "gen2"]}  # filters alone select every article they let through
    expected = sum(1 for d in generated_articles if day_of(d) and lo <= day_of(d) <= hi)
    assert gen.count(date_from=lo, date_to=hi, filters=every) == expected
    assert gen.count(date_from="2020-03", date_to="2020-06", filters=every) == expected
    assert len(list(gen.export(date_from=lo, date_to=hi))) == expected
    w = WORDS[6]
    assert gen.count(w, date_from=lo, date_to=hi) == sum(
        1 for d in generated_articles if day_of(d) and lo <= day_of(d) <= hi and w in words_of(d))
    # an aware datetime is taken as its UTC day: 2020-02-03T02:00+05:00 is 2020-02-02 UTC
    early = dt.datetime(2020, 2, 3, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    from_2nd = sum(1 for d in generated_articles if day_of(d) and day_of(d) >= dt.date(2020, 2, 2))
    from_3rd = sum(1 for d in generated_articles if day_of(d) and day_of(d) >= dt.date(2020, 2, 3))
    assert from_2nd > from_3rd
    assert gen.count(date_from=early, filters=every) == from_2nd
    assert gen.count(date_from=dt.date(2020, 2, 3), filters=every) == from_3rd
    with pytest.raises(ValueError, match="naive"):
        gen.count(w, date_from=dt.datetime(2020, 3, 1))
    # archive.h says kInvalidArgument, the library throws kQuerySyntax: both are ValueErrors
    with pytest.raises(ValueError, match="impossible date") as e:
        gen.count(w, date_from="2020-13")
    assert isinstance(e.value, morgue.Error)
    # search and count need a query or filters, as the command's do; the others take none
    with pytest.raises(morgue.QuerySyntaxError):
        gen.count()


def test_filters_and_built_queries(gen, generated_articles):
    n_grain = sum(1 for d in generated_articles if "grain" in d["topics"])
    assert gen.count(filters={"topic": "grain"}) == n_grain
    assert gen.count(filters=[("topic", "grain"), ("topic", "oil")]) == sum(
        1 for d in generated_articles if d["topics"][0] in ("grain", "oil"))
    q = morgue.Query.word(WORDS[0]) & morgue.Query.filter("place", "kenya")
    expected = sum(1 for d in generated_articles
                   if WORDS[0] in words_of(d) and "kenya" in d["places"])
    assert gen.count(q) == expected
    assert gen.count(str(q)) == expected
    assert gen.count(~morgue.Query.word(WORDS[0])) == len(generated_articles) - gen.count(WORDS[0])
    with pytest.raises(morgue.InvalidArgument):
        morgue.Query.word("")
    with pytest.raises(TypeError):
        gen.count(42)


def test_collapse_counts_groups(fresh):
    base = {"source": "s", "title": "Same wire story", "text": "Identical body about quenix."}
    fresh.add([dict(base, id=str(i)) for i in range(3)] + [
        {"id": "x", "source": "s", "title": "Other", "text": "A different quenix text."}])
    r = fresh.search("quenix", collapse=True)
    assert r.total == 4 and r.groups == 2 and len(r) == 2
    assert sorted(h.group_size for h in r) == [1, 3]
    assert fresh.count("quenix", collapse=True) == 2


def test_facets(gen, generated_articles):
    f = gen.facets(by="topic", top=0)
    assert f.total == len(generated_articles)
    assert f.to_dict() == dict(Counter(d["topics"][0] for d in generated_articles))
    counts = [v.count for v in f]
    assert counts == sorted(counts, reverse=True)
    top2 = gen.facets(by="place", top=2)
    assert len(top2) == 2
    w = WORDS[4]
    sub = gen.facets(w, by="place")
    assert sub.total == gen.count(w)
    assert sub.to_dict() == dict(Counter(d["places"][0] for d in generated_articles
                                         if w in words_of(d)))
    with pytest.raises(morgue.InvalidArgument):
        gen.facets(by="colour")
    with pytest.raises(TypeError):
        gen.facets()


def test_histogram_with_share_of_all(gen, generated_articles):
    w = WORDS[5]
    h = gen.histogram(w, by="month")
    months_all = Counter(day_of(d).replace(day=1) for d in generated_articles if day_of(d))
    months = Counter(day_of(d).replace(day=1) for d in generated_articles
                     if day_of(d) and w in words_of(d))
    assert h.total == gen.count(w)
    assert h.undated == sum(1 for d in generated_articles if not day_of(d) and w in words_of(d))
    assert sum(b.count for b in h) == h.total - h.undated
    for b in h:
        assert b.count == months.get(b.start, 0)
        assert b.all == months_all.get(b.start, 0)
        assert b.share == (b.count / b.all if b.all else None)
    assert [b.label for b in h][:1] and h.bins[0].label == h.bins[0].start.strftime("%Y-%m")
    # a fixed span: every month, empty ones too
    span = gen.histogram(w, by="month", date_from="2019-11", date_to="2020-02")
    assert [b.label for b in span] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert span[0].share is None and span[0].all == 0
    with pytest.raises(morgue.InvalidArgument):
        gen.histogram(w, by="fortnight")


def test_get_similar_stats(gen, generated_articles):
    a = gen.get("gen/g1")
    assert a is not None and a.id == "g1" and a.source == "gen"
    assert a.headline == generated_articles[1]["title"]
    assert a.published == dt.datetime.fromisoformat(generated_articles[1]["date"])
    assert gen.get("g1") == a  # a bare id one source has
    assert gen.get("nope") is None
    assert "gen/g1" in gen and "nope" not in gen
    with pytest.raises(morgue.NotFound):
        gen["nope"]
    sim = gen.similar("gen/g1", limit=5)
    assert "g1" not in sim.ids and sim.total > 0
    with pytest.raises(morgue.NotFound):
        gen.similar("nope")
    s = gen.stats()
    assert s.articles == len(generated_articles) == len(gen)
    assert s.undated == sum(1 for d in generated_articles if "date" not in d)
    firsts = [dt.datetime.fromisoformat(d["date"]) for d in generated_articles if "date" in d]
    assert s.first.date() == min(firsts).date() and s.last.date() == max(firsts).date()
    assert dict(s.top_sources) == dict(Counter(d["source"] for d in generated_articles))
    assert gen.check().ok


def test_explain_and_time_limit(gen):
    r = gen.search(WORDS[0], explain=True, time_limit_ms=10_000)
    assert WORDS[0] in r.query_description and r.parsed_query


def test_closed_archive_raises(generated):
    a = morgue.open(generated)
    a.close()
    assert a.closed
    with pytest.raises(ValueError, match="closed"):
        a.count("x")
    a.close()  # idempotent
