"""The Archive class and its results: the Pythonic surface over morgue._morgue."""

from __future__ import annotations

import datetime as _dt
import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _morgue
from . import errors
from ._morgue import Article, Hit, Query

_UTC = _dt.timezone.utc

DateLike = Union[str, _dt.date, _dt.datetime, None]
QueryLike = Union[str, Query, None]


# ---------------------------------------------------------------- requests


def _day(value: DateLike, what: str) -> Optional[str]:
    """A date bound as the library takes it: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a UTC day)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{what}: a naive datetime has no time zone; give one with tzinfo "
                "(e.g. datetime.timezone.utc) or pass a date or a 'YYYY-MM-DD' string"
            )
        return value.astimezone(_UTC).date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{what} must be a str, a date, a datetime or None, not {type(value).__name__}")


_U64_MAX = 2**64 - 1


def _count_arg(name: str, value: Any) -> int:
    if value.__class__ is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    if value > _U64_MAX:
        raise ValueError(f"{name} must be at most 2**64 - 1, got {value}")
    return value


def _text_arg(name: str, value: str) -> str:
    """`value` as the library takes it: text that UTF-8 can encode (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{name} is not valid text: {e.reason} at position {e.start}") from None
    return value


def _request(
    query: QueryLike = "",
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    seed: Optional[int] = None,
    date_from: DateLike = None,
    date_to: DateLike = None,
    default_op: str = "and",
    collapse: bool = False,
    snippets: bool = True,
    snippet_length: int = 200,
    filters: Union[Dict[str, Union[str, Sequence[str]]], Sequence[Tuple[str, str]], None] = None,
    explain: bool = False,
    fetch_articles: bool = False,
    time_limit_ms: int = 0,
    ranking: Optional[Dict[str, float]] = None,
) -> "_morgue._Request":
    built = None
    if query.__class__ is not str:
        if query is None:
            query = ""
        elif isinstance(query, Query):
            query, built = "", query
        elif not isinstance(query, str):
            raise TypeError(f"query must be a str or a morgue.Query, not {type(query).__name__}")
    _text_arg("query", query)
    if default_op == "and":
        default_and = True
    elif default_op == "or":
        default_and = False
    else:
        raise ValueError(f"default_op must be 'and' or 'or', not {default_op!r}")
    if date_from is not None and date_from.__class__ is not str:
        date_from = _day(date_from, "date_from")
    if date_to is not None and date_to.__class__ is not str:
        date_to = _day(date_to, "date_to")
    pairs: List[Tuple[str, str]] = []
    if filters:
        items = filters.items() if isinstance(filters, dict) else filters
        for fld, values in items:
            if isinstance(values, str):
                values = [values]
            for v in values:
                pairs.append((fld, v))
    if sort == "random":
        if seed is None:
            raise ValueError("sort='random' needs seed=N (any int from 0 to 2**64 - 1): the "
                             "same seed gives the same sample")
        seed = _count_arg("seed", seed)
    elif seed is not None:
        raise ValueError("seed goes with sort='random'")
    else:
        seed = 0
    rk = None
    if ranking:
        rk = _morgue._Ranking()
        for key, value in ranking.items():
            if not hasattr(rk, key) or key.startswith("_"):
                raise ValueError(f"ranking has no option {key!r}")
            setattr(rk, key, float(value))
    return _morgue._make_request(
        query, built, pairs, date_from, date_to, default_and, sort, seed,
        _count_arg("offset", offset), _count_arg("limit", limit), bool(collapse),
        bool(snippets), _count_arg("snippet_length", snippet_length), bool(explain),
        bool(fetch_articles), _count_arg("time_limit_ms", time_limit_ms), rk)


# ---------------------------------------------------------------- results


class FacetValue(NamedTuple):
    value: str
    count: int


class SearchResult:
    """A page of hits and the exact number of matching articles.

    ``total`` counts every matching article, ``exact`` is False only when
    ``time_limit_ms`` cut the match short (total is then an estimate),
    ``groups`` counts the groups of near-identical copies with
    ``collapse=True``; ``hits`` is the page. Iterating a result iterates its hits.
    On a cluster opened with ``allow_partial=True``, ``missing_nodes`` lists
    the nodes left out ("node 2 (tcp 10.0.0.12:7001): ...") and ``partial``
    is True: the numbers and hits then cover the other nodes only.
    """

    __slots__ = ("total", "exact", "groups", "hits", "query_description", "parsed_query",
                 "missing_nodes")

    def __init__(self, raw: tuple) -> None:
        (self.total, self.exact, self.groups, self.hits, self.query_description,
         self.parsed_query, self.missing_nodes) = raw

    @property
    def partial(self) -> bool:
        return bool(self.missing_nodes)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> Hit:
        return self.hits[i]

    @property
    def ids(self) -> List[str]:
        return [h.id for h in self.hits]

    def __repr__(self) -> str:
        exact = "" if self.exact else " (estimate)"
        partial = f" partial: {len(self.missing_nodes)} nodes missing" if self.missing_nodes else ""
        return f"<SearchResult total={self.total}{exact} hits={len(self.hits)}{partial}>"

    def to_pandas(self):
        """The hits as a DataFrame (one row per hit, in rank order)."""
        from ._pandas import hits_frame

        return hits_frame(self.hits)


class Facets:
    """Exact counts of matching articles per value of a field, largest first."""

    __slots__ = ("by", "total", "values", "missing_nodes")

    def __init__(self, by: str, raw: tuple) -> None:
        self.by = by
        self.total: int = raw[0]
        new = tuple.__new__
        self.values: List[FacetValue] = [new(FacetValue, v) for v in raw[1]]
        # As SearchResult.missing_nodes.
        self.missing_nodes: List[str] = raw[2]

    @property
    def partial(self) -> bool:
        return bool(self.missing_nodes)

    def __iter__(self) -> Iterator[FacetValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> FacetValue:
        return self.values[i]

    def to_dict(self) -> Dict[str, int]:
        return {v.value: v.count for v in self.values}

    def __repr__(self) -> str:
        return f"<Facets by={self.by} total={self.total} values={len(self.values)}>"

    def to_pandas(self):
        """Columns value, count, share (count / total matching articles)."""
        from ._pandas import facets_frame

        return facets_frame(self)


class Bin(NamedTuple):
    label: str  # "1987-03-05", "1987-W10", "1987-03", "1987"
    start: _dt.date  # the interval's first day
    count: int  # matching articles in the interval
    all: int  # all articles of the archive in the interval
    share: Optional[float]  # count / all; None when all is 0 (no share, not 0)


class Histogram:
    """Exact counts per interval, every interval of the span (empty ones too)."""

    __slots__ = ("by", "total", "undated", "bins", "missing_nodes")

    def __init__(self, by: str, raw: tuple) -> None:
        self.by = by
        self.total: int = raw[0]
        self.undated: int = raw[1]
        new = tuple.__new__
        self.bins: List[Bin] = [new(Bin, b) for b in raw[2]]
        # As SearchResult.missing_nodes.
        self.missing_nodes: List[str] = raw[3]

    @property
    def partial(self) -> bool:
        return bool(self.missing_nodes)

    def __iter__(self) -> Iterator[Bin]:
        return iter(self.bins)

    def __len__(self) -> int:
        return len(self.bins)

    def __getitem__(self, i: int) -> Bin:
        return self.bins[i]

    def __repr__(self) -> str:
        return f"<Histogram by={self.by} total={self.total} bins={len(self.bins)}>"

    def to_pandas(self):
        """Indexed by the interval's start (UTC): label, count, all, share (NaN: no share)."""
        from ._pandas import histogram_frame

        return histogram_frame(self)


class SideBySide(Dict[str, Any]):
    """Results of several queries side by side, by label, in the order given
    (a dict of :class:`Histogram` or :class:`Facets`): every histogram has the
    same bins, every facets result the same values."""

    def to_pandas(self, value: str = "count"):
        """One column per label: the histograms' bins (indexed by the interval's
        start) or the facets' values (indexed by value); ``value`` is
        ``"count"`` or ``"share"``."""
        from ._pandas import side_by_side_frame

        return side_by_side_frame(self, value)


class SplitHistograms:
    """``histogram_split``: one histogram per value of a field among the
    matches (``series``, by value, most matches first, all with the same bins)
    and ``outside``, the matches with none of those values."""

    __slots__ = ("field", "total", "series", "outside")

    def __init__(self, field: str, by: str, raw: tuple) -> None:
        self.field = field
        self.total: int = raw[0]
        self.series = SideBySide((v, Histogram(by, h)) for v, h in zip(raw[1], raw[2]))
        self.outside = Histogram(by, raw[3])

    def __repr__(self) -> str:
        return (f"<SplitHistograms field={self.field} total={self.total} "
                f"series={len(self.series)} outside={self.outside.total}>")

    def to_pandas(self, value: str = "count"):
        """One column per value, and ``(other)`` for the matches outside them."""
        from ._pandas import side_by_side_frame

        columns = SideBySide(self.series)
        columns["(other)"] = self.outside
        return side_by_side_frame(columns, value)


class Term(NamedTuple):
    term: str  # an indexed word, or two separated by a space
    phrase: bool
    in_matches: int  # counted articles with the term
    in_archive: int  # articles of the archive with it (an estimate when in_archive_estimated)
    score: float  # log-likelihood G2 (from the estimate when in_archive_estimated)
    in_archive_estimated: bool  # in_archive estimated from Terms.archive_sample articles


class TermsInterval(NamedTuple):
    label: str
    start: _dt.date
    documents: int  # counted articles in the interval
    terms: List[Term]


class Terms:
    """The terms that set the matches apart from the archive (docs/research.md):
    ``terms`` by log-likelihood, and per interval with ``by``. ``documents``
    articles were counted: one per group of copies (``groups``) of the
    ``total`` matches, or a seeded sample of them when ``sampled``. A term's
    ``in_archive`` is exact unless ``in_archive_estimated``: then it was
    counted over a seeded sample of ``archive_sample`` articles of the archive
    (``None`` when every count is exact)."""

    __slots__ = ("field", "total", "groups", "documents", "sampled", "seed", "archive",
                 "undated", "terms", "intervals", "archive_sample")

    def __init__(self, field: str, raw: tuple) -> None:
        self.field = field
        (self.total, self.groups, self.documents, self.sampled, self.seed, self.archive,
         self.undated) = raw[:7]
        new = tuple.__new__
        self.terms: List[Term] = [new(Term, t) for t in raw[7]]
        self.intervals: List[TermsInterval] = [
            TermsInterval(label, start, documents, [new(Term, t) for t in terms])
            for label, start, documents, terms in raw[8]
        ]
        self.archive_sample: Optional[int] = raw[9]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, i: int) -> Term:
        return self.terms[i]

    def __repr__(self) -> str:
        sample = f" sampled(seed={self.seed})" if self.sampled else ""
        if self.archive_sample:
            sample += f" archive_sample={self.archive_sample}"
        return (f"<Terms field={self.field} total={self.total} documents={self.documents}"
                f"{sample} terms={len(self.terms)}>")

    def to_pandas(self):
        """One row per term: interval ("all" for the whole), start, term,
        phrase, in_matches, counted, in_archive, archive, score, sampled,
        in_archive_estimated, archive_sample (the columns of ``morgue terms
        --format csv``)."""
        from ._pandas import terms_frame

        return terms_frame(self)


class KwicLine(NamedTuple):
    id: str
    source: str
    published: Optional[_dt.datetime]
    field: str  # "headline", "body", "quote" or "caption"
    paragraph: int
    offset: int  # byte offset of the match in the paragraph
    left: str
    match: str
    right: str


@dataclass
class Stats:
    format_version: int
    language: str
    shards: int
    nodes: int
    articles: int
    first: Optional[_dt.datetime]
    last: Optional[_dt.datetime]
    undated: int
    # A cluster's stores and files are on its nodes: None there.
    quarantined: Optional[int]
    store_bytes: Optional[int]
    index_bytes: Optional[int]
    total_bytes: Optional[int]
    top_sources: List[FacetValue]
    top_sections: List[FacetValue]
    top_persons: List[FacetValue]
    top_orgs: List[FacetValue]
    top_places: List[FacetValue]
    # A cluster's articles on each node (node k at k - 1); None for an archive.
    node_articles: Optional[List[int]] = None
    # A cluster opened with allow_partial=True: the nodes left out (their
    # node_articles 0, every count of the other nodes only); None for an archive.
    missing_nodes: Optional[List[str]] = None

    @property
    def partial(self) -> bool:
        return bool(self.missing_nodes)


@dataclass
class CheckReport:
    articles: int
    ids: int
    documents: int
    pending: int
    missing_from_index: int
    missing_from_store: int
    dangling_ids: int
    undecodable: int
    quarantined: int
    unreadable: int
    lost: int
    store_damaged: bool
    problems: List[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ReadIssue:
    file: str
    line: int
    record: int
    reason: str
    skipped: bool
    message: str


@dataclass
class AddResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    superseded: int = 0
    issues: List[ReadIssue] = field(default_factory=list)

    def _plus(self, stats: Dict[str, int]) -> None:
        self.added += stats["added"]
        self.replaced += stats["replaced"]
        self.unchanged += stats["unchanged"]
        self.superseded += stats["superseded"]


class Export:
    """Every matching article, streamed: a lazy, single-use iterator.

    A background thread runs the export and hands articles over through a
    small bounded queue, so memory stays flat over any number of articles.
    No lock is held between items: the loop body may search the same archive.
    Ctrl-C while waiting for the next article raises KeyboardInterrupt and
    stops the export. ``close()`` (or leaving a ``with`` block) stops it early.
    """

    _BATCH = 64

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._buffer: List[Article] = []
        self._next = 0
        self._delivered = 0

    def __iter__(self) -> "Export":
        return self

    def __next__(self) -> Article:
        if self._next < len(self._buffer):
            article = self._buffer[self._next]
            self._buffer[self._next] = None  # type: ignore[call-overload]
            self._next += 1
            self._delivered += 1
            return self._item(article)
        if self._stream is None:
            raise StopIteration
        try:
            self._buffer = self._stream.next_batch(self._BATCH)
        except BaseException:
            self.close()
            raise
        self._next = 0
        if not self._buffer:
            self.close()
            raise StopIteration
        return self.__next__()

    @staticmethod
    def _item(raw: Any) -> Any:
        """The item handed out for what the stream gave."""
        return raw

    def close(self) -> None:
        stream, self._stream = self._stream, None
        self._buffer = []
        if stream is not None:
            stream.close()

    @property
    def delivered(self) -> int:
        """Items this iterator has returned so far."""
        return self._delivered

    def __enter__(self) -> "Export":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def to_pandas(self, columns: Optional[Sequence[str]] = None):
        """The remaining articles as a DataFrame (the columns of ``morgue export --format csv``,
        lists as lists); consumes the iterator."""
        from ._pandas import articles_frame

        return articles_frame(self, columns)


class Kwic(Export):
    """Every occurrence of the query's words in context, streamed as
    :class:`Export` streams articles: a lazy, single-use iterator of
    :class:`KwicLine`."""

    @staticmethod
    def _item(raw: Any) -> KwicLine:
        return tuple.__new__(KwicLine, raw)

    def __enter__(self) -> "Kwic":
        return self

    def to_pandas(self):  # type: ignore[override]
        """The remaining lines as a DataFrame (the columns of ``morgue kwic
        --format csv``); consumes the iterator."""
        from ._pandas import kwic_frame

        return kwic_frame(self)


# ---------------------------------------------------------------- adding


def _norm_key(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "").replace(" ", "")


_ID_KEYS = {"id", "guid", "newid", "docid", "articleid"}


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                "a naive datetime has no time zone; give one with tzinfo "
                "(e.g. datetime.timezone.utc) or an ISO 8601 string"
            )
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot store a {type(value).__name__} in an article")


def _from_dicts(dicts: List[Dict[str, Any]], first: int, source: Optional[str]) -> List[Article]:
    """Articles from dicts with the JSON Lines reader's field names (docs/formats.md)."""
    lines = []
    for n, d in enumerate(dicts, first):
        keys = {_norm_key(k) for k in d if isinstance(k, str) and d[k] is not None}
        if not keys & _ID_KEYS:
            raise errors.InvalidArgument(f"article {n} has no id")
        if "source" not in keys and not source:
            raise errors.InvalidArgument(
                f"article {n} has no source; give it one or call add(..., source=NAME)")
        lines.append(json.dumps(d, default=_json_default, ensure_ascii=False, allow_nan=False))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    try:
        articles, _ = _morgue.read_buffer("articles.jsonl", data, "jsonl", source or "", True)
    except errors.InvalidInput as e:
        _renumber(e, first - 1, e.line)
        raise
    return articles


def _renumber(e: errors.Error, offset: int, place: Optional[int]) -> None:
    if place:
        e.record = offset + place
        e.args = (f"article {offset + place}: {e.args[0]}",)


# ---------------------------------------------------------------- the archive


class Archive:
    """An open archive; see :func:`morgue.open`.

    Reading methods may be called from several threads at once (each releases
    the GIL while morgue works); writes (add, delete, compact) are serialised.
    Use it as a context manager, or call close(), to release the write lock.
    """

    def __init__(self, path: Union[str, os.PathLike], mode: str = "r", *, shards: int = 2,
                 language: str = "en", shards_at_once_from: int = 100_000,
                 allow_partial: bool = False) -> None:
        self._a = _morgue._Archive(os.fspath(path), mode, shards, language, shards_at_once_from,
                                   bool(allow_partial))
        self._write_lock = threading.Lock()

    # -- life
    @property
    def path(self) -> str:
        return self._a.dir

    @property
    def closed(self) -> bool:
        return self._a.closed

    @property
    def writable(self) -> bool:
        return self._a.writable

    def close(self) -> None:
        """Closes the archive (and releases the write lock). Idempotent."""
        self._a.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else ("writable" if self.writable else "read-only")
        return f"<morgue.Archive {self.path!r} {state}>"

    # -- reading
    def search(self, query: QueryLike = "", *, limit: int = 10, offset: int = 0,
               sort: str = "relevance", seed: Optional[int] = None, date_from: DateLike = None,
               date_to: DateLike = None, default_op: str = "and", collapse: bool = False,
               snippets: bool = True, **options: Any) -> SearchResult:
        r = _request(query, limit=limit, offset=offset, sort=sort, seed=seed, date_from=date_from,
                     date_to=date_to, default_op=default_op, collapse=collapse,
                     snippets=snippets, **options)
        return SearchResult(self._a.search(r))

    def count(self, query: QueryLike = "", *, date_from: DateLike = None,
              date_to: DateLike = None, default_op: str = "and", collapse: bool = False,
              **options: Any) -> int:
        r = _request(query, date_from=date_from, date_to=date_to, default_op=default_op,
                     collapse=collapse, **options)
        return self._a.count(r)

    def facets(self, query: QueryLike = "", *, by: str, top: int = 10,
               date_from: DateLike = None, date_to: DateLike = None, default_op: str = "and",
               **options: Any) -> Facets:
        if isinstance(top, bool) or not isinstance(top, int) or top < 0 or top > _U64_MAX:
            raise ValueError(f"top must be an int from 0 (all) to 2**64 - 1, got {top!r}")
        r = _request(query, date_from=date_from, date_to=date_to, default_op=default_op,
                     **options)
        return Facets(by, self._a.facets(r, by, top))

    def histogram(self, query: QueryLike = "", *, by: str = "month", date_from: DateLike = None,
                  date_to: DateLike = None, default_op: str = "and",
                  **options: Any) -> Histogram:
        r = _request(query, date_from=date_from, date_to=date_to, default_op=default_op,
                     **options)
        return Histogram(by, self._a.histogram(r, by))

    def _series(self, queries: Any, options: Dict[str, Any]) -> Tuple[List[str], list]:
        """Labels and requests of several queries: a mapping label -> query,
        or a sequence of queries (each labelled by its text)."""
        if isinstance(queries, (str, Query)):
            raise TypeError("queries must be several: a dict label -> query or a list of queries")
        if isinstance(queries, dict):
            items = list(queries.items())
        else:
            items = [(q if isinstance(q, str) else str(q), q) for q in queries]
        if not items:
            raise ValueError("queries is empty: give at least one")
        labels, requests = [], []
        for label, query in items:
            if not isinstance(label, str):
                raise TypeError(f"a label must be a str, not {type(label).__name__}")
            labels.append(_text_arg("label", label))
            requests.append(_request(query, **options))
        if len(set(labels)) != len(labels):
            raise ValueError("two queries have the same label: each needs a label of its own")
        return labels, requests

    def histograms_side_by_side(self, queries: Union[Dict[str, QueryLike], Sequence[QueryLike]],
                                *, by: str = "month", date_from: DateLike = None,
                                date_to: DateLike = None, default_op: str = "and",
                                **options: Any) -> SideBySide:
        """Histograms of several queries over one span of intervals (the same
        bins in each), each bin exactly what :meth:`histogram` gives."""
        labels, requests = self._series(queries, dict(date_from=date_from, date_to=date_to,
                                                      default_op=default_op, **options))
        raw = self._a.histograms_side_by_side(requests, by)
        return SideBySide((label, Histogram(by, h)) for label, h in zip(labels, raw))

    def histogram_split(self, query: QueryLike = "", *, field: str = "source", top: int = 5,
                        by: str = "month", date_from: DateLike = None, date_to: DateLike = None,
                        default_op: str = "and", **options: Any) -> SplitHistograms:
        """One histogram per value of ``field`` ("source", "section", "place",
        or any facet field) among the matches: the ``top`` values with the most
        matches, and the matches with none of them."""
        r = _request(query, date_from=date_from, date_to=date_to, default_op=default_op,
                     **options)
        return SplitHistograms(field, by,
                               self._a.histogram_split(r, field, _count_arg("top", top), by))

    def facets_side_by_side(self, queries: Union[Dict[str, QueryLike], Sequence[QueryLike]],
                            *, by: str, top: int = 10, date_from: DateLike = None,
                            date_to: DateLike = None, default_op: str = "and",
                            **options: Any) -> SideBySide:
        """Facets of several queries, each listing the same values (the union
        of each query's ``top``), every count exact."""
        labels, requests = self._series(queries, dict(date_from=date_from, date_to=date_to,
                                                      default_op=default_op, **options))
        raw = self._a.facets_side_by_side(requests, by, _count_arg("top", top))
        return SideBySide((label, Facets(by, f)) for label, f in zip(labels, raw))

    def terms(self, query: QueryLike = "", *, field: str = "body", top: int = 20,
              kind: str = "both", by: Optional[str] = None, min_count: int = 3,
              sample_size: int = 10_000, seed: int = 1, phrase_candidates: int = 200,
              collapse: bool = True, keep_stop_terms: bool = False, date_from: DateLike = None,
              date_to: DateLike = None, default_op: str = "and",
              phrase_match_limit: Optional[int] = 20_000, archive_sample: int = 100_000,
              **options: Any) -> Terms:
        """The words and two-word phrases that set the matches apart from the
        archive (``morgue terms``; docs/research.md). A phrase whose exact
        archive count would check more than ``phrase_match_limit`` articles
        is estimated over a seeded sample of ``archive_sample`` articles
        (``None``: every count exact)."""
        if kind not in ("words", "phrases", "both"):
            raise ValueError(f"kind must be 'words', 'phrases' or 'both', not {kind!r}")
        r = _request(query, date_from=date_from, date_to=date_to, default_op=default_op,
                     **options)
        return Terms(field, self._a.terms(
            r, field, _count_arg("top", top), kind != "phrases", kind != "words",
            bool(collapse), not keep_stop_terms, _count_arg("min_count", min_count),
            _count_arg("sample_size", sample_size), _count_arg("seed", seed),
            _count_arg("phrase_candidates", phrase_candidates), by or "",
            _U64_MAX if phrase_match_limit is None
            else _count_arg("phrase_match_limit", phrase_match_limit),
            _count_arg("archive_sample", archive_sample)))

    def kwic(self, query: QueryLike, *, width: int = 40, sort: str = "oldest",
             seed: Optional[int] = None, date_from: DateLike = None, date_to: DateLike = None,
             default_op: str = "and", queue: int = 1024, **options: Any) -> Kwic:
        """Every occurrence of the query's words and phrases in the matching
        articles, as :class:`KwicLine` (left context, match, right context),
        streamed (``morgue kwic``; docs/research.md)."""
        r = _request(query, sort=sort, seed=seed, date_from=date_from, date_to=date_to,
                     default_op=default_op, **options)
        return Kwic(self._a.kwic(r, _count_arg("width", width), _count_arg("queue", queue)))

    def saved_queries(self) -> Dict[str, str]:
        """The saved queries (``@name`` in any query), name -> query text."""
        return dict(self._a.saved_queries())

    def export(self, query: QueryLike = "", *, sort: str = "relevance",
               seed: Optional[int] = None, date_from: DateLike = None, date_to: DateLike = None,
               default_op: str = "and", queue: int = 256, **options: Any) -> Export:
        r = _request(query, sort=sort, seed=seed, date_from=date_from, date_to=date_to,
                     default_op=default_op, **options)
        return Export(self._a.export(r, _count_arg("queue", queue)))

    def similar(self, id: str, query: QueryLike = "", *, limit: int = 10, offset: int = 0,
                date_from: DateLike = None, date_to: DateLike = None, snippets: bool = True,
                **options: Any) -> SearchResult:
        r = _request(query, limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                     snippets=snippets, **options)
        return SearchResult(self._a.similar(_text_arg("id", id) if isinstance(id, str) else id, r))

    def get(self, id: str) -> Optional[Article]:
        """The article "source/id" (or a bare id that one source has), or None."""
        return self._a.get(_text_arg("id", id) if isinstance(id, str) else id)

    def __getitem__(self, id: str) -> Article:
        article = self._a.get(_text_arg("id", id) if isinstance(id, str) else id)
        if article is None:
            raise errors.NotFound(f"no article with id {id}")
        return article

    def __contains__(self, id: str) -> bool:
        return self._a.get(_text_arg("id", id) if isinstance(id, str) else id) is not None

    def __len__(self) -> int:
        return self._a.article_count()

    def stats(self, top: int = 10) -> Stats:
        d = self._a.stats(_count_arg("top", top))
        for key in ("top_sources", "top_sections", "top_persons", "top_orgs", "top_places"):
            d[key] = [FacetValue(v, c) for v, c in d[key]]
        return Stats(**d)

    def check(self) -> CheckReport:
        return CheckReport(**self._a.check())

    def backup(self, dest: Union[str, os.PathLike]) -> None:
        self._a.backup(os.fspath(dest))

    # -- writing
    def add(self, articles: Union[Iterable[Union[Dict[str, Any], Article]], str, os.PathLike],
            *, source: Optional[str] = None, batch_size: int = 10_000) -> AddResult:
        """Adds articles: dicts with the JSON Lines reader's field names
        (docs/formats.md), Article objects, or a path (file or directory, as
        ``add_files``). Each batch of ``batch_size`` is checked whole before
        anything of it is written and is durable when the next one starts."""
        if isinstance(articles, (str, os.PathLike)):
            return self.add_files([articles], source=source)
        if isinstance(articles, (dict, Article)):
            articles = [articles]
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        result = AddResult()
        batch: List[Article] = []
        dicts: List[Dict[str, Any]] = []
        n = 0  # articles taken so far
        start = 1  # 1-based place of batch[0]

        def flush_dicts() -> None:
            if dicts:
                batch.extend(_from_dicts(dicts, n - len(dicts) + 1, source))
                dicts.clear()

        def flush() -> None:
            nonlocal start
            flush_dicts()
            if batch:
                self._add(batch, start - 1, result)
                start += len(batch)
                batch.clear()

        for item in articles:
            n += 1
            if isinstance(item, Article):
                flush_dicts()
                batch.append(item)
            elif isinstance(item, dict):
                dicts.append(item)
            else:
                raise TypeError(f"article {n} is a {type(item).__name__}, not a dict or an Article")
            if len(batch) + len(dicts) >= batch_size:
                flush()
        flush()
        return result

    def _add(self, batch: List[Article], offset: int, result: AddResult) -> None:
        with self._write_lock:
            try:
                result._plus(self._a.add(batch))
            except errors.InvalidArgument as e:
                _renumber(e, offset, e.record)
                raise

    def add_files(self, paths: Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]], *,
                  format: str = "auto", source: Optional[str] = None, strict: bool = False,
                  batch_size: int = 10_000) -> AddResult:
        """Reads files or directories as ``morgue index`` does and adds their
        articles. Records that cannot be read are listed in ``issues`` (with
        ``strict=True`` the first one raises InvalidInput and nothing of that
        file is added)."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        result = AddResult()
        for path in paths:
            articles, issues = _morgue.read(os.fspath(path), format, source or "", strict)
            result.issues.extend(ReadIssue(**i) for i in issues)
            for first in range(0, len(articles), batch_size):
                self._add(articles[first:first + batch_size], first, result)
        return result

    def delete(self, id: str, *, source: Optional[str] = None) -> bool:
        """Deletes the article; False when there is none. ``id`` is "source/id"
        or a bare id, or give ``source`` separately."""
        if source is None:
            article = self._a.get(id)
            if article is None:
                return False
            source, id = article.source, article.id
        with self._write_lock:
            return self._a.delete(source, id)

    def compact(self) -> None:
        with self._write_lock:
            self._a.compact()

    def save_query(self, name: str, query: str) -> None:
        """Saves ``query`` under ``name`` (a-z, 0-9, _ and -, a letter first),
        replacing one saved before; ``@name`` in any query then stands for it.
        The query must parse (QuerySyntaxError otherwise, also for a cycle)."""
        with self._write_lock:
            self._a.save_query(_text_arg("name", name), _text_arg("query", query))

    def delete_query(self, name: str) -> bool:
        """Deletes the saved query; False when there is none of that name."""
        with self._write_lock:
            return self._a.delete_query(_text_arg("name", name))


def open(path: Union[str, os.PathLike], mode: str = "r", *, shards: int = 2,
         language: str = "en", shards_at_once_from: int = 100_000,
         allow_partial: bool = False) -> Archive:
    """Opens the archive in directory ``path``.

    mode "r": read-only (it must exist); "w": read-write, taking the write
    lock (it must exist); "c": read-write, creating it when the directory is
    absent or empty (``shards`` and ``language`` then apply).
    ``allow_partial``: on a cluster, a node that is down or slow is left out
    of search, similar, facets and histograms, whose results list it
    (``missing_nodes``, ``partial``); count, export and kwic, which have no
    place to say so, still raise. Ignored by an archive of its own.
    """
    return Archive(path, mode, shards=shards, language=language,
                   shards_at_once_from=shards_at_once_from, allow_partial=allow_partial)
