# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-inline-timing": the very capture of
# stream-ack-timing (pcapwriter.sibling_case loads its gen.py), judged inline.
import pcapwriter as pw

build = pw.sibling_case(__file__, "stream-ack-timing").build

if __name__ == "__main__":
    build("input.pcap")
