"""DataFrames of morgue's results. pandas is imported here only, when a
to_pandas() method is called: the rest of the module works without it."""

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence

try:
    import pandas as pd
except ImportError as e:  # pragma: no cover - depends on the machine
    raise ImportError(
        "to_pandas() needs pandas (Debian: apt-get install python3-pandas)") from e


def _utc(values: List[Any]) -> "pd.Series":
    # datetime objects (UTC-aware) or None -> datetime64[ns, UTC] with NaT.
    return pd.to_datetime(pd.Series(values, dtype=object), utc=True)


HIT_COLUMNS = ["id", "source", "published", "date_only", "headline", "score", "snippet",
               "highlights", "group_size"]


def hits_frame(hits: Sequence[Any]) -> "pd.DataFrame":
    data = {c: [getattr(h, c) for h in hits] for c in HIT_COLUMNS}
    frame = pd.DataFrame(data, columns=HIT_COLUMNS)
    frame["published"] = _utc(data["published"])
    return frame


def facets_frame(facets: Any) -> "pd.DataFrame":
    frame = pd.DataFrame([(v.value, v.count) for v in facets.values], columns=["value", "count"])
    frame["share"] = frame["count"] / facets.total if facets.total else float("nan")
    return frame


def histogram_frame(histogram: Any) -> "pd.DataFrame":
    bins = histogram.bins
    frame = pd.DataFrame(
        {
            "label": [b.label for b in bins],
            "count": [b.count for b in bins],
            "all": [b.all for b in bins],
            # None (no article in the interval: no share) becomes NaN
            "share": [float("nan") if b.share is None else b.share for b in bins],
        },
        index=pd.DatetimeIndex([pd.Timestamp(b.start, tz="UTC") for b in bins], name="start"),
    )
    return frame.astype({"count": "int64", "all": "int64", "share": "float64"})


# The columns of `morgue export --format csv` (docs/formats.md), lists kept as
# lists and body as one text (paragraphs joined by a blank line).
ARTICLE_COLUMNS = ["id", "source", "published", "date_only", "section", "headline", "url",
                   "authors", "dateline", "topics", "persons", "orgs", "places", "language",
                   "body"]


def _entities(article: Any, kind: str) -> List[str]:
    return sorted({e.canonical for e in article.entities if e.kind == kind and e.canonical})


_GETTERS = {
    "authors": lambda a: list(a.authors),
    "topics": lambda a: list(a.topics),
    "persons": lambda a: _entities(a, "person"),
    "orgs": lambda a: _entities(a, "org"),
    "places": lambda a: _entities(a, "place"),
    "body": lambda a: a.text,
}


def articles_frame(articles: Iterable[Any], columns: Optional[Sequence[str]]) -> "pd.DataFrame":
    columns = list(columns) if columns is not None else ARTICLE_COLUMNS
    unknown = [c for c in columns if c not in ARTICLE_COLUMNS and c not in
               ("quotes", "captions", "entities")]
    if unknown:
        raise ValueError(f"unknown columns {unknown}; known: {ARTICLE_COLUMNS}")
    getters = [(c, _GETTERS.get(c)) for c in columns]
    data: dict = {c: [] for c in columns}
    lists = [data[c] for c in columns]
    for a in articles:
        for (c, get), out in zip(getters, lists):
            out.append(get(a) if get is not None else getattr(a, c))
    frame = pd.DataFrame(data, columns=columns)
    if "published" in data:
        frame["published"] = _utc(data["published"])
    return frame


def side_by_side_frame(results: Any, value: str) -> "pd.DataFrame":
    """One column per label: histograms by interval start, facets by value."""
    if value not in ("count", "share"):
        raise ValueError(f"value must be 'count' or 'share', not {value!r}")
    columns = {}
    for label, result in results.items():
        if hasattr(result, "bins"):
            frame = histogram_frame(result)
        else:
            frame = facets_frame(result).set_index("value")
        columns[label] = frame[value]
    return pd.DataFrame(columns)


TERMS_COLUMNS = ["interval", "start", "term", "phrase", "in_matches", "counted", "in_archive",
                 "archive", "score", "sampled", "in_archive_estimated", "archive_sample"]


def terms_frame(terms: Any) -> "pd.DataFrame":
    archive_sample = terms.archive_sample or 0
    rows = [("all", pd.NaT, t.term, t.phrase, t.in_matches, terms.documents, t.in_archive,
             terms.archive, t.score, terms.sampled, t.in_archive_estimated, archive_sample)
            for t in terms.terms]
    for i in terms.intervals:
        start = pd.Timestamp(i.start, tz="UTC")
        rows.extend((i.label, start, t.term, t.phrase, t.in_matches, i.documents, t.in_archive,
                     terms.archive, t.score, terms.sampled, t.in_archive_estimated,
                     archive_sample) for t in i.terms)
    frame = pd.DataFrame(rows, columns=TERMS_COLUMNS)
    frame["start"] = pd.to_datetime(frame["start"], utc=True)
    return frame


KWIC_COLUMNS = ["id", "source", "published", "field", "paragraph", "offset", "left", "match",
                "right"]


def kwic_frame(lines: Iterable[Any]) -> "pd.DataFrame":
    frame = pd.DataFrame(list(lines), columns=KWIC_COLUMNS)
    frame["published"] = _utc(list(frame["published"]))
    return frame
