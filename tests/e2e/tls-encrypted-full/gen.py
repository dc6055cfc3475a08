# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for "tls-encrypted-full": the capture of "tls-encrypted".
import importlib.util
import os

_src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tls-encrypted", "gen.py")
_spec = importlib.util.spec_from_file_location("tls_encrypted_gen", _src)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
build = _mod.build
