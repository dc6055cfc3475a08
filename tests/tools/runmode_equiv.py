#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Results must not depend on the run mode: compare EVE output of --runmode single with
--runmode workers (2 and 3 threads) as multisets of records.

Every record but `stats` is compared. flow_id is the one field that legitimately differs
(each worker numbers its own flows), so it is replaced by the identity of the flow it names:
the flow's own record without flow_id. Everything else (timestamps, pcap_cnt, counters,
end reasons) must be equal.

One exception, stated: signatures with a threshold or detection_filter tracked by_src,
by_dst, by_both or by_rule count across flows, so across workers; which match passes first
then depends on the workers' timing (as in Suricata), so their alerts are left out of the
comparison, and so is flow.alerted (which such an alert may set).

Two sources:
  --dirs SINGLE OTHER...   output folders of the conformance runner (one folder per test,
                           each with eve.json), e.g. the e2e suite run in each mode;
  --khien K --pcap PATH    run khien on a capture or folder in each mode (with --rules).
Prints one line per comparison and "N passed, N failed, N skipped"; exit 1 on a difference.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MODES = (("single", ["--runmode", "single"]),
         ("workers-2", ["--runmode", "workers", "--threads", "2"]),
         ("workers-3", ["--runmode", "workers", "--threads", "3"]))


THRESH_RE = re.compile(r"(?:threshold|detection_filter)\s*:([^;]*);")
SID_RE = re.compile(r"\bsid\s*:\s*(\d+)\s*;")
FILE_RE = re.compile(r"^\s*(?:threshold|event_filter|rate_filter)\b.*\bsig_id\s+(\d+)(.*)$")


def unordered_sids(paths):
    """sids whose threshold state spans flows, from rule files and threshold.config files."""
    sids = set()
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            m = FILE_RE.match(line)
            if m and "by_flow" not in m.group(2):
                sids.add(int(m.group(1)))
                continue
            if line.lstrip().startswith("#"):
                continue
            sid = SID_RE.search(line)
            if sid is None:
                continue
            for t in THRESH_RE.findall(line):
                if "by_flow" not in t:
                    sids.add(int(sid.group(1)))
    return sids


def canonical(path, skip_sids=frozenset()):
    """The records of an eve.json as a Counter of canonical JSON strings."""
    recs = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line:
                recs.append(json.loads(line))
    flows = {}
    for r in recs:
        if r.get("event_type") == "flow" and skip_sids and isinstance(r.get("flow"), dict):
            r["flow"].pop("alerted", None)
        if r.get("event_type") == "flow" and "flow_id" in r:
            body = {k: v for k, v in r.items() if k != "flow_id"}
            flows[r["flow_id"]] = json.dumps(body, sort_keys=True)
    out = collections.Counter()
    for r in recs:
        if r.get("event_type") == "stats":
            continue
        if r.get("event_type") == "alert" and r.get("alert", {}).get("signature_id") in skip_sids:
            continue
        if "flow_id" in r:
            r = dict(r)
            r["flow_id"] = flows.get(r["flow_id"], "no flow record")
        out[json.dumps(r, sort_keys=True)] += 1
    return out


def describe(a, b, name_a, name_b, limit=3):
    lines = []
    for label, x, y in ((name_a, a, b), (name_b, b, a)):
        extra = list((x - y).elements())
        if extra:
            lines.append("  %d record(s) only in %s, e.g.:" % (len(extra), label))
            lines += ["    " + s[:400] for s in extra[:limit]]
    return lines


def compare(name, files, need_records=False, skip_sids=frozenset()):
    """files: [(mode, eve.json path)], the first is the reference."""
    ref_mode, ref_path = files[0]
    ref = canonical(ref_path, skip_sids)
    ok = True
    if need_records and not ref:
        print("FAIL %s: no records at all in %s" % (name, ref_mode))
        return False
    for mode, path in files[1:]:
        other = canonical(path, skip_sids)
        if other != ref:
            ok = False
            print("FAIL %s: %s differs from %s" % (name, mode, ref_mode))
            for line in describe(ref, other, ref_mode, mode):
                print(line)
    if ok:
        note = ", %d threshold sids left out" % len(skip_sids) if skip_sids else ""
        print("PASS %s (%d records, %d modes%s)" % (name, sum(ref.values()), len(files), note))
    return ok


def compare_dirs(dirs, tests_root):
    passed = failed = skipped = 0
    ref = Path(dirs[0])
    for test in sorted(p for p in ref.iterdir() if p.is_dir()):
        files = [("single", test / "eve.json")]
        files += [(Path(d).name, Path(d) / test.name / "eve.json") for d in dirs[1:]]
        if not all(p.is_file() for _, p in files):
            skipped += 1
            continue
        rules = []
        if tests_root:
            case = Path(tests_root) / test.name
            rules = list(case.glob("*.rules")) + list(case.glob("*.config"))
        if compare(test.name, files, skip_sids=unordered_sids(rules)):
            passed += 1
        else:
            failed += 1
    return passed, failed, skipped


def run_modes(khien, pcap, rules, workdir, extra):
    files = []
    for mode, args in MODES:
        out = Path(workdir) / mode
        out.mkdir(parents=True, exist_ok=True)
        eve = out / "eve.json"
        if eve.exists():
            eve.unlink()
        cmd = [khien, "-r", pcap, "-l", str(out), "--no-summary", "-k", "none"] + args + extra
        if rules:
            cmd += ["-S", rules]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode not in (0, 1) or not eve.is_file():
            print("FAIL %s: khien %s exited %d\n%s" % (pcap, mode, proc.returncode,
                                                       proc.stdout[-2000:]))
            return None
        files.append((mode, eve))
    return files


def expand(paths):
    """khien reads a folder's files, not its subfolders: a folder of folders gives each one."""
    out = []
    for p in paths:
        sub = sorted(str(d) for d in Path(p).iterdir() if d.is_dir()) if os.path.isdir(p) else []
        out += sub or [p]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dirs", nargs="+", help="conformance output folders: single first")
    ap.add_argument("--tests", help="with --dirs: the test cases, for their rules")
    ap.add_argument("--khien", help="khien binary, with --pcap")
    ap.add_argument("--pcap", action="append", default=[], help="capture or folder (repeatable)")
    ap.add_argument("--rules", help="rule file for the --pcap runs")
    ap.add_argument("--workdir", help="where the --pcap runs write (default: a temporary folder)")
    ap.add_argument("--set", action="append", default=[], help="extra --set for the --pcap runs")
    args = ap.parse_args(argv)
    passed = failed = skipped = 0
    if args.dirs:
        p, f, s = compare_dirs(args.dirs, args.tests)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    extra = []
    for s in args.set:
        extra += ["--set", s]
    for pcap in expand(args.pcap):
        if not os.path.exists(pcap):
            print("SKIP %s: not found" % pcap)
            skipped += 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            files = run_modes(args.khien, pcap, args.rules, args.workdir or tmp, extra)
            skip = unordered_sids([args.rules]) if args.rules else frozenset()
            if files is not None and compare(pcap, files, need_records=True, skip_sids=skip):
                passed += 1
            else:
                failed += 1
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
