#!/usr/bin/env python3
"""Attention over time: the share of all articles that match each of two
queries, month by month, charted side by side.

    python3 examples/python/attention_over_time.py news.morgue 'topic:crude' 'topic:grain' \
        --out attention.png

Counts are morgue's exact counts; the share is count / all articles of the
month (a month without any article has no share and is left as a gap, not
drawn as zero). Needs python3-pandas and python3-matplotlib; draws with the
Agg backend, so it runs without a display.
"""

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import morgue  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive")
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--by", default="month", choices=["day", "week", "month", "year"])
    parser.add_argument("--from", dest="date_from")
    parser.add_argument("--to", dest="date_to")
    parser.add_argument("--out", default="attention.png")
    args = parser.parse_args()

    with morgue.open(args.archive) as archive:
        # One span for both queries: the archive's first to last day unless
        # given, so that the two series share their intervals.
        stats = archive.stats()
        date_from = args.date_from or stats.first
        date_to = args.date_to or stats.last
        series = {}
        for query in (args.first, args.second):
            h = archive.histogram(query, by=args.by, date_from=date_from, date_to=date_to)
            series[query] = h.to_pandas()["share"] * 100
            print(f"{query}: {h.total} matching articles"
                  + (f", {h.undated} undated (not charted)" if h.undated else ""))

    table = pd.DataFrame(series)
    print(table.round(2).to_string())

    fig, ax = plt.subplots(figsize=(9, 4))
    width = (table.index[1] - table.index[0]) * 0.4 if len(table) > 1 else pd.Timedelta(days=10)
    for i, query in enumerate(table.columns):
        ax.bar(table.index + (i - 0.5) * width, table[query], width=width, label=query)
    ax.set_ylabel(f"% of all articles of the {args.by}")
    ax.set_title("Attention over time")
    ax.legend()
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
