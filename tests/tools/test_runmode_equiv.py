# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for runmode_equiv.py: flow_id canonicalisation, differences found, threshold sids.
"""Run from the repository root:

    /usr/bin/python3 -m unittest discover -s tests/tools -p 'test_*.py'
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import runmode_equiv as eq  # noqa: E402

FLOW_A = {"event_type": "flow", "src_ip": "10.0.0.1", "dest_ip": "10.0.0.2",
          "flow": {"pkts_toserver": 3, "alerted": True}}
FLOW_B = {"event_type": "flow", "src_ip": "10.0.0.3", "dest_ip": "10.0.0.2",
          "flow": {"pkts_toserver": 1, "alerted": False}}


def rec(base, **kw):
    r = json.loads(json.dumps(base))
    r.update(kw)
    return r


def alert(sid, flow_id):
    return {"event_type": "alert", "flow_id": flow_id, "alert": {"signature_id": sid}}


class Canonical(unittest.TestCase):
    def write(self, recs):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        for r in recs:
            f.write(json.dumps(r) + "\n")
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_flow_ids_are_replaced_by_the_flow(self):
        # the same records, numbered differently and in another order: equal
        one = self.write([rec(FLOW_A, flow_id=1), rec(FLOW_B, flow_id=2), alert(7, 1),
                          {"event_type": "stats", "stats": {"uptime": 1}}])
        two = self.write([alert(7, 42), rec(FLOW_B, flow_id=9), rec(FLOW_A, flow_id=42),
                          {"event_type": "stats", "stats": {"uptime": 5}}])
        self.assertEqual(eq.canonical(one), eq.canonical(two))

    def test_alert_on_another_flow_differs(self):
        one = self.write([rec(FLOW_A, flow_id=1), rec(FLOW_B, flow_id=2), alert(7, 1)])
        two = self.write([rec(FLOW_A, flow_id=1), rec(FLOW_B, flow_id=2), alert(7, 2)])
        self.assertNotEqual(eq.canonical(one), eq.canonical(two))

    def test_a_missing_record_differs(self):
        one = self.write([rec(FLOW_A, flow_id=1), alert(7, 1), alert(7, 1)])
        two = self.write([rec(FLOW_A, flow_id=1), alert(7, 1)])
        self.assertNotEqual(eq.canonical(one), eq.canonical(two))

    def test_threshold_sids_left_out(self):
        one = self.write([rec(FLOW_A, flow_id=1), alert(7, 1), alert(8, 1)])
        two = self.write([rec(FLOW_A, flow_id=3, flow={"pkts_toserver": 3, "alerted": False}),
                          alert(8, 3)])
        self.assertNotEqual(eq.canonical(one), eq.canonical(two))
        self.assertEqual(eq.canonical(one, {7}), eq.canonical(two, {7}))

    def test_unordered_sids(self):
        rules = self.write([])
        with open(rules, "w") as f:
            f.write('alert ip any any -> any any (msg:"a"; threshold: type limit, track '
                    'by_src, count 1, seconds 60; sid:1;)\n'
                    'alert ip any any -> any any (msg:"b"; detection_filter: track by_flow, '
                    'count 2, seconds 60; sid:2;)\n'
                    'alert ip any any -> any any (msg:"c"; sid:3;)\n'
                    '# alert ip any any -> any any (threshold: type limit, track by_dst, '
                    'count 1, seconds 1; sid:4;)\n'
                    'threshold gen_id 1, sig_id 5, type limit, track by_rule, count 1, '
                    'seconds 60\n')
        self.assertEqual(eq.unordered_sids([rules]), {1, 5})


if __name__ == "__main__":
    unittest.main()
