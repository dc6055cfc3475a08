#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Resource-exhaustion check (issue #4): khien reads a crafted flood of half-open TCP
sessions and incomplete IPv4 fragment chains under small memcaps, finishes, keeps each
table's memory under its cap, and peaks at no more RSS than the caps plus a fixed base.

  flood.py --khien build/khien [--syns 1000000] [--chains 100000] [--workdir DIR]

Prints one line per check and exits 1 if any fails. Not a timing test: only memory and
completion are judged.
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

MB = 1 << 20
FLOW_MEMCAP = 16 * MB
STREAM_MEMCAP = 8 * MB
REASM_MEMCAP = 8 * MB
DEFRAG_MEMCAP = 8 * MB
# What khien holds besides the capped tables: code, libraries, the EVE and stats buffers,
# the flow hash table itself. Measured about 20 MB; the margin keeps the check about caps.
BASE_RSS = 48 * MB

CONFIG = f"""%YAML 1.1
---
flow:
  memcap: {FLOW_MEMCAP}
stream:
  memcap: {STREAM_MEMCAP}
  reassembly:
    memcap: {REASM_MEMCAP}
defrag:
  memcap: {DEFRAG_MEMCAP}
  trackers: {10 * 100_000}
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      types:
        - stats:
            totals: yes
            threads: no
            deltas: no
"""


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ident=0, frag=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0,
                      src, dst)
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:] + payload


def tcp_syn(src, dst, sport, seq):
    hdr = struct.pack("!HHIIBBHHH", sport, 80, seq, 0, 5 << 4, 0x02, 65535, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(hdr))
    return hdr[:16] + struct.pack("!H", checksum(pseudo + hdr)) + hdr[18:]


def write_flood(path, syns, chains):
    """SYNs from distinct sources to one server, then first fragments that never finish."""
    eth = bytes.fromhex("00005e005302" "00005e005301" "0800")
    dst = bytes([198, 51, 100, 1])
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 1_704_067_200 * 1_000_000
        for i in range(syns):
            src = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
            frame = eth + ipv4(src, dst, 6, tcp_syn(src, dst, 1024 + (i % 60000), i))
            out.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame),
                                  len(frame)) + frame)
            t += 10
        body = b"x" * 64
        for i in range(chains):
            src = bytes([172, 16 + ((i >> 16) & 0x0F), (i >> 8) & 0xFF, i & 0xFF])
            # offset 0 with more-fragments set: the rest of the datagram never comes
            frame = eth + ipv4(src, dst, 17, body, ident=i & 0xFFFF, frag=0x2000)
            out.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame),
                                  len(frame)) + frame)
            t += 10


def run_khien(khien, pcap, workdir):
    """Run khien, return (exit status, peak RSS in bytes) of that one child."""
    yaml = os.path.join(workdir, "flood.yaml")
    with open(yaml, "w", encoding="utf-8") as f:
        f.write(CONFIG)
    logdir = os.path.join(workdir, "out")
    os.makedirs(logdir, exist_ok=True)
    with open(os.path.join(workdir, "khien.log"), "wb") as log:
        proc = subprocess.Popen([khien, "-c", yaml, "-r", pcap, "-l", logdir, "-k", "none"],
                                stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss * 1024, logdir


def last_stats(logdir):
    stats = None
    with open(os.path.join(logdir, "eve.json"), encoding="utf-8") as f:
        for line in f:
            ev = json.loads(line)
            if ev.get("event_type") == "stats":
                stats = ev["stats"]
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--khien", default="build/khien")
    ap.add_argument("--syns", type=int, default=1_000_000)
    ap.add_argument("--chains", type=int, default=100_000)
    ap.add_argument("--workdir")
    args = ap.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="khien-flood-")
    os.makedirs(workdir, exist_ok=True)
    pcap = os.path.join(workdir, "flood.pcap")
    write_flood(pcap, args.syns, args.chains)
    rc, rss, logdir = run_khien(args.khien, pcap, workdir)

    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok

    check(rc == 0, f"khien finished the flood, exit {rc}")
    stats = last_stats(logdir) if rc == 0 else None
    check(stats is not None, "a final stats record was written")
    if stats:
        flow, tcp, defrag = stats["flow"], stats["tcp"], stats["defrag"]
        check(stats["decoder"]["pkts"] == args.syns + args.chains,
              f"every packet was read ({stats['decoder']['pkts']})")
        check(tcp["syn"] == args.syns, f"every SYN reached stream ({tcp['syn']})")
        check(flow["memuse"] <= FLOW_MEMCAP, f"flow.memuse {flow['memuse']} <= {FLOW_MEMCAP}")
        check(tcp["memuse"] <= STREAM_MEMCAP, f"tcp.memuse {tcp['memuse']} <= {STREAM_MEMCAP}")
        check(tcp["reassembly_memuse"] <= REASM_MEMCAP,
              f"tcp.reassembly_memuse {tcp['reassembly_memuse']} <= {REASM_MEMCAP}")
        check(defrag["memuse"] <= DEFRAG_MEMCAP,
              f"defrag.memuse {defrag['memuse']} <= {DEFRAG_MEMCAP}")
        # The flood must have pressed on the caps, or the test proves nothing.
        check(flow["get_used"] > 0 or flow["emerg_mode_entered"] > 0,
              f"the flow table hit its cap (get_used {flow['get_used']}, "
              f"emergency {flow['emerg_mode_entered']})")
        check(defrag["ipv4"]["fragments"] == args.chains,
              f"every fragment reached defrag ({defrag['ipv4']['fragments']})")
        check(defrag["ipv4"]["reassembled"] == 0, "no chain completed")
        # With trackers for every chain, defrag.memcap is what stops the flood.
        check(defrag["tracker_hard_reuse"] > 0,
              f"defrag hit its memcap (oldest datagrams ended: {defrag['tracker_hard_reuse']})")
    budget = FLOW_MEMCAP + STREAM_MEMCAP + REASM_MEMCAP + DEFRAG_MEMCAP + BASE_RSS
    check(rss <= budget, f"peak RSS {rss // MB} MiB <= caps + base {budget // MB} MiB")
    if failures == 0 and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    elif failures:
        print(f"flood: work files kept in {workdir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
