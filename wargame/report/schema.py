"""The JSON Schema of the report JSON, generated from the report model.

``REPORT_SCHEMA`` is the schema (draft 2020-12) of what
:func:`wargame.report.render_json.render_json` writes. :func:`field_reference`
lists every field with its type and description; docs/aar-format.md embeds that
list, and a test keeps the two in step.
"""

from __future__ import annotations

import json
from typing import Any

from wargame.report.model import FORMAT_VERSION, Report

SCHEMA_ID = f"urn:wargame:schema:aar:{FORMAT_VERSION}"


def report_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Wargame after-action report"
    schema["description"] = ("One edition (facilitator, public or a team) of the after-action "
                             "report of one saved game. See docs/aar-format.md.")
    schema["properties"]["$schema"] = {"type": "string", "const": SCHEMA_ID,
                                       "description": "Identifies this format."}
    return schema


REPORT_SCHEMA: dict[str, Any] = report_schema()


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "const" in prop:
        return json.dumps(prop["const"])
    if "enum" in prop:
        return " / ".join(json.dumps(v) for v in prop["enum"])
    kind = prop.get("type", "any")
    if kind == "array":
        items = prop.get("items")
        if isinstance(items, dict):
            return f"array of {_type(items)}"
        if "prefixItems" in prop:
            return "[" + ", ".join(_type(p) for p in prop["prefixItems"]) + "]"
        return "array"
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return f"object of {_type(prop['additionalProperties'])}"
    return str(kind)


def field_reference() -> str:
    """Markdown tables: one per object type, one row per field."""
    schema = REPORT_SCHEMA
    blocks = [("Report", schema)]
    blocks += sorted(schema.get("$defs", {}).items())
    out = []
    for name, obj in blocks:
        out.append(f"### {name}\n")
        out.append("| Field | Type | Description |")
        out.append("|---|---|---|")
        for field, prop in obj.get("properties", {}).items():
            desc = str(prop.get("description", "")).replace("|", "\\|")
            out.append(f"| `{field}` | {_type(prop).replace('|', '/')} | {desc} |")
        out.append("")
    return "\n".join(out)


BEGIN = "<!-- BEGIN GENERATED FIELD REFERENCE (python -m wargame.report.schema --docs) -->"
END = "<!-- END GENERATED FIELD REFERENCE -->"


def update_docs(path: str) -> bool:
    """Rewrite the generated block of docs/aar-format.md; True if it changed."""
    from pathlib import Path

    doc = Path(path)
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n\n{field_reference()}\n{END}{tail}"
    if new != text:
        doc.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Print the report JSON Schema, or refresh "
                                     "the field reference in the docs.")
    parser.add_argument("--docs", metavar="FILE", help="update the generated block of FILE")
    args = parser.parse_args(argv)
    if args.docs:
        print("updated" if update_docs(args.docs) else "up to date")
    else:
        print(json.dumps(REPORT_SCHEMA, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
