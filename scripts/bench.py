#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: khien's performance suite (a benchmark, not a test). Prints one table.

Rows, for the benchmark capture and each capture of the corpus (or generated ones):
  decode+flow       khien --bench-stop-after flow, EVE off
  +stream+app       the whole pipeline without rules, EVE off
  +ET Open          -S et-open.rules, EVE on (Suricata's default outputs)
each in the single run mode and the workers run mode with 1 and 2 workers, as packets/s
and Mbit/s over the time spent reading and processing (khien --bench-report: start-up,
i.e. configuration and rule loading, is reported apart as "load"), beside the ceiling, a
plain libpcap read loop. Then cost growth on the benchmark capture: the first 1k, 10k
and all ET Open rules; and memory: peak RSS with 10k, 100k and 1M concurrent idle UDP
flows (a generated capture, one packet per flow), and the bytes per flow between them.
"""
import argparse
import datetime
import os
import platform
import statistics
import struct
import subprocess
import sys
from pathlib import Path

MODES = (("single", ["--runmode", "single"]),
         ("w1", ["--runmode", "workers", "--threads", "1"]),
         ("w2", ["--runmode", "workers", "--threads", "2"]))
EVE_OFF = ["--set", "outputs.0.eve-log.enabled=no"]


def run_khien(khien, pcap, args, logdir):
    eve = Path(logdir) / "eve.json"
    if eve.exists():
        eve.unlink()
    cmd = [khien, "-r", str(pcap), "-l", str(logdir), "--no-summary", "-k", "none",
           "--bench-report"] + args
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("bench: "):
            f = line.split()[1:]
            v = dict(zip(f[0::2], f[1::2]))
            return {"load": float(v["load_s"]), "run": float(v["run_s"]),
                    "pkts": int(v["pkts"]), "bytes": int(v["bytes"]),
                    "rss_mb": int(v["maxrss_kb"]) / 1024.0}
    raise RuntimeError("khien gave no bench line: %s (exit %d)" % (" ".join(cmd), out.returncode))


def median_run(runs, fn):
    res = [fn() for _ in range(runs)]
    res.sort(key=lambda r: r["run"])
    mid = res[len(res) // 2]
    mid["rss_mb"] = max(r["rss_mb"] for r in res)
    return mid


def read_loop(tool, pcap, runs):
    secs = []
    for _ in range(runs):
        out = subprocess.run([tool, str(pcap)], stdout=subprocess.PIPE, text=True, check=True)
        f = out.stdout.split()
        pkts, nbytes = int(f[1]), int(f[3])
        secs.append(float(f[5]))
    return {"run": statistics.median(secs), "pkts": pkts, "bytes": nbytes}


def rate(r):
    if not r or r["run"] <= 0:
        return "-"
    return "%.2fM %d" % (r["pkts"] / r["run"] / 1e6, r["bytes"] * 8 / r["run"] / 1e6)


def udp_flows_pcap(path, nflows):
    """nflows UDP flows of one 60-byte packet each, all within 10 s (no timeouts)."""
    if path.exists():
        return path
    hdr = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    recs = bytearray(hdr)
    base = 1700000000
    for i in range(nflows):
        src = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
        sport = 1024 + (i % 60000)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 8 + 4, i & 0xFFFF, 0, 64, 17, 0, src,
                         bytes([192, 0, 2, 1]))
        udp = struct.pack("!HHHH", sport, 9999, 12, 0) + b"idle"
        frame = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00" + ip + udp
        ts = i * 10_000_000 // max(nflows, 1)
        recs += struct.pack("<IIII", base + ts // 1_000_000, ts % 1_000_000, len(frame),
                            len(frame))
        recs += frame
    path.write_bytes(recs)
    return path


def rules_subset(src, n, out):
    if out.exists():
        return out
    kept = []
    with open(src, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("#"):
                kept.append(line)
                if len(kept) == n:
                    break
    out.write_text("".join(kept))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--pcap", required=True, help="the benchmark capture")
    ap.add_argument("--source", default="", help="how the benchmark capture was made")
    ap.add_argument("--runs", type=int, default=3, help="runs per cell on the benchmark capture")
    ap.add_argument("--no-corpus-rows", action="store_true", help="only the benchmark capture")
    ap.add_argument("--record", action="store_true", help="append the table to BENCHMARKS.md")
    args = ap.parse_args(argv)
    build = Path(args.build)
    khien = str(build / "khien")
    tool = str(build / "bench" / "pcap-read-loop")
    work = build / "bench"
    logdir = work / "log"
    logdir.mkdir(parents=True, exist_ok=True)
    rules = Path(args.corpus) / "rules" / "et-open.rules"
    have_rules = rules.is_file()

    captures = [("bench", Path(args.pcap), args.runs)]
    pcaps = Path(args.corpus) / "pcaps"
    if not args.no_corpus_rows:
        if pcaps.is_dir():
            for p in sorted(pcaps.rglob("*.pcap*")):
                captures.append((p.stem, p, 1))
        else:
            for n in (2000, 20000):
                g = work / ("gen-%d.pcap" % n)
                if not g.exists():
                    subprocess.run([sys.executable, "tests/tools/gen_captures.py", "bench", str(g),
                                    "--packets", str(n)], check=True, stdout=subprocess.DEVNULL)
                captures.append((g.stem, g, 1))

    rows = []
    header = ("| capture | stage | single pkt/s Mbit/s | workers x1 | workers x2 | x2 / single "
              "| of read | load s | peak RSS MB |")
    sep = "|---|---|---|---|---|---|---|---|---|"

    def emit(row):
        rows.append(row)
        print(row, flush=True)

    print(header)
    print(sep)
    bench_single_full = None
    for name, pcap, runs in captures:
        rd = read_loop(tool, pcap, runs)
        emit("| %s (%d pkts) | libpcap read (ceiling) | %s | | | | 100%% | | |" %
             (name, rd["pkts"], rate(rd)))
        stages = [("decode+flow", ["--bench-stop-after", "flow"] + EVE_OFF),
                  ("+stream+app", EVE_OFF)]
        if have_rules:
            stages.append(("+ET Open, EVE on", ["-S", str(rules)]))
        for stage, sargs in stages:
            res = {}
            for mode, margs in MODES:
                res[mode] = median_run(runs, lambda: run_khien(khien, pcap, sargs + margs, logdir))
            sp = res["w2"]["pkts"] / res["w2"]["run"] / (res["single"]["pkts"] / res["single"]["run"])
            of_read = rd["run"] / res["single"]["run"] * 100
            emit("| %s | %s | %s | %s | %s | %.2fx | %.0f%% | %.2f | %.0f |" %
                 (name, stage, rate(res["single"]), rate(res["w1"]), rate(res["w2"]), sp, of_read,
                  res["single"]["load"], max(r["rss_mb"] for r in res.values())))
            if name == "bench" and stage.startswith("+ET"):
                bench_single_full = res

    if have_rules:
        pcap = Path(args.pcap)
        for n in (1000, 10000):
            sub = rules_subset(rules, n, work / ("et-%d.rules" % n))
            res = {m: median_run(1, lambda a=a: run_khien(khien, pcap, ["-S", str(sub)] + a, logdir))
                   for m, a in MODES if m != "w1"}
            emit("| bench | first %d ET rules | %s | | %s | | | %.2f | %.0f |" %
                 (n, rate(res["single"]), rate(res["w2"]), res["single"]["load"],
                  res["single"]["rss_mb"]))
        if bench_single_full:
            r = bench_single_full
            emit("| bench | all ET rules (as above) | %s | | %s | | | %.2f | %.0f |" %
                 (rate(r["single"]), rate(r["w2"]), r["single"]["load"], r["single"]["rss_mb"]))

    mem = {}
    for n in (10000, 100000, 1000000):
        p = udp_flows_pcap(work / ("flows-%d.pcap" % n), n)
        margs = EVE_OFF + ["--set", "flow.memcap=4gb", "--set", "flow.hash-size=1048576",
                           "--set", "flow.prealloc=0"]
        mem[n] = run_khien(khien, p, margs, logdir)
        extra = ""
        if n > 10000:
            per = (mem[n]["rss_mb"] - mem[10000]["rss_mb"]) * 1048576 / (n - 10000)
            extra = "%.0f bytes/flow over 10k" % per
        emit("| %d idle UDP flows | decode+flow+stream+app | %s | | | | %s | %.2f | %.0f |" %
             (n, rate(mem[n]), extra, mem[n]["load"], mem[n]["rss_mb"]))

    if args.record:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                                text=True).stdout.strip()
        cpu = ""
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        with open("BENCHMARKS.md", "a") as f:
            f.write("\n### make bench, %s, commit %s, %d cores, %s\n\n" %
                    (datetime.date.today().isoformat(), commit, os.cpu_count() or 0,
                     cpu or platform.machine()))
            f.write("Benchmark capture: %s. Rates over read+processing time (start-up is "
                    "`load`); %d runs per cell on it (median), 1 on the corpus captures.\n\n"
                    % (args.source or args.pcap, args.runs))
            f.write(header + "\n" + sep + "\n" + "\n".join(rows) + "\n")
        print("bench: recorded in BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
