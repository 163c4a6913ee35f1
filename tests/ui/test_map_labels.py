"""Map labels never overlap: each other, the actor tokens or the map note, at several
window sizes, font zooms and map zooms, after rung updates too (real MapView/MapScene)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from ui.map.items import LabelItem
from ui.map.scene import MapScene
from ui.map.view import MapView


def label_rects(view: MapView) -> list[tuple[str, QRectF]]:
    """Where each visible label is painted, in viewport pixels (text and halo), worked
    out from Qt's own item transforms rather than from the layout's arithmetic."""
    scene = view.scene()
    assert isinstance(scene, MapScene)
    out = []
    for label in scene.labels():
        if label.isVisible():
            to_viewport = label.deviceTransform(view.viewportTransform())
            out.append((label.text(), to_viewport.mapRect(label.boundingRect())))
    return out


def token_rects(view: MapView) -> list[tuple[str, QRectF]]:
    scene = view.scene()
    assert isinstance(scene, MapScene)
    out = []
    for actor, token in scene.tokens.items():
        to_viewport = token.deviceTransform(view.viewportTransform())
        out.append((actor, to_viewport.mapRect(token.rect())))
    return out


def marker_rects(view: MapView) -> list[tuple[str, QRectF]]:
    scene = view.scene()
    assert isinstance(scene, MapScene)
    return [(m.label.text(), m.deviceTransform(view.viewportTransform()).mapRect(m.rect()))
            for m in scene.markers if m.isVisible()]


def assert_no_overlap(view: MapView) -> int:
    labels = label_rects(view)
    for (a, ra), (b, rb) in itertools.combinations(labels, 2):
        assert not ra.intersects(rb), f"labels {a!r} {ra} and {b!r} {rb} overlap"
    for (a, ra), (actor, rt) in itertools.product(labels, token_rects(view)):
        assert not ra.intersects(rt), f"label {a!r} covers the token of {actor}"
    for (a, ra), (place, rm) in itertools.product(labels, marker_rects(view)):
        assert not ra.intersects(rm), f"label {a!r} covers the dot of {place}"
    note = QRectF(view.note.geometry())
    for a, ra in labels:
        assert not ra.intersects(note), f"label {a!r} is under the map note"
    return len(labels)


@pytest.fixture
def default_scenario():  # type: ignore[no-untyped-def]
    from ui.app import default_scenario_path
    from wargame.scenario.loader import load_scenario

    return load_scenario(default_scenario_path())


@pytest.mark.parametrize("size", [(640, 420), (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("text_scale", [1.0, 1.6, 2.5])
def test_labels_never_overlap(qtbot, default_scenario, size, text_scale) -> None:  # type: ignore[no-untyped-def]
    view = MapView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    scene = MapScene(default_scenario)
    view.set_map(scene)
    view.set_text_scale(text_scale)
    QApplication.processEvents()
    shown = assert_no_overlap(view)
    assert shown > 0
    if size == (1920, 1080) and text_scale <= 1.6:
        # room for most names on a projector: the layout does not just hide everything
        visible = [t for t in scene.tokens.values() if t.label.isVisible()]
        assert len(visible) >= 0.7 * len(scene.tokens)
    # the fonts really grew
    label = next(iter(scene.tokens.values())).label
    assert label.font().pointSizeF() == pytest.approx(label.base_size * text_scale)
    for factor in (1.25, 1.25, 0.5):  # map zoom in, in, out
        view.zoom_by(factor)
        QApplication.processEvents()
        assert_no_overlap(view)


def test_labels_are_laid_out_again_after_rung_updates_and_resizes(qtbot, default_scenario) -> None:  # type: ignore[no-untyped-def]
    view = MapView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    scene = MapScene(default_scenario)
    view.set_map(scene)
    # wider arc labels (longer text) must not land on their neighbours
    for arc in scene.arcs.values():
        arc.label.setText(f"{arc.rivalry_id}: 0 (a much longer caption)")
    scene.show_rungs({rid: 7 for rid in scene.arcs})
    assert_no_overlap(view)
    view.resize(700, 450)
    QApplication.processEvents()
    assert_no_overlap(view)
    view.zoom_by(2.0)
    view.resize(1000, 700)
    QApplication.processEvents()
    assert_no_overlap(view)


def test_the_label_box_includes_its_halo() -> None:
    label = LabelItem("Pakistan")
    text_only = super(LabelItem, label).boundingRect()
    box = label.boundingRect()
    assert box.width() == pytest.approx(text_only.width() + 2 * LabelItem.HALO_X)
    assert box.height() == pytest.approx(text_only.height() + 2 * LabelItem.HALO_Y)
