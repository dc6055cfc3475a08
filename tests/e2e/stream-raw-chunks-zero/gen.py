# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-raw-chunks-zero": the very capture of
# stream-raw-chunks (its gen.py is loaded from the sibling folder), with a chunk size of 0.
import importlib.util
import os

_SIBLING = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                        "stream-raw-chunks", "gen.py")
_spec = importlib.util.spec_from_file_location("e2e_stream_raw_chunks_gen", _SIBLING)
_chunks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_chunks)


def build(path):
    _chunks.build(path)


if __name__ == "__main__":
    build("input.pcap")
