"""Indicators over turns: global indicators, escalation scores per actor, rung curves."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from ui.controller import Controller
from ui.widgets.charts import PALETTE, LineChart, Series


class IndicatorsPanel(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.indicators = LineChart("Indicators")
        self.scores = LineChart("Escalation score per turn")
        self.rungs = LineChart("Rung per rivalry")
        layout.addWidget(self.indicators, 0, 0)
        layout.addWidget(self.scores, 0, 1)
        layout.addWidget(self.rungs, 0, 2)
        controller.state_changed.connect(self.refresh)

    def refresh(self) -> None:
        c = self.controller
        if not c.has_game:
            for chart in (self.indicators, self.scores, self.rungs):
                chart.set_series([])
            return
        sc, st = c.scenario, c.state
        ind = []
        for i, spec in enumerate(sc.indicators):
            values = (spec.initial, *st.indicator_history.get(spec.id, ()))
            ind.append(Series(spec.name, tuple(values), PALETTE[i % len(PALETTE)]))
        lo = min((i.min for i in sc.indicators), default=0.0)
        hi = max((i.max for i in sc.indicators), default=10.0)
        self.indicators.set_series(ind, (lo, hi))
        scores = [Series(a.id, (0.0, *st.escalation_scores.get(a.id, ())), a.color)
                  for a in sc.actors if a.id in st.escalation_scores]
        self.scores.set_series(scores)
        rungs = []
        for r in sc.rivalries:
            rs = st.rivalries[r.id]
            values = (float(r.start_rung), *(float(x) for x in rs.history))
            rungs.append(Series(r.id, values, PALETTE[len(rungs) % len(PALETTE)]))
        self.rungs.set_series(rungs, (0, 9), integer_axis=True)
