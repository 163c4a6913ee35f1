"""JSON rendering: the report model itself, with sorted keys and a trailing newline.

The document validates against :data:`wargame.report.schema.REPORT_SCHEMA`;
docs/aar-format.md documents every field.
"""

from __future__ import annotations

import json

from wargame.report.model import Report
from wargame.report.schema import SCHEMA_ID


def render_json(report: Report) -> str:
    data = {"$schema": SCHEMA_ID, **report.to_dict()}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
