#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Conformance runner: runs suricata-verify style tests against khien and judges them as suricata-verify would."""

import argparse
import collections
import concurrent.futures
import dataclasses
import filecmp
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import signal
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

try:
    import yaml  # Debian: python3-yaml
except ImportError:  # pragma: no cover - reported at run time
    yaml = None

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "tools"))
import eve_schema  # noqa: E402  (tests/tools/eve_schema.py)

# Requirements are judged as if khien were this Suricata release.
ENGINE_VERSION = "8.0.0"

DEFAULTS = {
    "khien": "build/khien",
    "tests": "../shared/corpus/verify/tests",
    "default_yaml": "../shared/corpus/suricata-default.yaml",
    "schema": "../shared/corpus/eve-schema.json",
    "baseline": "tests/conformance/baseline.txt",
    "outdir": "build/conformance",
}

CHECK_TYPES = ("filter", "shell", "stats", "file-compare")
FILTER_KEYS = {"count", "match", "filename", "comment", "requires",
               "version", "min-version", "lt-version", "feature"}
# Path suffixes after which find_value stops and the operator compares.
OPERATOR_SUFFIXES = ("__contains", "__find", "__startswith", "__endswith",
                     "__gte", "__gt", "__lte", "__lt")
INDEX_RE = re.compile(r"^(.*)\[(\d+)\]$")
SCHEMA_LOCK = threading.Lock()  # one validator is shared by the worker threads

CATEGORIES = ("alerts", "http", "dns", "tls", "stream/defrag", "other")
# Top-level event fields an alert-only filter may name besides alert.*.
HEADER_FIELDS = {"timestamp", "flow_id", "pcap_cnt", "event_type", "src_ip", "src_port",
                 "dest_ip", "dest_port", "proto", "app_proto", "tx_id", "direction",
                 "in_iface", "vlan", "pkt_src", "icmp_type", "icmp_code", "ip_v"}
STREAM_WORDS = ("stream", "defrag", "reassembl", "frag")  # "tcp" too, in test names

DETAIL_EVENTS = 3       # closest events shown for a failing filter
DETAIL_LINES = 40       # lines kept of each pretty-printed event
OUTPUT_TAIL = 60        # lines of khien stdout/stderr shown in detail mode
BASELINE_HEADER = (
    "# Conformance ratchet: suricata-verify tests khien must keep passing.\n"
    "# One test name per line, sorted; '#' starts a comment.\n"
    "# Refresh with: tests/conformance/run.py --update-baseline (full suite only).\n"
)


class Skip(Exception):
    """The test (or a check) cannot run here; reported as SKIP."""


class Fail(Exception):
    """The test failed; the message is the reason."""


# ---------------------------------------------------------------- data types

@dataclasses.dataclass
class Context:
    """Settings shared by every test of a run."""
    khien: str
    tests_root: Path
    default_yaml: Path
    outroot: Path
    timeout: float
    features: frozenset
    engine_version: tuple
    validator: object = None
    extra_args: tuple = ()
    detail: bool = False


@dataclasses.dataclass
class Result:
    name: str
    status: str = "fail"            # pass | fail | skip
    reason: str = ""
    category: str = "other"
    duration_s: float = 0.0
    schema_violations: dict = dataclasses.field(default_factory=dict)
    details: list = dataclasses.field(default_factory=list)

    def line(self):
        text = "%s %s" % (self.status.upper(), self.name)
        return text + (": " + self.reason if self.reason else "")

    def as_json(self):
        return {"name": self.name, "status": self.status, "reason": self.reason,
                "category": self.category, "duration_s": round(self.duration_s, 3),
                "schema_violations": self.schema_violations}


# ---------------------------------------------------------------- versions

def parse_version(value, wildcard=False):
    """Parse '7', '7.0' or '7.0.3' into (major, minor, patch); missing parts are 0 (None if wildcard)."""
    match = re.search(r"(?:Suricata version |^)(\d+)\.?(\d+)?\.?(\d+)?", str(value).strip())
    if not match:
        raise Fail("unparsable version %r" % (value,))
    default = None if wildcard else 0
    return tuple(int(g) if g is not None else default for g in match.groups())


def version_ok(engine, op, wanted):
    """Compare the engine version against wanted with op: gte, gt, lt or equal."""
    if op == "equal":
        want = parse_version(wanted, wildcard=True)
        return all(w is None or e == w for e, w in zip(engine, want))
    want = parse_version(wanted)
    return {"gte": engine >= want, "gt": engine > want, "lt": engine < want}[op]


# ---------------------------------------------------------------- requirements

VERSION_REQUIRES = {"min-version": "gte", "gt-version": "gt", "lt-version": "lt", "version": "equal"}


def as_list(value):
    return value if isinstance(value, list) else [value]


def check_requires(requires, ctx, env=None):
    """Raise Skip naming the first unmet requirement of a requires mapping."""
    if not requires:
        return
    if not isinstance(requires, dict):
        raise Fail("requires is not a mapping")
    for key, value in requires.items():
        if key in VERSION_REQUIRES:
            if not version_ok(ctx.engine_version, VERSION_REQUIRES[key], value):
                raise Skip("requires %s %s" % (key, value))
        elif key == "features":
            for feature in as_list(value):
                if feature not in ctx.features:
                    raise Skip("requires feature %s" % feature)
        elif key == "env":
            for name in as_list(value):
                if name not in os.environ:
                    raise Skip("requires env %s" % name)
        elif key == "files":
            for name in as_list(value):
                if not (REPO_ROOT / str(name)).exists():
                    raise Skip("requires file %s" % name)
        elif key == "script":
            for script in as_list(value):
                if not script_succeeds(str(script), ctx, env):
                    raise Skip("requires script failed: %s" % script)
        elif key == "pcap":
            pass  # judged when the pcap is resolved
        elif key == "os":
            if not platform.system().lower().startswith(str(value).lower()):
                raise Skip("requires os %s" % value)
        elif key == "runmode":  # khien's own: a case that only holds in one run mode
            args = list(ctx.extra_args)
            mode = ("workers" if any(a == "workers" and i and args[i - 1] == "--runmode"
                                     for i, a in enumerate(args)) else "single")
            if str(value) != mode:
                raise Skip("requires runmode %s" % value)
        elif key == "arch":
            if not platform.machine().lower().startswith(str(value).lower()):
                raise Skip("requires arch %s" % value)
        else:
            raise Skip("unsupported requires key %s" % key)


def script_succeeds(script, ctx, env):
    """Run a requires script from the repo root; True when it exits 0."""
    try:
        proc = subprocess.run(script, shell=True, cwd=REPO_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=ctx.timeout)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def lint_check_versions(requires, test_min):
    """suricata-verify refuses a check whose version needs contradict or repeat the test's."""
    if test_min is None:
        return
    if "lt-version" in requires:
        if not parse_version(test_min) < parse_version(requires["lt-version"]):
            raise Fail("check requires lt-version %s but test requires min-version %s"
                       % (requires["lt-version"], test_min))
    if "min-version" in requires and requires["min-version"] == test_min:
        raise Fail("check repeats the test's min-version %s" % test_min)


def flatten_config(node, prefix="", out=None):
    """Flatten a YAML tree into 'a.b.0.c' -> string value, like --dump-config."""
    out = {} if out is None else out
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        out[prefix] = "" if node is None else str(node)
        return out
    for key, value in items:
        flatten_config(value, "%s.%s" % (prefix, key) if prefix else str(key), out)
    return out


def load_flat_config(yaml_path):
    try:
        with open(yaml_path, "r", encoding="utf-8", errors="replace") as fileobj:
            return flatten_config(yaml.load(fileobj, Loader=yaml.BaseLoader) or {})
    except (OSError, yaml.YAMLError):
        return {}


def check_skip(skip, ctx, yaml_path):
    """Honour test.yaml 'skip:' (bool, or entries of uid / feature / config)."""
    if skip is None:
        return
    if isinstance(skip, bool):
        if skip:
            raise Skip("skipped by default")
        return
    for entry in as_list(skip):
        if not isinstance(entry, dict):
            raise Fail("bad skip entry %r" % (entry,))
        if "uid" in entry and hasattr(os, "getuid") and os.getuid() == entry["uid"]:
            raise Skip(entry.get("msg", "not for uid %s" % entry["uid"]))
        if "feature" in entry and entry["feature"] in ctx.features:
            raise Skip(entry.get("msg", "not for feature %s" % entry["feature"]))
        if "config" in entry and yaml_path is not None:
            config = load_flat_config(yaml_path)
            for pattern, need in (entry["config"] or {}).items():
                for key, val in config.items():
                    if re.match(str(pattern), key) and str(need) == val:
                        raise Skip("not for %s = %s" % (key, need))


# ---------------------------------------------------------------- test setup

def discover_tests(root):
    """Relative names of every directory holding test.yaml (nothing below a test is a test)."""
    names = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        if Path(dirpath) == root:
            continue
        if "test.yaml" in filenames:
            names.append(Path(dirpath).relative_to(root).as_posix())
            dirnames[:] = []
    return sorted(names)


def load_test_config(test_dir):
    """Parse test.yaml; a broken one is a FAIL with the parser's complaint."""
    try:
        text = (test_dir / "test.yaml").read_text(encoding="utf-8", errors="replace")
        config = yaml.safe_load(text)
    except OSError as err:
        raise Fail("cannot read test.yaml: %s" % err.strerror)
    except yaml.YAMLError as err:
        raise Fail("bad test.yaml: %s" % " ".join(str(err).split())[:200])
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise Fail("bad test.yaml: top level is not a mapping")
    return config


def validate_checks(checks):
    """Return the check list, skipping the test on any check type we cannot judge."""
    if checks is None:
        return []
    if not isinstance(checks, list):
        raise Fail("checks is not a list")
    for number, check in enumerate(checks, 1):
        if not isinstance(check, dict) or not check:
            raise Fail("check %d is not a mapping" % number)
        for kind, body in check.items():
            if kind not in CHECK_TYPES:
                raise Skip("unsupported check %s" % kind)
            if kind == "filter" and isinstance(body, dict):
                for key in body:
                    if key not in FILTER_KEYS:
                        raise Skip("unsupported filter option %s" % key)
    return checks


def yaml_for(ctx, test_dir):
    """The test's own suricata.yaml, else the default one; None means khien's built-in."""
    own = test_dir / "suricata.yaml"
    return own if own.exists() else ctx.default_yaml


def resolve_pcap(test_dir, config):
    """Path of the capture to read, as suricata-verify picks it."""
    requires = config.get("requires") or {}
    if "pcap" in config and config["pcap"]:
        pcap = test_dir / str(config["pcap"])
        if not pcap.exists():
            raise Fail("pcap not found: %s" % config["pcap"])
        return Path(os.path.realpath(pcap))
    found = sorted(test_dir.glob("*.pcap")) + sorted(test_dir.glob("*.pcapng"))
    if len(found) > 1:
        raise Fail("more than 1 pcap file found")
    if not found:
        if "pcap" in config:
            raise Skip("no pcap (pcap: false)")
        if isinstance(requires, dict) and requires.get("pcap") is False:
            raise Skip("no pcap (requires pcap: false)")
        raise Skip("no pcap file found")
    return found[0]


def rule_args(test_dir, ctx):
    """-S / --disable-detection / firewall arguments from the folder's *.rules."""
    rules = sorted(test_dir.glob("*.rules"))
    if not rules:
        return ["--disable-detection"]
    if len(rules) == 1:
        rule = rules[0]
        if rule.name.endswith("firewall.rules"):
            return ["--firewall-rules-exclusive", str(rule)]
        if rule.name.startswith("min") and not version_ok(ctx.engine_version, "gte", rule.name[3:-6]):
            return ["--disable-detection"]
        return ["-S", str(rule)]
    if len(rules) == 2 and rules[0].name.endswith("firewall.rules") and rules[1].name.endswith("td.rules"):
        return ["--firewall-rules-exclusive", str(rules[0]), "-S", str(rules[1])]
    raise Fail("more than 1 rule file found: %s" % " ".join(r.name for r in rules))


def config_args(config, env):
    """The test's extra arguments: list or string, ${VARS} expanded, split like a shell."""
    raw = config.get("args")
    if raw is None:
        return []
    args = []
    for item in as_list(raw):
        try:
            expanded = string.Template(str(item)).substitute(env)
            args += shlex.split(expanded)
        except (KeyError, ValueError) as err:
            raise Fail("bad args %r: %s" % (item, err))
    return args


def build_env(test_dir, outdir, config):
    env = dict(os.environ)
    env.update({"SRCDIR": str(REPO_ROOT), "TZ": "UTC",
                "TEST_DIR": str(test_dir), "OUTPUT_DIR": str(outdir)})
    extra = config.get("env") or {}
    if not isinstance(extra, dict):
        raise Fail("env is not a mapping")
    env.update({str(k): str(v) for k, v in extra.items()})
    return env


def build_command(ctx, test_dir, outdir, config, env):
    cmd = [ctx.khien, "--init-errors-fatal", "-l", str(outdir)]
    if "ips" in test_dir.name:
        cmd.append("--simulate-ips")
    if yaml_for(ctx, test_dir) is not None:
        cmd += ["-c", str(yaml_for(ctx, test_dir))]
    cmd += ["-r", str(resolve_pcap(test_dir, config))]
    cmd += rule_args(test_dir, ctx)
    cmd += list(ctx.extra_args)
    cmd += config_args(config, env)
    return cmd


# ---------------------------------------------------------------- running

def run_shell(script, cwd, env, timeout):
    """Run a /bin/sh snippet; returns CompletedProcess or raises Fail on timeout."""
    try:
        return subprocess.run(script, shell=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Fail("shell command timed out after %gs: %s" % (timeout, short(script, 80)))


def run_setup(config, outdir, env, timeout):
    for step in as_list(config.get("setup") or []):
        if isinstance(step, dict) and "script" in step:
            proc = run_shell(str(step["script"]), outdir, env, timeout)
            if proc.returncode != 0:
                raise Fail("setup script failed (exit %d)" % proc.returncode)


def run_engine(cmd, outdir, env, timeout):
    """Run khien with output captured in outdir; returns its exit status."""
    (outdir / "cmdline").write_text(shlex.join(cmd) + "\n")
    with open(outdir / "stdout", "wb") as out, open(outdir / "stderr", "wb") as err:
        try:
            proc = subprocess.Popen(cmd, cwd=outdir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=err, start_new_session=True)
        except OSError as exc:
            raise Fail("cannot execute %s: %s" % (cmd[0], exc.strerror))
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
            raise Fail("khien timed out after %gs" % timeout)


def check_exit(code, expected):
    if code == expected:
        return
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "signal %d" % -code
        raise Fail("khien crashed with %s" % name)
    raise Fail("khien exit code %d, expected %s" % (code, expected))


def expected_exit_code(config):
    code = config.get("exit-code", 0)
    if not isinstance(code, int) or isinstance(code, bool):
        raise Fail("exit-code is not an integer")
    return code


# ---------------------------------------------------------------- matching

def find_value(path, obj):
    """Look up a dotted path with [n] indexes; __len gives a length, operator suffixes stop the walk."""
    for part in path.split("."):
        if part == "__len":
            try:
                return len(obj)
            except TypeError:
                return -1
        if part in OPERATOR_SUFFIXES:
            break
        match = INDEX_RE.match(part)
        name, index = (match.group(1), int(match.group(2))) if match else (part, None)
        if name not in obj:
            return None
        obj = obj[name]
        if index is not None:
            try:
                obj = obj[index]
            except (IndexError, KeyError, TypeError):
                return None
    return obj


def value_matches(key, value, expected):
    """Apply the operator named by key's suffix (plain equality otherwise)."""
    if key.endswith("__find"):
        return value.find(expected) >= 0
    if key.endswith("__contains"):
        return expected in value
    if key.endswith("__startswith"):
        return value.startswith(expected)
    if key.endswith("__endswith"):
        return value.endswith(expected)
    if key.endswith("__gte"):
        return value >= expected
    if key.endswith("__gt"):
        return value > expected
    if key.endswith("__lte"):
        return value <= expected
    if key.endswith("__lt"):
        return value < expected
    return value == expected


def term_holds(key, expected, event):
    """One match entry against one event (may raise, as suricata-verify does)."""
    if key in ("has-key", "not-has-key"):
        # a list names several keys, all of which must be there (or absent)
        keys = expected if isinstance(expected, list) else [expected]
        present = [find_value(k, event) is not None for k in keys]
        return all(present) if key == "has-key" else not any(present)
    return value_matches(key, find_value(key, event), expected)


def event_matches(match, event):
    """True when every entry of match holds for event (stops at the first miss)."""
    for key, expected in match.items():
        if not term_holds(key, expected, event):
            return False
    return True


def safe_term(key, expected, event):
    try:
        return term_holds(key, expected, event)
    except Exception:  # noqa: BLE001 - a diagnostic only
        return False


def load_events(path):
    """Decode an eve file; a bad line fails the check as it would in suricata-verify."""
    events = []
    with open(path, "r", encoding="utf-8", errors="replace") as fileobj:
        for line_no, line in enumerate(fileobj, 1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except ValueError as err:
                raise Fail("%s line %d: invalid JSON: %s" % (path.name, line_no, err))
    return events


# ---------------------------------------------------------------- checks

def short(value, limit=40):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_filter(body, limit=100):
    """'filter event_type=alert alert.signature_id=1', cut after about limit characters."""
    match = body.get("match") if isinstance(body, dict) else None
    if not isinstance(match, dict):
        return "filter"
    terms = ["%s=%s" % (k, short(v)) for k, v in match.items()]
    shown = []
    for term in terms:
        if shown and len(" ".join(shown + [term])) > limit:
            return "filter %s (+%d more)" % (" ".join(shown), len(terms) - len(shown))
        shown.append(term)
    return "filter " + " ".join(shown)


def pretty_event(event):
    lines = json.dumps(event, indent=2, sort_keys=True).splitlines()
    if len(lines) > DETAIL_LINES:
        lines = lines[:DETAIL_LINES] + ["  ... (%d more lines)" % (len(lines) - DETAIL_LINES)]
    return lines


def filter_diagnosis(match, expected_count, count, events):
    """Lines showing the expected match and the closest actual events."""
    lines = ["expected %s event(s) matching:" % expected_count]
    lines += ["  " + l for l in json.dumps(match, indent=2, sort_keys=True, default=str).splitlines()]
    lines.append("got %d matching event(s)" % count)
    wanted_type = match.get("event_type")
    pool = [e for e in events if isinstance(e, dict)
            and (wanted_type is None or e.get("event_type") == wanted_type)]
    if not pool:
        lines.append("no events%s in output" % (" of event_type %s" % wanted_type if wanted_type else ""))
        return lines
    scored = sorted(pool, key=lambda e: -sum(safe_term(k, v, e) for k, v in match.items()))
    lines.append("closest of %d candidate event(s):" % len(pool))
    for rank, event in enumerate(scored[:DETAIL_EVENTS], 1):
        lines.append("  -- candidate %d" % rank)
        for key, expected in match.items():
            if not safe_term(key, expected, event):
                actual = find_value(key, event) if key not in ("has-key", "not-has-key") else None
                lines.append("  mismatch %s: expected %s, got %s" % (key, short(expected, 80), short(actual, 80)))
        lines += ["    " + l for l in pretty_event(event)]
    return lines


def eval_filter(ctx, body, outdir, test_min, details):
    if not isinstance(body, dict):
        raise Fail("filter is not a mapping")
    requires = dict(body.get("requires") or {})
    for key in ("version", "min-version", "lt-version"):
        if body.get(key) is not None:
            requires[key] = body[key]
    lint_check_versions(requires, test_min)
    if body.get("feature") is not None:
        requires["features"] = [body["feature"]]
    check_requires(requires, ctx)

    filename = str(body.get("filename", "eve.json"))
    path = outdir / filename
    if not path.exists():
        raise Fail("%s does not exist" % filename)
    if "count" not in body:
        raise Fail("filter has no count")
    match = body.get("match")
    if not isinstance(match, dict):
        raise Fail("filter has no match mapping")
    events = load_events(path)
    try:
        count = sum(1 for event in events if event_matches(match, event))
    except Exception as err:  # noqa: BLE001 - suricata-verify fails the test here too
        raise Fail("error evaluating match: %s: %s" % (type(err).__name__, err))
    if count != body["count"]:
        if details is not None:
            details.extend(filter_diagnosis(match, body["count"], count, events))
        raise Fail("expected count %s, got %d" % (body["count"], count))


def eval_stats(body, outdir):
    if not isinstance(body, dict):
        raise Fail("stats check is not a mapping")
    path = outdir / "eve.json"
    if not path.exists():
        raise Fail("eve.json does not exist")
    stats = None
    for event in load_events(path):
        if isinstance(event, dict) and event.get("event_type") == "stats":
            stats = event.get("stats")
    if not isinstance(stats, dict):
        raise Fail("no stats event in eve.json")
    for key, expected in body.items():
        try:
            value = find_value(str(key), stats)
        except TypeError:
            value = None
        if value != expected:
            raise Fail("stats.%s: expected %s, got %s" % (key, expected, value))


def eval_shell(ctx, body, outdir, env):
    if not isinstance(body, dict) or "args" not in body:
        raise Fail("shell check missing args")
    requires = {k: body[k] for k in ("version", "min-version", "lt-version") if body.get(k) is not None}
    check_requires(requires, ctx)
    proc = run_shell(str(body["args"]), outdir, env, ctx.timeout)
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise Fail("exited %d%s" % (proc.returncode, ": " + err[0][:120] if err[0] else ""))
    if "expect" in body:
        output = proc.stdout.decode(errors="replace").strip()
        if str(body["expect"]) != output:
            raise Fail("expected %r, got %r" % (str(body["expect"]), short(output, 80)))


def eval_file_compare(body, test_dir, outdir):
    if not isinstance(body, dict) or "filename" not in body or "expected" not in body:
        raise Fail("file-compare needs filename and expected")
    expected = test_dir / str(body["expected"])
    actual = outdir / str(body["filename"])
    try:
        same = filecmp.cmp(expected, actual, shallow=False)
    except OSError as err:
        raise Fail("%s: %s" % (err.filename and Path(err.filename).name, err.strerror))
    if not same:
        raise Fail("%s differs from %s" % (body["filename"], body["expected"]))


def describe_check(kind, body):
    if kind == "filter":
        return describe_filter(body)
    if kind == "shell" and isinstance(body, dict):
        return "shell %s" % short(str(body.get("args", "")), 60)
    return kind


def run_checks(ctx, checks, test_dir, outdir, env, test_min, details):
    """Evaluate every check; returns (first failure or None, number passed, skip reasons)."""
    first_failure, passed, skipped = None, 0, []
    for number, check in enumerate(checks, 1):
        for kind, body in check.items():
            label = "check %d %s" % (number, describe_check(kind, body))
            notes = []
            try:
                if kind == "filter":
                    eval_filter(ctx, body, outdir, test_min, notes if ctx.detail else None)
                elif kind == "stats":
                    eval_stats(body, outdir)
                elif kind == "shell":
                    eval_shell(ctx, body, outdir, env)
                else:
                    eval_file_compare(body, test_dir, outdir)
                passed += 1
                if ctx.detail:
                    details.append("ok    %s" % label)
            except Skip as err:
                skipped.append("%s: %s" % (label, err))
                if ctx.detail:
                    details.append("skip  %s: %s" % (label, err))
            except Fail as err:
                first_failure = first_failure or "%s: %s" % (label, err)
                if ctx.detail:
                    details.append("FAIL  %s: %s" % (label, err))
                    details.extend("      " + n for n in notes)
    return first_failure, passed, skipped


# ---------------------------------------------------------------- categories

def filter_terms(config):
    """(event types named, match mappings) of every filter check."""
    types, matches = set(), []
    for check in config.get("checks") or []:
        body = check.get("filter") if isinstance(check, dict) else None
        match = body.get("match") if isinstance(body, dict) else None
        if isinstance(match, dict):
            matches.append(match)
            if "event_type" in match:
                types.add(str(match["event_type"]))
    return types, matches


def is_alert_filter(match):
    if "event_type" in match:
        return match["event_type"] == "alert"
    roots = set()
    for key, value in match.items():
        paths = value if key in ("has-key", "not-has-key") else key
        for path in paths if isinstance(paths, list) else [paths]:
            roots.add(str(path).split(".")[0].split("[")[0])
    return "alert" in roots and roots <= HEADER_FIELDS | {"alert"}


def categorize(name, config, text):
    """Pick a summary category from the test name, the event types checked and test.yaml text."""
    checks = config.get("checks") or []
    types, matches = filter_terms(config)
    every_filter = checks and all(isinstance(c, dict) and list(c) == ["filter"] for c in checks)
    if every_filter and len(matches) == len(checks) and all(is_alert_filter(m) for m in matches):
        return "alerts"
    lname = name.lower()
    for proto in ("http", "dns", "tls"):
        if proto in types:
            return proto
    if "http" in lname:
        return "http"
    if "dns" in lname:
        return "dns"
    if any(w in lname for w in ("tls", "ssl", "ja3", "ja4")):
        return "tls"
    # stream.midstream is routine pickup config, not a sign the test is about streams.
    yaml_text = re.sub(r"stream\.midstream\S*", "", text.lower())
    if any(w in lname for w in STREAM_WORDS + ("tcp",)) or any(w in yaml_text for w in STREAM_WORDS):
        return "stream/defrag"
    return "other"


# ---------------------------------------------------------------- one test

def validate_outputs(ctx, outdir, result):
    """Schema-check every eve*.json the run produced; counts go on the result."""
    if ctx.validator is None or not outdir.is_dir():
        return
    counts = collections.Counter()
    shown = 0
    for path in sorted(outdir.glob("eve*.json")):
        try:
            with SCHEMA_LOCK:
                violations = eve_schema.validate_file(path, ctx.validator)
        except OSError:
            continue
        counts.update(v[1] for v in violations)
        if ctx.detail:
            for line_no, event_type, message in violations[: max(0, 10 - shown)]:
                result.details.append("schema %s:%d [%s] %s" % (path.name, line_no, event_type, message))
            shown += len(violations)
    result.schema_violations = dict(sorted(counts.items()))


def tail_file(path, lines=OUTPUT_TAIL):
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return text[-lines:]


def execute(ctx, name, config, result):
    """Run khien for one test and judge it; raises Skip / Fail or returns normally on pass."""
    test_dir = ctx.tests_root / name
    outdir = ctx.outroot / name
    requires = config.get("requires") or {}
    env = build_env(test_dir, outdir, config)
    check_requires(requires, ctx, env)
    check_skip(config.get("skip"), ctx, yaml_for(ctx, test_dir))
    if "command" in config:
        raise Skip("custom command not supported")
    checks = validate_checks(config.get("checks"))
    if yaml_for(ctx, test_dir) is not None and not yaml_for(ctx, test_dir).exists():
        raise Fail("suricata.yaml not found: %s" % yaml_for(ctx, test_dir))
    cmd = build_command(ctx, test_dir, outdir, config, env)
    expected = expected_exit_code(config)
    repeat = config.get("count", 1)
    retries = config.get("retry", 1)
    if ctx.detail:
        result.details.append("command: " + shlex.join(cmd))

    while True:
        retries -= 1
        failure = None
        for _ in range(repeat if isinstance(repeat, int) and repeat > 0 else 1):
            failure, passed, skipped = run_once(ctx, config, cmd, checks, test_dir, outdir,
                                                env, expected, requires, result)
            if failure:
                break
        if failure and retries > 0:
            continue
        break
    if failure:
        raise Fail(failure)
    if checks and passed == 0 and skipped:
        raise Skip("all checks skipped (%s)" % skipped[0])


def run_once(ctx, config, cmd, checks, test_dir, outdir, env, expected, requires, result):
    """One engine run plus checks; returns run_checks' (failure, passed, skipped)."""
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)
    run_setup(config, outdir, env, ctx.timeout)
    try:
        code = run_engine(cmd, outdir, env, ctx.timeout)
        if ctx.detail:
            result.details.append("exit code: %d" % code)
            for stream in ("stdout", "stderr"):
                result.details.append("---- khien %s (last %d lines)" % (stream, OUTPUT_TAIL))
                result.details.extend(tail_file(outdir / stream))
            result.details.append("----")
        check_exit(code, expected)
        if config.get("pre-check"):
            run_shell(str(config["pre-check"]), outdir, env, ctx.timeout)
        return run_checks(ctx, checks, test_dir, outdir, env,
                          requires.get("min-version") if isinstance(requires, dict) else None,
                          result.details)
    finally:
        validate_outputs(ctx, outdir, result)


def run_test(ctx, name):
    """Run one test, turning every outcome (runner bugs included) into a Result."""
    result = Result(name=name)
    start = time.monotonic()
    config, text = {}, ""
    try:
        shutil.rmtree(ctx.outroot / name, ignore_errors=True)  # no stale output from earlier runs
        text = (ctx.tests_root / name / "test.yaml").read_text(errors="replace")
        config = load_test_config(ctx.tests_root / name)
        result.category = categorize(name, config, text)
        execute(ctx, name, config, result)
        result.status = "pass"
    except Skip as err:
        result.status, result.reason = "skip", str(err)
    except Fail as err:
        result.status, result.reason = "fail", str(err)
    except Exception as err:  # noqa: BLE001 - never let one test stop the run
        result.status, result.reason = "fail", "runner error: %s: %s" % (type(err).__name__, err)
    if result.category == "other" and not config:
        result.category = categorize(name, {}, text)
    result.duration_s = time.monotonic() - start
    return result


# ---------------------------------------------------------------- reporting

def print_summary(results, schema_note):
    print()
    print("%-14s %7s %7s %7s" % ("category", "passed", "failed", "skipped"))
    for category in CATEGORIES:
        counts = collections.Counter(r.status for r in results if r.category == category)
        if counts:
            print("%-14s %7d %7d %7d" % (category, counts["pass"], counts["fail"], counts["skip"]))
    print()
    if schema_note:
        print(schema_note)
        return
    totals = collections.Counter()
    for result in results:
        totals.update(result.schema_violations)
    if not totals:
        print("schema: no violations")
        return
    print("schema violations by event type:")
    for event_type in sorted(totals):
        tests = sum(1 for r in results if event_type in r.schema_violations)
        print("  %-20s %7d (in %d test(s))" % (event_type, totals[event_type], tests))


def write_json(path, results):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fileobj:
        json.dump([r.as_json() for r in results], fileobj, indent=1)
        fileobj.write("\n")


# ---------------------------------------------------------------- baseline

def read_baseline(path):
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def write_baseline(path, names):
    """Rewrite the baseline, keeping its leading comment block."""
    header = ""
    if path.exists():
        lines = path.read_text().splitlines(keepends=True)
        header = "".join(itertools.takewhile(lambda line: line.startswith("#"), lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((header or BASELINE_HEADER) + "".join(n + "\n" for n in sorted(names)))


def check_baseline(baseline, results, full_run):
    """Lines naming baseline tests that ran (or vanished) without passing."""
    by_name = {r.name: r for r in results}
    problems = []
    for name in sorted(baseline):
        result = by_name.get(name)
        if result is None:
            if full_run:
                problems.append("baseline: %s not found in corpus" % name)
        elif result.status != "pass":
            problems.append("baseline: %s regressed: %s" % (name, result.line()))
    return problems


# ---------------------------------------------------------------- main

def resolve_path(value, key):
    """CLI paths are relative to the current directory; defaults to the repo root."""
    return Path(value).resolve() if value is not None else (REPO_ROOT / DEFAULTS[key]).resolve()


def resolve_khien(value):
    path = resolve_path(value, "khien")
    if not path.exists() and value and os.sep not in value:
        found = shutil.which(value)
        if found:
            return Path(found)
    return path


def probe_features(khien, timeout):
    """Features khien declares on a 'Features: A B C' line of --build-info (none if unsupported)."""
    try:
        proc = subprocess.run([str(khien), "--build-info"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    features = set()
    in_config = False
    for line in proc.stdout.decode(errors="replace").splitlines():
        if line.startswith("Features:"):
            features.update(line.split()[1:])
        if "Suricata Configuration" in line:
            in_config = True
        if in_config and " support:" in line:
            key, _, val = line.partition(" support:")
            if val.strip().startswith("yes"):
                features.add(key.strip())
    return frozenset(features)


def load_validator(path):
    """(validator or None, note for the summary or None)."""
    if not path.exists():
        return None, "schema: skipped (file absent)"
    try:
        return eve_schema.make_validator(eve_schema.load_schema(path)), None
    except ImportError:
        return None, "schema: skipped (python3-jsonschema not installed)"
    except Exception as err:  # noqa: BLE001 - bad schema must not stop the run
        return None, "schema: skipped (cannot load %s: %s)" % (path, str(err).splitlines()[0])


def version_arg(value):
    try:
        return parse_version(value)
    except Fail as err:
        raise argparse.ArgumentTypeError(str(err))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run suricata-verify style conformance tests against khien.")
    parser.add_argument("--khien", help="engine binary (default: build/khien)")
    parser.add_argument("--tests", help="test corpus (default: ../shared/corpus/verify/tests)")
    parser.add_argument("--default-yaml", help="suricata.yaml for tests without their own "
                        "('builtin': run those without -c, on khien's built-in configuration)")
    parser.add_argument("--json", help="write per-test results as JSON here")
    parser.add_argument("--baseline", help="ratchet file (default: tests/conformance/baseline.txt)")
    parser.add_argument("--check-baseline", action="store_true", help="fail if a baseline test did not pass")
    parser.add_argument("--update-baseline", action="store_true", help="rewrite the baseline with the passing set")
    parser.add_argument("--schema", help="EVE JSON schema (default: ../shared/corpus/eve-schema.json)")
    parser.add_argument("--jobs", type=int, default=2, help="tests run in parallel (default: 2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per khien run (default: 60)")
    parser.add_argument("--outdir", help="output root, one folder per test (default: build/conformance)")
    parser.add_argument("--suricata-version", default=ENGINE_VERSION, type=version_arg,
                        help="Suricata version khien is judged as (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show command, output and check details")
    parser.add_argument("--khien-args", default=os.environ.get("KHIEN_ARGS", ""),
                        help="extra khien arguments for every run, e.g. '--runmode workers "
                        "--threads 2' (default: $KHIEN_ARGS)")
    parser.add_argument("names", nargs="*", metavar="NAME", help="tests to run, by relative name")
    return parser.parse_args(argv)


def print_details(result):
    print("==== %s" % result.name)
    for line in result.details:
        print(line)


def main(argv=None):
    args = parse_args(argv)
    if yaml is None:
        print("conformance: python3-yaml is required", file=sys.stderr)
        return 2
    tests_root = resolve_path(args.tests, "tests")
    if not tests_root.is_dir():
        print("conformance: corpus not found at %s, skipped" % tests_root)
        return 0

    all_tests = discover_tests(tests_root)
    unknown = [n for n in args.names if n.strip("/") not in all_tests]
    if unknown:
        print("conformance: no such test: %s" % " ".join(unknown), file=sys.stderr)
        return 2
    selected = sorted({n.strip("/") for n in args.names}) if args.names else all_tests

    khien = resolve_khien(args.khien)
    if not khien.is_file() or not os.access(khien, os.X_OK):
        print("conformance: khien not found (or not executable) at %s" % khien, file=sys.stderr)
        return 2

    outroot = resolve_path(args.outdir, "outdir")
    if outroot == tests_root or tests_root in outroot.parents or outroot in tests_root.parents:
        print("conformance: --outdir must not overlap the corpus (%s)" % outroot, file=sys.stderr)
        return 2
    # "builtin": tests without their own yaml run on khien's built-in configuration (no -c).
    default_yaml = (None if args.default_yaml == "builtin"
                    else resolve_path(args.default_yaml, "default_yaml"))
    validator, schema_note = load_validator(resolve_path(args.schema, "schema"))
    extra = shlex.split(args.khien_args)
    for option, filename in (("classification-file", "classification.config"),
                             ("reference-config-file", "reference.config")):
        beside = default_yaml.parent / filename if default_yaml else None
        if beside is not None and beside.exists():
            extra += ["--set", "%s=%s" % (option, beside)]

    ctx = Context(khien=str(khien), tests_root=tests_root, default_yaml=default_yaml,
                  outroot=outroot, timeout=args.timeout,
                  features=probe_features(khien, 30),
                  engine_version=args.suricata_version,
                  validator=validator, extra_args=tuple(extra),
                  detail=args.verbose or len(selected) == 1 and bool(args.names))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = sorted(pool.map(lambda n: run_test(ctx, n), selected), key=lambda r: r.name)

    for result in results:
        if ctx.detail:
            print_details(result)
        print(result.line())
    print_summary(results, schema_note)
    if args.json:
        write_json(Path(args.json).resolve(), results)

    rc = 0
    baseline_path = resolve_path(args.baseline, "baseline")
    if args.check_baseline:
        baseline = read_baseline(baseline_path)
        problems = check_baseline(baseline, results, full_run=not args.names)
        print()
        for line in problems:
            print(line)
        print("baseline: %d of %d baseline test(s) did not pass" % (len(problems), len(baseline))
              if problems else "baseline: ok (%d test(s))" % len(baseline))
        rc = 1 if problems else 0
    if args.update_baseline:
        if args.names:
            print("baseline: not updated (only part of the suite ran)")
        else:
            passing = [r.name for r in results if r.status == "pass"]
            write_baseline(baseline_path, passing)
            print("baseline: %s updated with %d passing test(s)" % (baseline_path, len(passing)))

    counts = collections.Counter(r.status for r in results)
    print("%d passed, %d failed, %d skipped" % (counts["pass"], counts["fail"], counts["skip"]))
    return rc


if __name__ == "__main__":
    sys.exit(main())
