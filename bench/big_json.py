"""Memory of reading and ingesting a big JSON array: bounded by the largest record, not the file.

    .venv/bin/python bench/big_json.py                    # --gigabytes 1 --dir (a temporary folder)
    .venv/bin/python bench/big_json.py --baseline 0.25    # also json.load of a 0.25 GB array, the old way

Writes a JSON array shaped like a CMS export (each record: id, title, url, date, a few KB of
article text, and a large unused `body_html` and revision history, as exports carry; with
`--shape text`, title and text only: five times as many articles) of the given size in a
temporary folder (never in the repository), then, each in a child process whose
peak RSS is read from `getrusage(RUSAGE_CHILDREN)`:

1. reading: every record through `index.sources.readers.read_path` (articles built, nothing stored);
2. `newsbot ingest --no-quotes --no-digest` of the file into a new index (the ingester and its
   analysis workers: the peak is the largest of these processes).

Exit status 1 if a peak is over --cap-mb (300 MB, the target of docs/reliability.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSBOT = Path(sys.executable).with_name("newsbot")
WORDS = ("le gouvernement a annoncé une enveloppe de millions d’euros pour aider les éleveurs des Pyrénées face aux "
         "attaques d’ours selon la préfète de l’Ariège « les bergers ne peuvent plus travailler » a réagi un "
         "représentant qui réclame des tirs d’effarouchement la construction d’un entrepôt sera achevée le "
         "juillet annonce le Kremlin Minsk Bélarus armes nucléaires tactiques vendanges Champagne chaleur été "
         "maturité raisin comité interprofessionnel vigneron Épernay acidité des vins conseil municipal budget").split()


def write_export(path: Path, gigabytes: float, seed: int = 7, shape: str = "cms") -> int:
    """A JSON array of CMS-export records (`shape` "cms"), or of title and text alone ("text": as
    many articles as the size holds), about `gigabytes` GB; returns how many records."""
    rng = random.Random(seed)
    target = int(gigabytes * 1e9)
    written = count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        while written < target:
            count += 1
            paragraphs = ["Paragraphe {}. ".format(count) + " ".join(rng.choices(WORDS, k=70)) + "."
                          for _ in range(6)]
            record = {
                "id": f"cms-{count}", "title": f"Article {count} : " + " ".join(rng.choices(WORDS, k=8)),
                "url": f"https://www.example.fr/actualites/article{count}.html", "published": "2023-03-26T18:00:00+02:00",
                "text": "\n\n".join(paragraphs),
                "body_html": "".join(f"<p class=\"corps\">{p}</p>\n" for p in paragraphs) * 4,
                "revisions": [{"at": f"2023-03-{d:02d}", "by": "rédaction", "text": paragraphs[0]} for d in range(1, 12)],
            }
            if shape == "text":
                record = {"id": record["id"], "title": record["title"], "text": record["text"]}
            line = ("," if count > 1 else "") + json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
        out.write("]\n")
    return count


def measured(command: list[str], env: dict[str, str] | None = None) -> tuple[int, float, str]:
    """(peak RSS in KB of the largest process `command` waited for, seconds, its output)."""
    parent = ("import resource, subprocess, sys\n"
              "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
              "sys.stdout.write(done.stdout[-2000:] + done.stderr[-2000:])\n"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
              "sys.exit(done.returncode)\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", parent, *command], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    *output, peak = done.stdout.rstrip("\n").split("\n")
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return int(peak), elapsed, "\n".join(output)


READ_ONLY = ("import sys\n"
             "from index.sources.readers import read_path\n"
             "n = bad = 0\n"
             "for read in read_path(sys.argv[1]):\n"
             "    n += 1; bad += read.article is None\n"
             "print(f'{n} records read, {bad} refused')\n")
JSON_LOAD = ("import json, sys\n"
             "with open(sys.argv[1], encoding='utf-8') as f:\n"
             "    records = json.load(f)\n"
             "print(f'{len(records)} records loaded')\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the file (default: a temporary folder)")
    parser.add_argument("--cap-mb", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline", type=float, default=0.0, metavar="GB",
                        help="also json.load an array of this size (how the reader worked before streaming)")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--shape", choices=("cms", "text"), default="cms",
                        help="cms: records with large unused fields (exports as CMSs make them); text: title and text only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbot-big-json-", dir=args.dir) as tmp:
        folder = Path(tmp)
        export = folder / "export.json"
        started = time.perf_counter()
        records = write_export(export, args.gigabytes, shape=args.shape)
        size = export.stat().st_size
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"wrote {size / 1e9:.2f} GB, {records:,} records, in {time.perf_counter() - started:.0f} s")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
        env["PYTHONPATH"] = str(ROOT)
        peaks = []
        peak, seconds, output = measured([sys.executable, "-c", READ_ONLY, str(export)], env)
        peaks.append(peak)
        print(f"read_path: {output.strip()}; peak RSS {peak / 1024:.0f} MB; {seconds:.0f} s "
              f"({size / 1e6 / seconds:.0f} MB/s); load average {os.getloadavg()[0]:.2f}")
        if not args.skip_ingest:
            peak, seconds, output = measured([str(NEWSBOT), "--db", str(folder / "big.db"), "ingest", "--no-quotes",
                                              "--no-digest", "--workers", str(args.workers), str(export)], env)
            peaks.append(peak)
            print(f"newsbot ingest: {output.strip().splitlines()[-1]}; peak RSS {peak / 1024:.0f} MB (largest process); "
                  f"{seconds:.0f} s; load average {os.getloadavg()[0]:.2f}")
        if args.baseline:
            small = folder / "baseline.json"
            write_export(small, args.baseline)
            peak, seconds, output = measured([sys.executable, "-c", JSON_LOAD, str(small)], env)
            print(f"json.load of {small.stat().st_size / 1e9:.2f} GB (the reader before streaming loaded arrays whole): "
                  f"{output.strip()}; peak RSS {peak / 1024:.0f} MB; {seconds:.0f} s")
    over = [p for p in peaks if p / 1024 > args.cap_mb]
    print("OK" if not over else f"over the {args.cap_mb:.0f} MB cap")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
