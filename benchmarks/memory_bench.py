"""Benchmark: peak memory of ``wargame play --auto`` and ``wargame report`` against game length.

Run: ``.venv/bin/python benchmarks/memory_bench.py [--turns 50 100 200] [--formats all]``.

Each measurement runs in a fresh Python process (the CLI's ``main`` in-process, so
the figure is the command's own peak resident set, ``ru_maxrss``). It prints a
table and the growth check: for a game whose memory is linear in its length, the
extra memory from 100 to 200 turns is about twice the extra from 50 to 100
(a ratio near 2); memory that grows with the square of the length gives about 3
or more.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys
from wargame.cli import main
rc = main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"rc": rc, "peak_kib": peak}), file=sys.__stderr__)
"""


def peak_mib(argv: list[str]) -> tuple[float, float]:
    """(peak resident MiB, wall seconds) of one CLI command in a fresh process."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    seconds = time.monotonic() - start
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "{}"
    result = json.loads(last) if last.startswith("{") else {}
    if result.get("rc") != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return result["peak_kib"] / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--formats", default="all", help="report formats (default: all)")
    parser.add_argument("--scenario", default=None, help="scenario id (default scenario)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="wargame-membench-") as tmp:
        for turns in args.turns:
            save = Path(tmp) / f"g{turns}.wgsave"
            play = ["play", *([args.scenario] if args.scenario else []), "--auto", "--seed",
                    str(args.seed), "--turns", str(turns), "--quiet", "--save", str(save)]
            play_mib, play_s = peak_mib(play)
            report_mib, report_s = peak_mib(["report", str(save), "--format", args.formats,
                                             "--out", str(Path(tmp) / f"r{turns}")])
            rows.append((turns, play_mib, play_s, report_mib, report_s,
                         save.stat().st_size / 1e6))
    print(f"{'turns':>5} {'play MiB':>9} {'(s)':>6} {'report MiB':>11} {'(s)':>6} "
          f"{'save MB':>8}")
    for turns, pm, ps, rm, rs, size in rows:
        print(f"{turns:>5} {pm:>9.0f} {ps:>6.1f} {rm:>11.0f} {rs:>6.1f} {size:>8.2f}")
    if [r[0] for r in rows] == [50, 100, 200]:
        for label, col in (("play", 1), ("report", 3)):
            first = rows[1][col] - rows[0][col]
            second = rows[2][col] - rows[1][col]
            ratio = second / first if first > 0 else float("inf")
            print(f"{label}: +{first:.0f} MiB from 50 to 100 turns, +{second:.0f} MiB from "
                  f"100 to 200; ratio {ratio:.2f} (linear ~2, quadratic ~3+)")


if __name__ == "__main__":
    main()
