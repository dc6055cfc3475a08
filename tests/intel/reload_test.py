#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Hot reload under traffic: the intel-reload capture replayed while rules and feeds are
swapped gives exactly the alerts of a run without a swap, whatever packet the swap falls
before (the hidden --reload-at-packet trigger raises SIGUSR2 and waits for the build),
and a real SIGUSR2 sent from outside while packets are still arriving through a FIFO does
the same. No timing threshold: the FIFO run waits for khien's own "published" message."""

import json
import os
import subprocess
import sys
import tempfile
import threading

SRC = os.environ.get("KH_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import pcapwriter as pw  # noqa: E402


def load_case():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "intel_match_gen", os.path.join(SRC, "tests", "e2e", "intel-match", "gen.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def alerts_and_sightings(logdir):
    alerts, sightings = [], []
    with open(os.path.join(logdir, "eve.json")) as f:
        for line in f:
            e = json.loads(line)
            if e["event_type"] == "alert":
                alerts.append((e["alert"]["signature_id"], e.get("pcap_cnt"),
                               e.get("intel", {}).get("indicator")))
            elif e["event_type"] == "intel_sightings":
                rec = e["intel_sightings"]
                sightings.append((rec["generation"], sum(s["count"] for s in rec["sightings"])))
    return sorted(alerts), sightings


def run(khien, pcap, logdir, extra=(), stdin_pcap=None):
    cmd = [khien, "-r", pcap, "-l", logdir, "--no-summary",
           "-c", os.path.join(SRC, "tests", "e2e", "intel-match", "suricata.yaml"),
           "-S", os.path.join(SRC, "tests", "e2e", "intel-reload", "test.rules"),
           "--set", "intel.default-path=" + os.path.join(SRC, "tests", "e2e", "intel-match")]
    cmd += list(extra)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if proc.returncode != 0:
        sys.exit("khien failed (%d): %s" % (proc.returncode, proc.stderr.decode()[-2000:]))
    return proc.stderr.decode()


def fifo_run(khien, pcap_bytes, split, tmp, logdir):
    """Feed the capture through a FIFO; SIGUSR2 after `split` bytes; the rest once the new
    generation is published."""
    fifo = os.path.join(tmp, "live.pcap")
    os.mkfifo(fifo)
    cmd = [khien, "-r", fifo, "-l", logdir, "--no-summary",
           "-c", os.path.join(SRC, "tests", "e2e", "intel-match", "suricata.yaml"),
           "-S", os.path.join(SRC, "tests", "e2e", "intel-reload", "test.rules"),
           "--set", "intel.default-path=" + os.path.join(SRC, "tests", "e2e", "intel-match")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    published = threading.Event()
    err_lines = []

    def reader():
        for line in proc.stderr:
            err_lines.append(line.decode())
            if b"published" in line:
                published.set()
    t = threading.Thread(target=reader)
    t.start()
    with open(fifo, "wb") as f:
        # wait for khien to be at the packet loop (its feed report is printed before)
        f.write(pcap_bytes[:split])
        f.flush()
        proc.send_signal(__import__("signal").SIGUSR2)
        # the next packet lets the loop see the request
        f.write(pcap_bytes[split:split + 200])
        f.flush()
        if not published.wait(60):
            proc.kill()
            sys.exit("no 'published' message after SIGUSR2: %s" % "".join(err_lines)[-2000:])
        f.write(pcap_bytes[split + 200:])
    rc = proc.wait(60)
    t.join()
    if rc != 0:
        sys.exit("khien failed (%d): %s" % (rc, "".join(err_lines)[-2000:]))


def main():
    khien = sys.argv[1]
    case = load_case()
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "input.pcap")
        case.build(pcap)
        base_dir = os.path.join(tmp, "base")
        os.mkdir(base_dir)
        run(khien, pcap, base_dir)
        base, base_s = alerts_and_sightings(base_dir)
        if len(base) < 15 or base_s != [(1, 13)]:
            sys.exit("baseline run is not what the case expects: %r %r" % (base, base_s))
        npkts = max(c for _, c, _ in base) + 12
        for n in range(1, npkts + 1):
            d = os.path.join(tmp, "r%d" % n)
            os.mkdir(d)
            err = run(khien, pcap, d, ["--reload-at-packet", str(n)])
            if "generation 2 published" not in err:
                sys.exit("reload at packet %d: not published: %s" % (n, err[-1000:]))
            got, sightings = alerts_and_sightings(d)
            if got != base:
                sys.exit("reload at packet %d: alerts differ\n  want %r\n  got  %r" % (n, base, got))
            if sum(c for _, c in sightings) != 13 or any(g not in (1, 2) for g, _ in sightings):
                sys.exit("reload at packet %d: sightings %r" % (n, sightings))
        data = open(pcap, "rb").read()
        d = os.path.join(tmp, "fifo")
        os.mkdir(d)
        fifo_run(khien, data, len(data) // 2, tmp, d)
        got, sightings = alerts_and_sightings(d)
        if got != base or [g for g, _ in sightings] != [1, 2]:
            sys.exit("SIGUSR2 over a FIFO: alerts or sightings differ: %r %r" % (got, sightings))
    print("reload: %d swap points and one SIGUSR2 run match the run without reload" % npkts)


if __name__ == "__main__":
    main()
