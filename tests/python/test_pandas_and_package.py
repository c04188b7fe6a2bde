"""to_pandas() on every result; the module without pandas; the stubs; the example."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import morgue
from conftest import WORDS

pd = pytest.importorskip("pandas")

PACKAGE = Path(morgue.__file__).parent


def test_hits_to_pandas(gen):
    r = gen.search(WORDS[0], limit=20, sort="newest")
    df = r.to_pandas()
    assert list(df["id"]) == r.ids
    assert str(df["published"].dtype) == "datetime64[ns, UTC]"
    for (_, row), h in zip(df.iterrows(), r):
        if h.published is None:
            assert pd.isna(row["published"])
        else:
            assert row["published"].to_pydatetime() == h.published
        assert row["score"] == h.score and row["snippet"] == h.snippet
    assert len(gen.search("nothingmatchesthis").to_pandas()) == 0


def test_facets_and_histogram_to_pandas(gen):
    f = gen.facets(by="topic")
    df = f.to_pandas()
    assert dict(zip(df["value"], df["count"])) == f.to_dict()
    assert df["share"].sum() == pytest.approx(sum(v.count for v in f) / f.total)
    h = gen.histogram(WORDS[1], by="month", date_from="2019-12", date_to="2020-12")
    hd = h.to_pandas()
    assert list(hd["count"]) == [b.count for b in h] and list(hd["all"]) == [b.all for b in h]
    assert pd.isna(hd["share"].iloc[0])  # December 2019: no article, no share
    assert list(hd["share"].iloc[1:]) == [b.share for b in h.bins[1:]]
    assert str(hd.index.dtype) == "datetime64[ns, UTC]"
    assert hd.index[1] == pd.Timestamp("2020-01-01", tz="UTC")


def test_export_to_pandas(gen):
    df = gen.export(WORDS[2], sort="oldest").to_pandas()
    articles = list(gen.export(WORDS[2], sort="oldest"))
    assert list(df["id"]) == [a.id for a in articles]
    assert list(df["body"]) == [a.text for a in articles]
    assert list(df["places"]) == [sorted({e.canonical for e in a.entities if e.kind == "place"})
                                  for a in articles]
    assert df["published"].isna().sum() == sum(1 for a in articles if a.published is None)
    small = gen.export(WORDS[2]).to_pandas(columns=["id", "headline"])
    assert list(small.columns) == ["id", "headline"]
    with pytest.raises(ValueError):
        gen.export().to_pandas(columns=["nope"])


def test_the_module_works_without_pandas(generated):
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import morgue\n"
        f"a = morgue.open({str(generated)!r})\n"
        f"r = a.search({WORDS[0]!r})\n"
        "assert r.total > 0\n"
        "try:\n"
        "    r.to_pandas()\n"
        "except ImportError as e:\n"
        "    print('ImportError', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert "ImportError" in out.stdout and "python3-pandas" in out.stdout


def test_stubs_cover_the_public_api():
    stub = ast.parse((PACKAGE / "__init__.pyi").read_text())
    names = set()
    methods = {}
    for node in stub.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            methods[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    missing = set(morgue.__all__) - names
    assert not missing, f"not in __init__.pyi: {missing}"
    for cls in ("Archive", "Article", "Hit", "SearchResult", "Export", "Facets", "Histogram"):
        public = {n for n in dir(getattr(morgue, cls)) if not n.startswith("_")}
        assert public <= methods[cls], f"{cls}: {public - methods[cls]} not in the stubs"
    assert (PACKAGE / "py.typed").exists()


def test_signatures_of_archive_methods():
    sig = inspect.signature(morgue.Archive.search)
    for name in ("limit", "offset", "sort", "date_from", "date_to", "default_op", "collapse",
                 "snippets"):
        assert sig.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY


def test_example_charts_two_queries(reuters, tmp_path):
    pytest.importorskip("matplotlib")
    example = Path(os.environ.get("MORGUE_SOURCE_DIR", Path(__file__).parents[2])) / \
        "examples" / "python" / "attention_over_time.py"
    png = tmp_path / "chart.png"
    out = subprocess.run([sys.executable, str(example), str(reuters), "topic:crude",
                          "topic:grain", "--out", str(png)], capture_output=True, text=True,
                         env=dict(os.environ, MPLBACKEND="Agg"))
    assert out.returncode == 0, out.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "topic:crude" in out.stdout
