# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-raw-chunks-zero": the very capture of
# stream-raw-chunks (pcapwriter.sibling_case loads its gen.py), with a chunk size of 0.
import pcapwriter as pw

build = pw.sibling_case(__file__, "stream-raw-chunks").build

if __name__ == "__main__":
    build("input.pcap")
