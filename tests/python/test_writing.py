"""add (dicts, Article objects, files), delete, compact, check; Unicode and
dates round trips."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

import morgue
from conftest import UTC


def test_add_dicts_with_reader_field_names(fresh):
    r = fresh.add([
        {"guid": 17, "source": {"name": "Wire"}, "headline": "Quenix rises",
         "body": ["First para.", "Second para."], "publishedAt": "2021-05-04T10:00:00+02:00",
         "people": "Ann Lee; Bo Chan", "organizations": ["Acme Corp"], "locations": ["Kenya"],
         "keywords": "grain|oil", "author": "Jo Smith", "category": ["Markets", "x"],
         "unknown_key": "ignored"},
    ])
    assert (r.added, r.replaced, r.unchanged) == (1, 0, 0)
    a = fresh.get("Wire/17")
    assert a.headline == "Quenix rises"
    assert a.body == ("First para.", "Second para.")
    assert a.published == dt.datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    assert a.date_only is False
    assert a.topics == ("grain", "oil") and a.authors == ("Jo Smith",) and a.section == "Markets"
    kinds = {(e.kind, e.name) for e in a.entities if e.origin == "user"}
    assert {("person", "Ann Lee"), ("person", "Bo Chan"), ("org", "Acme Corp"),
            ("place", "Kenya")} <= kinds
    assert fresh.count("place:kenya") == 1 and fresh.count('person:"ann lee"') == 1
    # the same record again: unchanged; changed: replaced
    assert fresh.add([{"guid": 17, "source": {"name": "Wire"}, "headline": "Quenix rises",
                       "body": ["First para.", "Second para."],
                       "publishedAt": "2021-05-04T10:00:00+02:00", "people": "Ann Lee; Bo Chan",
                       "organizations": ["Acme Corp"], "locations": ["Kenya"],
                       "keywords": "grain|oil", "author": "Jo Smith",
                       "category": ["Markets", "x"]}]).unchanged == 1
    assert fresh.add({"id": 17, "source": "Wire", "title": "Changed"}).replaced == 1
    assert fresh.get("Wire/17").headline == "Changed"


def test_add_source_argument_and_missing_fields(fresh):
    assert fresh.add([{"id": "a", "title": "T"}], source="mine").added == 1
    assert fresh.get("mine/a") is not None
    with pytest.raises(morgue.InvalidArgument, match="article 2 has no source"):
        fresh.add([{"id": "b", "source": "s", "title": "T"}, {"id": "c", "title": "T"}])
    with pytest.raises(morgue.InvalidArgument, match="article 1 has no id"):
        fresh.add([{"source": "s", "title": "T"}])
    with pytest.raises(TypeError):
        fresh.add([["not", "a", "dict"]])
    with pytest.raises(TypeError):
        fresh.add([{"id": "x", "source": "s", "title": object()}])


def test_a_bad_record_names_its_place_and_adds_nothing_of_its_batch(fresh):
    good = [{"id": str(i), "source": "s", "title": f"T{i}"} for i in range(5)]
    bad = {"id": "bad", "source": "s", "title": 12}  # title must be a string
    with pytest.raises(morgue.InvalidInput) as e:
        fresh.add(good + [bad])
    assert e.value.record == 6 and "article 6" in str(e.value)
    assert len(fresh) == 0
    long_topic = {"id": "t", "source": "s", "title": "T", "topics": ["x" * 300]}
    with pytest.raises(morgue.InvalidInput) as e:
        fresh.add(good + [long_topic])
    assert e.value.record == 6
    # batches before the failing one are committed
    with pytest.raises(morgue.InvalidInput) as e:
        fresh.add(good + [bad], batch_size=2)
    assert e.value.record == 6 and len(fresh) == 4


def test_add_article_objects_and_copy_between_archives(fresh, gen):
    a = morgue.Article(id="n1", source="made", headline="Made in Python",
                       body=["One.", "Two."], published=dt.date(2020, 2, 29),
                       topics=["t1"], entities=[morgue.Entity("Nairobi", "place")],
                       quotes=[morgue.Quote("We will", speaker="Ann Lee")],
                       captions=[morgue.Caption("A photo", "Jo")])
    assert a.date_only is True and a.published == dt.datetime(2020, 2, 29, tzinfo=UTC)
    copied = list(gen.export("", sort="oldest"))[:5]
    r = fresh.add([a] + copied)
    assert r.added == 6
    back = fresh.get("made/n1")
    assert back.headline == a.headline and back.body == a.body and back.date_only
    assert back.captions == a.captions
    for c in copied:
        assert fresh.get(f"{c.source}/{c.id}") == c
    with pytest.raises(TypeError):
        morgue.Article(nope=1)
    with pytest.raises(TypeError):
        morgue.Article(body="a str is not a list of paragraphs")
    with pytest.raises(ValueError):
        morgue.Entity("x", "animal")
    with pytest.raises(AttributeError):
        a.body.append("x")  # a tuple: changing a copy would be silent
    a.body = ["replaced"]
    assert a.body == ("replaced",)
    assert "Made in Python" in repr(a)
    assert morgue.article_problem(morgue.Article(id="", source="s")) != ""
    assert morgue.article_problem(a) == ""


def test_add_files_and_issues(fresh, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": 1, "title": "Zorblat one"}) + "\n" + "not json\n" +
                 json.dumps({"id": 2, "title": "Zorblat two"}) + "\n")
    r = fresh.add(p, source="files")
    assert r.added == 2 and len(r.issues) == 1 and r.issues[0].line == 2
    assert fresh.count("zorblat") == 2
    with pytest.raises(morgue.InvalidInput) as e:
        fresh.add_files([p], source="files", strict=True)
    assert e.value.line == 2 and e.value.file.endswith("in.jsonl")
    with pytest.raises(morgue.NotFound):
        fresh.add_files(tmp_path / "absent.jsonl")
    articles, issues = morgue.read(p)
    assert [a.id for a in articles] == ["1", "2"] and len(issues) == 1


def test_delete_compact_check(fresh):
    fresh.add([{"id": str(i), "source": "s", "title": f"quenix {i}"} for i in range(10)])
    assert fresh.delete("s/3") is True
    assert fresh.delete("4", source="s") is True
    assert fresh.delete("s/3") is False and fresh.delete("nope") is False
    assert fresh.count("quenix") == 8 and len(fresh) == 8
    fresh.compact()
    report = fresh.check()
    assert report.ok and report.articles == 8 and report.documents == 8


def test_read_only_archive_refuses_writes(generated):
    with morgue.open(generated) as a:
        assert not a.writable
        with pytest.raises(morgue.InvalidArgument):
            a.add([{"id": "x", "source": "s", "title": "t"}])
        with pytest.raises(morgue.InvalidArgument):
            a.compact()


UNICODE = [
    "Ελληνικά και κυριλλица",  # Greek, Cyrillic
    "中文新闻报道",  # CJK
    "خبر عاجل من القاهرة",  # Arabic (right to left)
    "emoji 🚀 and combining e\u0301",
    "zero\u200bwidth and \u202eRTL override",
]


def test_unicode_round_trip(fresh):
    arts = [{"id": f"u{i}-ü✓", "source": "ünï", "title": t, "text": t + " body.",
             "people": [t.split()[0]]} for i, t in enumerate(UNICODE)]
    fresh.add(arts)
    for i, t in enumerate(UNICODE):
        a = fresh.get(f"ünï/u{i}-ü✓")
        assert a is not None and a.id == f"u{i}-ü✓" and a.source == "ünï"
        # the reader's text hygiene removes the zero-width space (docs/formats.md)
        assert a.headline.replace("\u200b", "") == t.replace("\u200b", "")
    assert fresh.count("中文新闻报道") >= 1
    assert fresh.count("Ελληνικά") == 1 and fresh.count("ελληνικα") == 1  # folded
    hit = fresh.search("القاهرة")[0]
    assert hit.id == "u2-ü✓" and any(hit.snippet[s:e] == "القاهرة" for s, e in hit.highlights)
    # a lone surrogate is no text: refused, not stored as mojibake
    with pytest.raises(UnicodeEncodeError):
        fresh.add([{"id": "bad\udc80", "source": "s", "title": "t"}])
    with pytest.raises(UnicodeEncodeError):
        morgue.Article(id="bad\udc80")
    assert len(fresh) == len(UNICODE)


def test_dates_and_time_zones(fresh):
    plus5 = dt.timezone(dt.timedelta(hours=5))
    fresh.add([
        {"id": "late", "source": "s", "title": "t1",
         "date": dt.datetime(2020, 1, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))},
        {"id": "early", "source": "s", "title": "t2",
         "date": dt.datetime(2020, 1, 2, 3, 0, tzinfo=plus5)},
        {"id": "day", "source": "s", "title": "t3", "date": dt.date(1987, 10, 19)},
        {"id": "old", "source": "s", "title": "t4", "date": "1066-10-14"},
        {"id": "none", "source": "s", "title": "t5"},
    ])
    late = fresh.get("s/late")
    assert late.published == dt.datetime(2020, 1, 2, 4, 30, tzinfo=UTC)
    assert late.published.utcoffset() == dt.timedelta(0)
    assert fresh.get("s/early").published == dt.datetime(2020, 1, 1, 22, 0, tzinfo=UTC)
    assert fresh.get("s/day").date_only and fresh.get("s/day").published.hour == 0
    assert fresh.get("s/old").published.year == 1066
    assert fresh.get("s/none").published is None and fresh.get("s/none").date_only is None
    # by UTC day: "late" (local 1 Jan) is on 2 Jan, "early" (local 2 Jan) on 1 Jan
    days = {b.label: b.count for b in fresh.histogram(by="day", date_from="2020-01-01",
                                                       date_to="2020-01-02")}
    assert days == {"2020-01-01": 1, "2020-01-02": 1}
    assert [a.id for a in fresh.export(date_from="2020-01-02", date_to="2020-01-02")] == ["late"]
    assert fresh.search("t1", date_from="2020-01-02", date_to="2020-01-02").ids == ["late"]
    assert fresh.count("t2", date_from="2020-01-02") == 0
    with pytest.raises(ValueError, match="naive"):
        fresh.add([{"id": "n", "source": "s", "title": "t", "date": dt.datetime(2020, 1, 1)}])
    with pytest.raises(morgue.InvalidInput, match="outside the years"):
        fresh.add([{"id": "n", "source": "s", "title": "t", "date": "0001-01-01"}])
    a = morgue.Article(id="x", source="s")
    with pytest.raises(ValueError, match="naive"):
        a.published = dt.datetime(2020, 1, 1)
    a.published = "2020-01-01T10:00:00+01:00"
    assert a.published == dt.datetime(2020, 1, 1, 9, tzinfo=UTC)
    with pytest.raises(ValueError):
        a.published = "yesterday"


def test_backup_repair_salvage(tmp_path):
    path = tmp_path / "a"
    with morgue.open(path, "c") as a:
        a.add([{"id": str(i), "source": "s", "title": f"quenix {i}"} for i in range(12)])
        a.backup(tmp_path / "copy")
        with pytest.raises(morgue.InvalidArgument):
            a.backup(tmp_path / "copy")  # exists and is not empty
    with morgue.open(tmp_path / "copy") as b:
        assert b.count("quenix") == 12 and b.check().ok
    assert morgue.repair(path)["articles"] == 12
    report = morgue.salvage(path, tmp_path / "salvaged")
    assert report["copied"] == 12 and report["lost"] == []
    with morgue.open(tmp_path / "salvaged") as c:
        assert sorted(x.id for x in c.export()) == sorted(str(i) for i in range(12))
    with pytest.raises(morgue.NotFound):
        morgue.repair(tmp_path / "absent")


def test_text_helpers():
    # the examples of include/morgue/search.h
    assert morgue.mark_highlights("Exxon <XON>", [(7, 10)]) == "Exxon &lt;<b>XON</b>&gt;"
    assert morgue.mark_highlights("Exxon <XON>", [(7, 10)], "[", "]", "none") == "Exxon <[XON]>"
    assert morgue.escape_markup("a<b>&'\"") == "a&lt;b&gt;&amp;&#39;&quot;"
    assert morgue.escape_for_terminal("x\x1by\u202e") == "x\\x1by\\u202e"
    with pytest.raises(ValueError):
        morgue.mark_highlights("x", [], escape="latex")
    q = morgue.Query.near(["interest", "rates"], 3) | morgue.Query.prefix("econom")
    assert "NEAR/3" in str(q) and "econom*" in str(q)
    assert str(morgue.Query.parse("a OR b")) == str(morgue.Query.any_of(
        [morgue.Query.word("a"), morgue.Query.word("b")]))
