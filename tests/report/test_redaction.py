"""A team's report holds nothing its view hides; the public report holds public entries only.

The check is made against the information filter itself: every log entry text
that ``views.can_see`` hides from the view (and that no visible entry repeats),
every other team's order rationale and computer reasoning, and the secrets the
golden save planted for each team must be absent from the HTML, Markdown and
JSON (and the PDF when pdftotext is available).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tests.report.conftest import VIEWS, golden_session, parse
from tests.report.helpers import norm, pdf_text, plain
from tests.report.make_golden_save import SECRETS
from wargame.views import can_see

REDACTED = [v for v in VIEWS if v != "facilitator"]
Output = Callable[[str, str], bytes]


@cache
def hidden_texts(label: str) -> tuple[str, ...]:
    session = golden_session()
    view = parse(label)
    visible = {norm(e.text) for e in session.log if can_see(view, e)}
    visible_blob = "\n".join(visible)
    hidden = {norm(e.text) for e in session.log if not can_see(view, e)}
    own = view.actor
    for record in session.turns:
        for actor, sheet in record.sheets.items():
            if actor == own:
                continue
            hidden.update(norm(o.rationale) for o in sheet.orders if o.rationale)
            hidden.update(norm(r) for r in sheet.reasons)
    hidden.update(secret for secret, allowed in SECRETS.items() if own not in allowed)
    for note in session.notes:
        if not (note.actor == own and own is not None):
            hidden.add(norm(note.text))
    return tuple(sorted(t for t in hidden if t and t not in visible_blob))


@pytest.mark.parametrize("fmt", ["html", "md", "json", "csv"])
@pytest.mark.parametrize("view", REDACTED)
def test_nothing_hidden_appears(view: str, fmt: str, output: Output) -> None:
    text = plain(fmt, output(view, fmt))
    hidden = hidden_texts(view)
    assert len(hidden) > 20  # the check has teeth
    leaks = [t for t in hidden if t in text]
    assert leaks == []


@pytest.mark.parametrize("view", REDACTED)
def test_pdf_holds_no_other_team_secret(view: str, output: Output, tmp_path: Path) -> None:
    text = pdf_text(output(view, "pdf"), tmp_path)
    if text is None:
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    own = parse(view).actor
    for secret, allowed in SECRETS.items():
        assert (secret in text) == (own in allowed), (view, secret)


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_own_secrets_and_facilitator_material_do_appear(fmt: str, output: Output) -> None:
    """The redaction is not just blanking everything: each edition shows what it may."""
    for secret, allowed in SECRETS.items():
        for actor in allowed:
            assert secret in plain(fmt, output(actor, fmt)), (actor, secret)
    everything = plain(fmt, output("facilitator", fmt))
    for secret in SECRETS:
        assert secret in everything
    session = golden_session()
    misread = next(e.text for e in session.log if e.kind.value == "perception")
    assert norm(misread) in everything


def test_public_edition_shows_public_entries_only(output: Output) -> None:
    session = golden_session()
    view = parse("public")
    report_text = plain("json", output("public", "json"))
    for entry in session.log:
        if entry.visibility.value != "public":
            assert not can_see(view, entry)
    public = [norm(e.text) for e in session.log if e.visibility.value == "public"]
    assert any(t in report_text for t in public)


def test_team_edition_rungs_are_perceived_not_true(output: Output) -> None:
    """Where a team misread a rung, its report shows the misread value, never the true one,
    and never below the publicly known rung (a team's picture does not contradict it)."""
    import json

    session = golden_session()
    for label in REDACTED:
        view = parse(label)
        if view.actor is None:
            continue
        data = json.loads(output(label, "json"))
        by_rivalry = {t["rivalry"]: t["rungs"] for t in data["trajectories"]}
        for i, record in enumerate(session.turns, start=1):
            for rid, riv in record.closing.rivalries.items():
                seen = max(riv.public_rung,
                           record.closing.perceived.get(view.actor, {}).get(rid, riv.rung))
                assert by_rivalry[rid][i] == seen
        assert all(t["tension"] is None and t["perceived"] == {} for t in data["trajectories"])


@pytest.mark.parametrize("fmt", ["html", "md", "json", "csv"])
@pytest.mark.parametrize("view", REDACTED)
def test_no_order_key_of_another_actor(view: str, fmt: str, output: Output) -> None:
    """An order key (ACTOR#n) names the real actor of a covert act: only one's own may show."""
    import re

    own = parse(view).actor
    text = plain(fmt, output(view, fmt))
    actors = {a.id for a in golden_session().scenario.actors}
    keys = {m.group(0) for m in re.finditer(r"\b([A-Za-z][\w-]*)#\d+\b", text)
            if m.group(1) in actors and m.group(1) != own}
    assert keys == set()


@pytest.mark.parametrize("view", REDACTED)
def test_log_lines_carry_text_only(view: str, output: Output) -> None:
    import json

    data = json.loads(output(view, "json"))
    lines = data["log"] + [x for t in data["turns"] for k in ("events", "signals", "overrides",
                                                               "log") for x in t[k]]
    assert lines
    assert all(x["actor"] is None and x["target"] is None and x["rivalry"] is None
               for x in lines)
    assert all(x["probability"] is None and x["roll"] is None
               for x in data["summary"]["loss_of_control"])
