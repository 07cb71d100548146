"""JSON: the SPEC's assignment records, fields in order.

Written record by record (what json.dumps(records, indent=2) gives, byte for byte): five years
are ~350,000 records and ~260 MB of JSON, which must not be built in memory at once."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..status import Assignment

# A record's fields are plain values: with these separators the compact (C) encoder lays a
# record out as indent=2 does, at a tenth of the cost of the indenting (Python) one.
_record = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode


def chunks(items: list[Assignment]) -> Iterator[str]:
    if not items:
        yield "[]\n"
        return
    sep = "[\n"
    for a in items:
        yield f"{sep}  {{\n    {_record(a.record())[1:-1]}\n  }}"
        sep = ",\n"
    yield "\n]\n"
