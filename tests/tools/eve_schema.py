#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""EVE JSON schema checker: validates eve.json files, one event per line, against Suricata's EVE schema."""

import argparse
import collections
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SCHEMA = REPO_ROOT.parent / "shared" / "corpus" / "eve-schema.json"
MAX_MESSAGE = 300

# Pseudo event types for lines that cannot be validated as events.
INVALID_JSON = "<invalid-json>"
NOT_AN_OBJECT = "<not-an-object>"
NO_EVENT_TYPE = "<none>"


# khien's additions to Suricata's EVE format, validated like the rest: the "intel" object of
# threat-intelligence alerts and the intel_sightings record (docs/intel.md), the "dlp" object
# of DLP alerts (docs/dlp.md) and DLP's counters in stats (written only when DLP alerted or
# reached a cap), and the datasets' memcap counter in stats (docs/datasets.md). Added to the
# schema as it is loaded, so Suricata's file stays as shipped.
_STR = {"type": "string"}
KHIEN_EXTENSIONS = {
    "intel": {
        "type": "object",
        "additionalProperties": False,
        "required": ["feed", "indicator", "type"],
        "properties": {
            "feed": _STR, "indicator": _STR, "type": _STR,
            "matched": _STR, "point": _STR, "action": _STR,
            "confidence": {"type": "integer"}, "description": _STR,
            "expires": _STR,
        },
    },
    "intel_sightings": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "sensor": _STR,
            "generation": {"type": "integer"},
            "dropped": {"type": "integer"},
            "sightings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "feed": _STR, "indicator": _STR, "type": _STR,
                        "count": {"type": "integer"}, "first_seen": _STR,
                        "last_seen": _STR,
                    },
                },
            },
        },
    },

    "dlp": {
        "type": "object",
        "additionalProperties": False,
        "required": ["detector", "direction", "source", "doc_type"],
        "properties": {
            "detector": _STR, "count": {"type": "integer"}, "direction": _STR,
            "source": _STR, "level": _STR, "encoding": _STR, "doc_type": _STR,
            "filename": _STR,
            "samples": {
                "type": "array", "maxItems": 5,
                "items": {"type": "object", "additionalProperties": False,
                          "required": ["masked", "hmac_sha256"],
                          "properties": {"masked": _STR,
                                         "hmac_sha256": {"type": "string",
                                                         "pattern": "^[0-9a-f]{64}$"}}},
            },
        },
    },
}
KHIEN_STATS_EXTENSIONS = {
    "dlp": {"type": "object", "additionalProperties": {"type": ["integer", "object"]}},
    # dataset:set adds refused at a set's memcap (docs/datasets.md), when there were any
    "datasets": {"type": "object", "additionalProperties": False,
                 "properties": {"memcap_refused": {"type": "integer"}}},
}


def add_khien_extensions(schema):
    """Add khien's own top-level objects (and stats sections) to a loaded schema."""
    props = schema.setdefault("properties", {})
    for key, sub in KHIEN_EXTENSIONS.items():
        props.setdefault(key, sub)
    stats = props.get("stats")
    if isinstance(stats, dict):
        for key, sub in KHIEN_STATS_EXTENSIONS.items():
            stats.setdefault("properties", {}).setdefault(key, sub)
    return schema


def load_schema(path):
    """Read a JSON schema file and return it as a dict, with khien's extensions added."""
    with open(path, "r", encoding="utf-8") as fileobj:
        return add_khien_extensions(json.load(fileobj))


def make_validator(schema):
    """Build a validator for schema; Draft 7 unless the schema names another draft."""
    import jsonschema  # Debian: python3-jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema)


def _as_validator(schema):
    """Accept either a ready validator or a schema dict."""
    if hasattr(schema, "iter_errors"):
        return schema
    return make_validator(schema)


def _error_path(error):
    """Dotted location of a validation error inside the event."""
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(root)"


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def validate_event(event, validator):
    """Return [(event_type, message)] for one decoded event."""
    if not isinstance(event, dict):
        return [(NOT_AN_OBJECT, "event is not a JSON object")]
    event_type = str(event.get("event_type", NO_EVENT_TYPE))
    errors = sorted(validator.iter_errors(event), key=lambda e: [str(p) for p in e.absolute_path])
    return [(event_type, _short("%s: %s" % (_error_path(e), e.message))) for e in errors]


def validate_file(path, schema):
    """Validate every line of an eve file.

    schema is a schema dict or a validator from make_validator() (pass a
    validator when checking many files).  Returns a list of
    (line_no, event_type, message); empty means the file is valid.
    """
    validator = _as_validator(schema)
    violations = []
    with open(path, "r", encoding="utf-8", errors="replace") as fileobj:
        for line_no, line in enumerate(fileobj, 1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except ValueError as err:
                violations.append((line_no, INVALID_JSON, _short("invalid JSON: %s" % err)))
                continue
            for event_type, message in validate_event(event, validator):
                violations.append((line_no, event_type, message))
    return violations


def count_by_event_type(violations):
    """Map event_type -> number of violations."""
    return dict(collections.Counter(v[1] for v in violations))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Validate EVE JSON files against the EVE schema.")
    parser.add_argument("--schema", default=str(DEFAULT_SCHEMA), help="schema file (default: %(default)s)")
    parser.add_argument("files", nargs="+", metavar="eve.json")
    args = parser.parse_args(argv)

    try:
        validator = make_validator(load_schema(args.schema))
    except (OSError, ValueError) as err:
        print("eve_schema: cannot load schema %s: %s" % (args.schema, err), file=sys.stderr)
        return 2

    total = collections.Counter()
    for path in args.files:
        try:
            violations = validate_file(path, validator)
        except OSError as err:
            print("%s: cannot read: %s" % (path, err.strerror))
            total["<unreadable>"] += 1
            continue
        for line_no, event_type, message in violations:
            print("%s:%d: [%s] %s" % (path, line_no, event_type, message))
        total.update(count_by_event_type(violations))

    for event_type in sorted(total):
        print("%s: %d violation(s)" % (event_type, total[event_type]))
    if total:
        return 1
    print("eve_schema: %d file(s) valid" % len(args.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
