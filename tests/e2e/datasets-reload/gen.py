# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "datasets-reload": the capture of "datasets" (three
# HTTP sessions), and the dataset files its rules load, written beside it.
import base64
import os

import pcapwriter as pw

_datasets = pw.sibling_case(__file__, "datasets")


def build(path):
    _datasets.build(path)
    for name, value in (("hosts-bad.lst", b"bad.example"), ("seed-uas.lst", b"agent-zero")):
        with open(os.path.join(os.path.dirname(path), name), "w") as f:
            f.write(base64.b64encode(value).decode() + "\n")
