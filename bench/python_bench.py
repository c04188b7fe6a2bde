#!/usr/bin/env python3
"""The cost of the Python module against the C++ library, side by side in one run
(docs/python.md, "Performance").

1. Queries: `morgue bench query` (C++) and the same mix through the module
   (two untimed warm-up passes, then --repeat interleaved rounds, as
   bench/query_benchmark.cc does), alternating C++ and Python --rounds times;
   per class p50 and mean in microseconds, and the pooled search classes ("mix").
2. Export: all matching articles of the archive written by `morgue export
   --format jsonl` to a file, against `archive.export().to_pandas()`;
   the median of --runs wall times each.
3. --export-memory: the peak resident growth while exporting every article.

    PYTHONPATH=build/python python3 bench/python_bench.py --archive A.morgue \
        --morgue build/morgue [--queries bench/queries/reuters.tsv] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import morgue

SEARCH_CLASSES = ("free", "phrase", "date", "entity", "combination")


def parse_mix(text: str):
    mix = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, _, query = line.partition("\t")
        cls, _, param = cls.partition(":")
        if query.strip() == "@archive":  # the broad class chosen from the archive: C++ only
            continue
        mix.append((cls, param, query))
    return mix


def run_one(archive, cls, param, query) -> int:
    if cls == "facets":
        return len(archive.facets(query, by=param, top=20))
    if cls == "histogram":
        return len(archive.histogram(query, by=param))
    if cls == "export":
        return sum(1 for _ in archive.export(query))
    return len(archive.search(query, limit=10))


def python_round(archive, mix, repeat):
    for _ in range(2):
        for q in mix:
            run_one(archive, *q)
    times = {i: [] for i in range(len(mix))}
    for _ in range(repeat):
        for i, q in enumerate(mix):
            t = time.perf_counter_ns()
            run_one(archive, *q)
            times[i].append((time.perf_counter_ns() - t) / 1000)
    return times


def summarise(mix, times):
    by_class = {}
    for i, (cls, _, _) in enumerate(mix):
        by_class.setdefault(cls, []).extend(times[i])
    by_class["mix"] = [t for i, (cls, _, _) in enumerate(mix) if cls in SEARCH_CLASSES
                       for t in times[i]]
    return {c: (statistics.median(v), statistics.fmean(v)) for c, v in by_class.items()}


def cpp_round(binary, archive, queries_file, repeat):
    args = [binary, "bench", "query", "--archive", archive, "--repeat", str(repeat),
            "--no-peer", "--format", "json"]
    if queries_file:
        args += ["--queries", queries_file]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    classes = json.loads(out)["classes"]
    return {c["class"]: (c["p50_us"], c["mean_us"]) for c in classes}


def export_times(binary, path, runs):
    cli, py = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "all.jsonl"
        rows = 0
        for _ in range(runs):
            t = time.perf_counter()
            with open(out, "w") as f:
                subprocess.run([binary, "export", "--archive", path, "--format", "jsonl"],
                               stdout=f, check=True)
            cli.append(time.perf_counter() - t)
            t = time.perf_counter()
            with morgue.open(path) as archive:
                frame = archive.export().to_pandas()
            py.append(time.perf_counter() - t)
            rows = len(frame)
            del frame
    return rows, statistics.median(cli), statistics.median(py)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def export_memory(path: str, queue: int) -> None:
    """Peak growth of the resident size while every article is exported,
    over the size before (the library's caches warmed by a first export);
    the loop pauses 0.5 s after 500 articles, as a slow consumer would."""
    with morgue.open(path) as archive:
        list(archive.export("oil"))
        base = peak = rss_bytes()
        n = size = 0
        for article in archive.export(queue=queue):
            n += 1
            size += len(article.text.encode())
            if n % 500 == 0:
                if n == 500:
                    time.sleep(0.5)  # a slow consumer: the producer may run ahead
                peak = max(peak, rss_bytes())
    print(f"export of {n} articles ({size / 2**20:.1f} MB of body text), queue {queue}: "
          f"peak resident growth {(peak - base) / 2**20:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", required=True)
    parser.add_argument("--morgue", default="build/morgue")
    parser.add_argument("--queries", help="a class<TAB>query file (default: morgue's mix)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-memory", action="store_true",
                        help="only measure the memory of a whole export")
    parser.add_argument("--queue", type=int, default=256, help="with --export-memory")
    args = parser.parse_args()
    if args.export_memory:
        export_memory(args.archive, args.queue)
        return

    if args.queries:
        text = Path(args.queries).read_text()
    else:
        text = (Path(__file__).parent / "queries" / "reuters.tsv").read_text()
    mix = parse_mix(text)
    # The same mix for both: the file without its `@archive` lines.
    same = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False)
    same.write("".join(line + "\n" for line in text.splitlines()
                       if line.partition("\t")[2].strip() != "@archive"))
    same.close()
    cpp, py = [], []
    with morgue.open(args.archive) as archive:
        for _ in range(args.rounds):
            cpp.append(cpp_round(args.morgue, args.archive, same.name, args.repeat))
            py.append(summarise(mix, python_round(archive, mix, args.repeat)))
    os.unlink(same.name)
    print(f"load before: {open('/proc/loadavg').read().strip()}")
    print(f"{'class':<12} {'C++ p50':>9} {'Py p50':>9} {'+%':>6}   {'C++ mean':>9} "
          f"{'Py mean':>9} {'+%':>6}   (us; median over {args.rounds} rounds)")
    for cls in cpp[0]:
        if cls not in py[0]:
            continue
        c50 = statistics.median(r[cls][0] for r in cpp)
        p50 = statistics.median(r[cls][0] for r in py)
        cm = statistics.median(r[cls][1] for r in cpp)
        pm = statistics.median(r[cls][1] for r in py)
        print(f"{cls:<12} {c50:9.1f} {p50:9.1f} {100 * (p50 / c50 - 1):+6.1f}   {cm:9.1f} "
              f"{pm:9.1f} {100 * (pm / cm - 1):+6.1f}")
    rows, cli_s, py_s = export_times(args.morgue, args.archive, args.runs)
    print(f"export of {rows} articles: CLI JSONL to a file {cli_s:.3f} s, "
          f"to_pandas() {py_s:.3f} s, ratio {py_s / cli_s:.2f} (median of {args.runs})")


if __name__ == "__main__":
    sys.exit(main())
