# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-inline-timing": the very capture of
# stream-ack-timing (its gen.py is loaded from the sibling folder), judged inline.
import importlib.util
import os

_SIBLING = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                        "stream-ack-timing", "gen.py")
_spec = importlib.util.spec_from_file_location("e2e_stream_ack_timing_gen", _SIBLING)
_ack = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ack)


def build(path):
    _ack.build(path)


if __name__ == "__main__":
    build("input.pcap")
