"""Reading a .txt of many short lines takes time linear in its lines.

    .venv/bin/python bench/reading_speed.py               # --lines 25000,50000,100000 --repeat 3

Each file alternates short headings ("Conseil municipal 12") and one-sentence paragraphs, as a
newsroom's text export of briefs does; a 60,000-line file is about 1.8 MB. Times, best of
--repeat: `read_path` (decoding, lines, headings, the Article), then `prepare` (passages and
analysis, no quotes), then the whole `newsbot ingest --no-quotes` as a process. The ratio of
time to lines shows the growth: constant for linear work, doubling with the lines for
quadratic (before this fix, the heading lookup: 8.4 s to read 60,000 lines on this machine).
Exit status 1 if reading the largest file takes more than --budget seconds (3).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.indexing import prepare  # noqa: E402
from index.sources.readers import read_path  # noqa: E402

NEWSBOT = Path(sys.executable).with_name("newsbot")
TOPICS = ["Conseil municipal", "Voirie", "Écoles", "Budget", "Culture", "Sports", "Météo", "Agenda"]
WORDS = "le maire a présenté le budget de la commune devant les élus qui ont voté pour la nouvelle école".split()


def write_lines(path: Path, lines: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    out = []
    for n in range(lines):
        if n % 2 == 0:
            out.append(f"{rng.choice(TOPICS)} {n}")
        else:
            out.append(" ".join(rng.choices(WORDS, k=rng.randint(3, 6))).capitalize() + ".")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def best(repeat: int, function: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", default="25000,50000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=3.0)
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| lines | size | read_path | µs a line | prepare (passages, analysis) | newsbot ingest --no-quotes (process) |")
    print("|---|---|---|---|---|---|")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    slowest_read = 0.0
    with tempfile.TemporaryDirectory(prefix="newsbot-lines-") as tmp:
        for lines in (int(n) for n in args.lines.split(",")):
            path = Path(tmp) / f"lignes-{lines}.txt"
            write_lines(path, lines)
            read = best(args.repeat, lambda p=path: list(read_path(p)))
            [article] = [r.article for r in read_path(path)]
            analysed = best(1, lambda a=article: prepare([a], with_quotes=False))
            started = time.perf_counter()
            done = subprocess.run([str(NEWSBOT), "--db", str(Path(tmp) / f"{lines}.db"), "ingest", "--no-quotes",
                                   str(path)], capture_output=True, text=True, env=env)
            whole = time.perf_counter() - started
            assert done.returncode == 0 and "1 added" in done.stdout, done.stdout + done.stderr
            slowest_read = read
            print(f"| {lines:,} | {path.stat().st_size / 1e6:.1f} MB | {read:.2f} s | {read / lines * 1e6:.1f} | "
                  f"{analysed:.2f} s | {whole:.1f} s |")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0 if slowest_read <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
