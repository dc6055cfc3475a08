# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for "tls-encrypted-full": the capture of "tls-encrypted".
import pcapwriter as pw

build = pw.sibling_case(__file__, "tls-encrypted").build
