# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "intel-reload": the capture of "intel-match", replayed
# while rules and feeds are reloaded in the middle of its HTTP transaction.
import pcapwriter as pw

build = pw.sibling_case(__file__, "intel-match").build
