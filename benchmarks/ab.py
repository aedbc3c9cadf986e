"""A/B of one lever: M1 (cold, fresh profile) of two or more builds, run alternately.

    .venv/bin/python -m benchmarks.ab --runs 6 --browser chromium /tmp/before /tmp/after

Each argument is a folder holding a built tree (``chrome/`` and ``firefox/``), e.g. a copy
of ``dist/`` made before and after a change. The builds take turns run by run, so a
machine whose load drifts (a shared 2-core box) weighs on each alike; the medians and the
median timeline of each are printed, for BENCHMARKS.md's lever tables; ``--save FILE``
also writes every run's sample (its whole timeline) as JSON.

``--browser-arg N:SWITCH`` gives Chromium a command-line switch in the runs of the N-th
build only (1 = the first; repeatable). The same folder may be named twice, so that one
build can be run with and without a switch: for instance, to measure what the browser's
own start-up work costs a cold start (BENCHMARKS.md, session 16).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.run import one_cold, prepare


def browser_args(specs: list[str], builds: int) -> list[list[str]]:
    """Each build's extra switches, from the `N:SWITCH` specs."""
    out: list[list[str]] = [[] for _ in range(builds)]
    for spec in specs:
        number, sep, switch = spec.partition(":")
        if not sep or not number.isdigit() or not 1 <= int(number) <= builds or not switch.startswith("--"):
            raise SystemExit(f"--browser-arg {spec!r}: expected N:--switch, with N from 1 to {builds}")
        out[int(number) - 1].append(switch)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dists", nargs="+", type=Path, help="folders holding chrome/ and firefox/")
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--browser", choices=["chromium", "firefox"], default="chromium")
    parser.add_argument("--settle", action="store_true", help="open the page once the browser has settled")
    parser.add_argument("--browser-arg", action="append", default=[], metavar="N:SWITCH",
                        help="a Chromium switch for the runs of the N-th build only (e.g. --browser-arg=2:--some-switch)")
    parser.add_argument("--save", type=Path, help="also write every run's sample to this JSON file")
    args = parser.parse_args(argv)
    extra = browser_args(args.browser_arg, len(args.dists))
    if args.browser != "chromium" and any(extra):
        raise SystemExit("--browser-arg is for Chromium runs only")
    tree = "chrome" if args.browser == "chromium" else "firefox"
    # Each build by its folder, and its switches if it has any (a folder may come twice).
    labels = [f"{dist} {' '.join(more)}".strip() for dist, more in zip(args.dists, extra)]
    if len(set(labels)) != len(labels):
        raise SystemExit("the same build is named twice with the same switches")
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label in labels}
    with tempfile.TemporaryDirectory(prefix="och-ab-") as work:
        exts = [prepare(dist, tree, "shipped", Path(work) / f"build-{i}")
                for i, dist in enumerate(args.dists)]
        for run in range(args.runs):
            for label, ext, more in zip(labels, exts, extra):
                sample = one_cold(args.browser, ext, full=False, settle=args.settle, browser_args=more)
                samples[label].append(sample)
                print(f"run {run + 1}/{args.runs} {label}: order read {sample['order_read_ms']:.0f} ms "
                      f"({sample.get('boot_path')}), load {os.getloadavg()[0]:.1f}", flush=True)
    print()
    if args.save:
        args.save.write_text(json.dumps(samples, indent=1) + "\n")
    for label, runs in samples.items():
        reads = sorted(round(s["order_read_ms"]) for s in runs)
        print(f"{label}: order read median {statistics.median(reads):.0f} ms, runs {reads}")
    stages: list[str] = []
    for runs in samples.values():
        for sample in runs:
            stages += [stage for stage in sample.get("timeline", {}) if stage not in stages]

    def median_at(runs: list[dict[str, Any]], stage: str) -> float | None:
        values = [s["timeline"][stage] for s in runs if stage in s.get("timeline", {})]
        return statistics.median(values) if values else None

    first = samples[labels[0]]
    stages.sort(key=lambda stage: median_at(first, stage) or float("inf"))
    print("\nmedian timeline (ms since navigation start):")
    for stage in stages:
        cells = (median_at(runs, stage) for runs in samples.values())
        print(f"  {stage[:58]:58}" + "".join("       -" if c is None else f"{c:8.0f}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
