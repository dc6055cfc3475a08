# SPDX-License-Identifier: GPL-2.0-only
"""Self-tests for the conformance runner: it must reach suricata-verify's verdicts on crafted fixtures."""

import importlib.util
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RUN = HERE / "run.py"
FIXTURES = HERE / "fixtures"
FAKE = FIXTURES / "fake-khien"
EVE_SCHEMA = REPO / "tests" / "tools" / "eve_schema.py"


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = load_module("conformance_run", RUN)

# fixture -> (status, substring of the reason)
EXPECTED = {
    "bad-yaml": ("fail", "bad test.yaml"),
    "check-requires": ("pass", ""),
    "check-requires-all-skipped": ("skip", "requires min-version 9"),
    "crash": ("fail", "crashed with SIGABRT"),
    "exit-code-fail": ("fail", "exit code 3, expected 0"),
    "exit-code-pass": ("pass", ""),
    "fake-ips-mode": ("pass", ""),
    "file-compare-fail": ("fail", "check 1 file-compare: datasets.csv differs"),
    "file-compare-pass": ("pass", ""),
    "filter-count-fail": ("fail", "check 2 filter event_type=alert alert.signature_id=1: expected count 1, got 2"),
    "filter-count-pass": ("pass", ""),
    "match-error": ("fail", "check 1 filter http.missing.__contains=x: error evaluating match"),
    "match-operators": ("pass", ""),
    "missing-pcap": ("fail", "pcap not found: nope.pcap"),
    "nested/inner": ("pass", ""),
    "no-checks": ("pass", ""),
    "no-pcap": ("skip", "no pcap file found"),
    "no-rules": ("pass", ""),
    "own-suricata-yaml": ("pass", ""),
    "pcap-false": ("skip", "no pcap (pcap: false)"),
    "requires-feature-missing": ("skip", "requires feature HAVE_NOPE"),
    "requires-feature-present": ("pass", ""),
    "requires-lt-version": ("skip", "requires lt-version 8"),
    "requires-min-version": ("skip", "requires min-version 9"),
    "requires-unknown-key": ("skip", "unsupported requires key frobnicate"),
    "requires-versions-ok": ("pass", ""),
    "schema-violations": ("pass", ""),
    "shell-fail": ("fail", "expected '4', got '3'"),
    "shell-pass": ("pass", ""),
    "skip-feature": ("skip", "not with the fake engine"),
    "stats-fail": ("fail", "stats.decoder.pkts: expected 1, got 10"),
    "stats-pass": ("pass", ""),
    "timeout": ("fail", "timed out after 3s"),
    "two-pcaps": ("fail", "more than 1 pcap file found"),
    "unsupported-check": ("skip", "unsupported check lua"),
}


def run_runner(*args, tests=FIXTURES / "tests", schema=FIXTURES / "mini-schema.json", outdir=None):
    """Run run.py against the fixtures with the fake engine; returns CompletedProcess."""
    cmd = [sys.executable, str(RUN), "--khien", str(FAKE), "--tests", str(tests),
           "--default-yaml", str(FIXTURES / "default.yaml"), "--schema", str(schema),
           "--timeout", "3", "--outdir", str(outdir)] + list(args)
    return subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)


class MatchSemantics(unittest.TestCase):
    """find_value / event matching, operator by operator, as suricata-verify defines them."""

    EVENT = {"event_type": "http", "src_port": 1234, "tags": ["a", "b"],
             "http": {"url": "/index.html", "status": 200,
                      "headers": [{"name": "Host"}, {"name": "Accept"}]}}

    def check(self, key, good, bad):
        self.assertTrue(run.event_matches({key: good}, self.EVENT), "%s: %r should match" % (key, good))
        self.assertFalse(run.event_matches({key: bad}, self.EVENT), "%s: %r should not match" % (key, bad))

    def test_equality_and_nested_paths(self):
        self.check("event_type", "http", "dns")
        self.check("http.status", 200, 404)
        self.check("http.headers[1].name", "Accept", "Host")

    def test_int_vs_str_is_a_mismatch(self):
        self.assertFalse(run.event_matches({"http.status": "200"}, self.EVENT))

    def test_missing_paths_give_none(self):
        self.assertIsNone(run.find_value("http.nope", self.EVENT))
        self.assertIsNone(run.find_value("http.headers[9].name", self.EVENT))
        self.assertIsNone(run.find_value("nope.__len", self.EVENT))

    def test_len(self):
        self.check("tags.__len", 2, 3)
        self.check("http.url.__len", 11, 10)
        self.check("src_port.__len", -1, 0)

    def test_string_and_list_operators(self):
        self.check("tags.__contains", "b", "c")
        self.check("http.url.__contains", "index", "nothere")
        self.check("http.url.__find", "dex", "xed")
        self.check("http.url.__startswith", "/in", "in")
        self.check("http.url.__endswith", ".html", ".htm")

    def test_ordering_operators(self):
        self.check("src_port.__gt", 1233, 1234)
        self.check("src_port.__gte", 1234, 1235)
        self.check("src_port.__lt", 1235, 1234)
        self.check("src_port.__lte", 1234, 1233)

    def test_has_key(self):
        self.check("has-key", "http.headers", "http.nope")
        self.check("not-has-key", "alert", "http")

    def test_has_key_list(self):
        # a list: every key present (has-key) or every key absent (not-has-key)
        self.check("has-key", ["http.url", "tags"], ["http.url", "http.nope"])
        self.check("not-has-key", ["alert", "dns"], ["alert", "http"])

    def test_operator_on_missing_field_raises(self):
        with self.assertRaises(TypeError):
            run.event_matches({"http.nope.__contains": "x"}, self.EVENT)

    def test_all_terms_must_hold(self):
        self.assertTrue(run.event_matches({"event_type": "http", "http.status": 200}, self.EVENT))
        self.assertFalse(run.event_matches({"event_type": "http", "http.status": 201}, self.EVENT))


class Versions(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(run.parse_version("7"), (7, 0, 0))
        self.assertEqual(run.parse_version(8.0), (8, 0, 0))
        self.assertEqual(run.parse_version("7.0.12-dev"), (7, 0, 12))
        self.assertEqual(run.parse_version("7", wildcard=True), (7, None, None))

    def test_compare_as_8_0_0(self):
        engine = (8, 0, 0)
        self.assertTrue(run.version_ok(engine, "gte", 8))
        self.assertFalse(run.version_ok(engine, "gte", "8.0.4"))
        self.assertFalse(run.version_ok(engine, "lt", 8))
        self.assertTrue(run.version_ok(engine, "lt", "8.0.1"))
        self.assertTrue(run.version_ok(engine, "gt", "6.0.11"))
        self.assertTrue(run.version_ok(engine, "equal", 8))
        self.assertFalse(run.version_ok(engine, "equal", "8.1"))


class Categories(unittest.TestCase):
    def cat(self, name, checks, text=""):
        return run.categorize(name, {"checks": checks}, text)

    def test_alert_only(self):
        alert = {"filter": {"count": 1, "match": {"event_type": "alert", "alert.signature_id": 1}}}
        bare = {"filter": {"count": 1, "match": {"alert.signature_id": 1, "pcap_cnt": 3}}}
        self.assertEqual(self.cat("http-foo", [alert, bare]), "alerts")

    def test_protocols_and_stream(self):
        http = {"filter": {"count": 1, "match": {"event_type": "http"}}}
        flow = {"filter": {"count": 1, "match": {"event_type": "flow"}}}
        self.assertEqual(self.cat("bug-1", [http]), "http")
        self.assertEqual(self.cat("dns-x", [flow]), "dns")
        self.assertEqual(self.cat("tcp-fastopen-1", [flow]), "stream/defrag")
        self.assertEqual(self.cat("bug-2", [flow], "args: [--set stream.midstream=true]"), "other")
        self.assertEqual(self.cat("bug-3", [flow], "args: [--set defrag.max-frags=1]"), "stream/defrag")


class FixtureSuite(unittest.TestCase):
    """One full run of run.py over the fixtures with the fake engine."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        cls.outdir = tmp / "out"
        cls.baseline = tmp / "baseline.txt"
        cls.baseline.write_text("# header kept\n")
        cls.proc = run_runner("--json", str(tmp / "r.json"), "--baseline", str(cls.baseline),
                              "--update-baseline", outdir=cls.outdir)
        cls.results = {r["name"]: r for r in json.loads((tmp / "r.json").read_text())}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def argv(self, name):
        return json.loads((self.outdir / name / "argv.json").read_text())

    def test_plain_run_exits_zero_despite_failures(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout)

    def test_verdicts(self):
        self.assertEqual(sorted(self.results), sorted(EXPECTED))
        for name, (status, reason) in EXPECTED.items():
            with self.subTest(name=name):
                self.assertEqual(self.results[name]["status"], status, self.results[name]["reason"])
                self.assertIn(reason, self.results[name]["reason"])

    def test_output_lines(self):
        lines = self.proc.stdout.splitlines()
        verdicts = [l for l in lines if l.split(" ")[0] in ("PASS", "FAIL", "SKIP")]
        self.assertEqual([l.split(" ")[1].rstrip(":") for l in verdicts], sorted(EXPECTED))
        self.assertIn("FAIL stats-fail: check 1 stats: stats.decoder.pkts: expected 1, got 10", lines)
        counts = [sum(1 for s, _ in EXPECTED.values() if s == k) for k in ("pass", "fail", "skip")]
        self.assertEqual(lines[-1], "%d passed, %d failed, %d skipped" % tuple(counts))
        self.assertTrue(any(l.startswith("alerts ") for l in lines))

    def test_nested_tests_are_not_separate(self):
        self.assertNotIn("nested/inner/deeper", self.results)

    def test_engine_arguments(self):
        ips = self.argv("fake-ips-mode")
        self.assertIn("--simulate-ips", ips)
        self.assertEqual(ips[ips.index("-S") + 1], str(FIXTURES / "tests/fake-ips-mode/test.rules"))
        self.assertEqual(ips[:3], ["--init-errors-fatal", "-l", str(self.outdir / "fake-ips-mode")])
        self.assertEqual(ips[-4:], ["-k", "none", "--set", "stream.midstream=true"])
        plain = self.argv("no-rules")
        self.assertIn("--disable-detection", plain)
        self.assertNotIn("-S", plain)
        self.assertNotIn("--simulate-ips", plain)
        self.assertIn("threshold-file=%s/threshold.config" % (FIXTURES / "tests/no-rules"), plain)
        own = self.argv("own-suricata-yaml")
        self.assertEqual(own[own.index("-c") + 1], str(FIXTURES / "tests/own-suricata-yaml/suricata.yaml"))
        self.assertEqual(own[own.index("-r") + 1], str(FIXTURES / "tests/shared.pcap"))
        counted = self.argv("filter-count-pass")
        self.assertEqual(counted[counted.index("-r") + 1], str(FIXTURES / "tests/filter-count-pass/input.pcap"))

    def test_schema_violations_counted(self):
        self.assertEqual(self.results["schema-violations"]["schema_violations"],
                         {"alert": 1, "dns": 1, "flow": 1})
        self.assertEqual(self.results["filter-count-pass"]["schema_violations"], {})
        self.assertRegex(self.proc.stdout, r"\n  dns +1 \(in 1 test")

    def test_baseline_updated_with_passing_set(self):
        text = self.baseline.read_text()
        self.assertTrue(text.startswith("# header kept\n"))
        passing = sorted(n for n, (s, _) in EXPECTED.items() if s == "pass")
        self.assertEqual(run.read_baseline(self.baseline), set(passing))
        self.assertEqual([l for l in text.splitlines() if not l.startswith("#")], passing)


class Baseline(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, baseline_names, *names):
        baseline = self.dir / "baseline.txt"
        baseline.write_text("# comment\n" + "".join(n + "\n" for n in baseline_names))
        return run_runner("--baseline", str(baseline), "--check-baseline", *names, outdir=self.dir / "out")

    def test_regression_fails(self):
        proc = self.check(["filter-count-fail", "filter-count-pass", "match-operators"],
                          "filter-count-pass", "filter-count-fail")
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn("baseline: filter-count-fail regressed", proc.stdout)
        self.assertNotIn("match-operators", proc.stdout)  # not run, so not counted

    def test_non_baseline_failures_do_not_fail(self):
        proc = self.check(["filter-count-pass"], "filter-count-pass", "filter-count-fail")
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(proc.stdout.splitlines()[-1], "1 passed, 1 failed, 0 skipped")

    def test_update_refused_for_partial_run(self):
        baseline = self.dir / "baseline.txt"
        baseline.write_text("# only a comment\n")
        proc = run_runner("--baseline", str(baseline), "--update-baseline", "stats-pass", outdir=self.dir / "out")
        self.assertIn("baseline: not updated", proc.stdout)
        self.assertEqual(baseline.read_text(), "# only a comment\n")


class RunnerEdges(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_missing_corpus_is_skipped(self):
        proc = run_runner(tests=self.dir / "absent", outdir=self.dir / "out")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.strip(), "conformance: corpus not found at %s, skipped" % (self.dir / "absent"))

    def test_missing_schema_is_reported(self):
        proc = run_runner("stats-pass", schema=self.dir / "nope.json", outdir=self.dir / "out")
        self.assertIn("schema: skipped (file absent)", proc.stdout)

    def test_unknown_name(self):
        proc = run_runner("no-such-test", outdir=self.dir / "out")
        self.assertEqual(proc.returncode, 2)

    def test_single_name_shows_details(self):
        proc = run_runner("filter-count-fail", outdir=self.dir / "out")
        self.assertIn("command: %s --init-errors-fatal" % FAKE, proc.stdout)
        self.assertIn("fake-khien processed", proc.stdout)  # khien's stdout
        self.assertIn("closest of 2 candidate event(s)", proc.stdout)
        self.assertIn('"signature_id": 1', proc.stdout)


class EveSchemaTool(unittest.TestCase):
    def test_validate_file(self):
        schema = json.loads((FIXTURES / "mini-schema.json").read_text())
        bad = FIXTURES / "tests/schema-violations/canned-eve.json"
        found = load_module("eve_schema_t", EVE_SCHEMA).validate_file(bad, schema)
        self.assertEqual(sorted((n, t) for n, t, _ in found), [(1, "alert"), (2, "dns"), (3, "flow")])

    def test_cli_exit_codes(self):
        base = [sys.executable, str(EVE_SCHEMA), "--schema", str(FIXTURES / "mini-schema.json")]
        bad = subprocess.run(base + [str(FIXTURES / "tests/schema-violations/canned-eve.json")],
                             stdout=subprocess.PIPE, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("[alert] alert.signature_id:", bad.stdout)
        good = subprocess.run(base + [str(FIXTURES / "tests/filter-count-pass/canned-eve.json")],
                              stdout=subprocess.PIPE, text=True)
        self.assertEqual(good.returncode, 0, good.stdout)


if __name__ == "__main__":
    unittest.main()
