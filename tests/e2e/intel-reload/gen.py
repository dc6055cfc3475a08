# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "intel-reload": the capture of "intel-match", replayed
# while rules and feeds are reloaded in the middle of its HTTP transaction.
import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    "intel_match_gen", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                    "intel-match", "gen.py"))
_match = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_match)


def build(path):
    _match.build(path)
