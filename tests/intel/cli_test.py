#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""khien intel check / lookup / sightings on the sample feeds in tests/intel and the
intel-match capture: counts and exit codes, which feeds hold a value, and the STIX 2.1
sighting bundle made from the run's intel_sightings records."""

import json
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("KH_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
S = os.path.join(SRC, "tests", "intel")


def run(*args, rc=0):
    p = subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != rc:
        sys.exit("%s: exit %d, want %d\n%s%s" % (" ".join(args), p.returncode, rc,
                                                   p.stdout.decode(), p.stderr.decode()))
    return p.stdout.decode(), p.stderr.decode()


def main():
    khien = sys.argv[1]
    out, err = run(khien, "intel", "check", os.path.join(S, "stix-bundle.json"),
                   os.path.join(S, "misp-feed"), rc=1)  # both have malformed entries
    want = ["ip=3 domain=1 url=1 tls-cert-sha1=1 md5=1 sha256=1 total=8 errors=1 skipped=2",
            "ip=2 domain=2 url=1 ja3=1 md5=1 sha256=1 total=8 errors=2 skipped=3"]
    for w in want:
        if w not in out:
            sys.exit("check: '%s' not in:\n%s" % (w, out))
    if "indicator--77777777" not in err or "deadbeef" not in err:
        sys.exit("check: the malformed entries are not reported:\n" + err)
    run(khien, "intel", "check", "--type", "sha256", "--format", "dataset",
        os.path.join(S, "dataset-sha256.txt"), rc=1)
    out, _ = run(khien, "intel", "lookup", "--feed", os.path.join(S, "stix-bundle.json"),
                 "--feed", os.path.join(S, "indicators.csv"), "203.0.113.200")
    if "203.0.113.0/24" not in out or "confidence=85" not in out:
        sys.exit("lookup: " + out)
    out, _ = run(khien, "intel", "lookup", "--feed", os.path.join(S, "indicators.csv"),
                 "http://a.b.badcdn.example", rc=1)  # a URL is not a domain indicator
    out, _ = run(khien, "intel", "lookup", "--feed", os.path.join(S, "indicators.csv"),
                 "a.b.badcdn.example")
    if "*.badcdn.example" not in out:
        sys.exit("lookup subdomain: " + out)

    sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "g", os.path.join(SRC, "tests", "e2e", "intel-match", "gen.py"))
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "in.pcap")
        g.build(pcap)
        run(khien, "-r", pcap, "-l", tmp, "--no-summary",
            "-c", os.path.join(SRC, "tests", "e2e", "intel-match", "suricata.yaml"),
            "--set", "intel.default-path=" + os.path.join(SRC, "tests", "e2e", "intel-match"),
            "--set", "intel.sightings.interval=2")
        recs = [json.loads(x) for x in open(os.path.join(tmp, "eve.json"))
                if '"intel_sightings"' in x]
        if len(recs) < 2:  # hits span 4 s of packet time: at least one interval record
            sys.exit("sightings.interval: %d records" % len(recs))
        out, _ = run(khien, "intel", "sightings", "--identity", "unit-7",
                     os.path.join(tmp, "eve.json"))
    bundle = json.loads(out)
    objs = bundle["objects"]
    sightings = [o for o in objs if o["type"] == "sighting"]
    inds = {o["id"]: o for o in objs if o["type"] == "indicator"}
    if bundle["type"] != "bundle" or len(sightings) != 12 or len(inds) != 12:
        sys.exit("sightings bundle: %d sightings, %d indicators" % (len(sightings), len(inds)))
    if sum(s["count"] for s in sightings) != 13:
        sys.exit("sightings bundle: counts %r" % [s["count"] for s in sightings])
    for s in sightings:
        if s["sighting_of_ref"] not in inds or s["first_seen"] > s["last_seen"]:
            sys.exit("sighting %r" % s)
    pats = sorted(o["pattern"] for o in inds.values())
    if "[domain-name:value = 'login-portal.example.net']" not in pats:
        sys.exit("patterns %r" % pats)
    print("intel cli: check, lookup and the sightings bundle are as expected")


if __name__ == "__main__":
    main()
