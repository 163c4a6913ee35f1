"""Catalogue of the rule parameters: a plausible range for sensitivity runs and a source.

Every field of :class:`~wargame.scenario.models.RuleParams` has an entry
(``tests/scenario/test_param_sources.py`` fails when one is missing: a new parameter
must be catalogued). ``source`` is a citation, or :data:`DESIGN_JUDGEMENT` for our own
numbers (docs/rules.md; EM = the design reference escalation-modeling.md). Ranges are
for one-at-a-time and Latin-hypercube sweeps; ``path`` is the overlay patch address.
"""

from __future__ import annotations

from dataclasses import dataclass

DESIGN_JUDGEMENT = "design judgement"


@dataclass(frozen=True, slots=True)
class ParamSource:
    path: str
    """Overlay address of the parameter (``rules.pro_weight``, ``actors[IND].doctrine.resolve``)."""
    low: float
    high: float
    source: str
    integer: bool = False

    @property
    def sourced(self) -> bool:
        return self.source != DESIGN_JUDGEMENT


def _rule(name: str, low: float, high: float, source: str, *, integer: bool = False
          ) -> tuple[str, ParamSource]:
    return name, ParamSource(f"rules.{name}", low, high, source, integer)


RULE_PARAMS: dict[str, ParamSource] = dict([
    _rule("pro_weight", 0.45, 0.85, "EM 8.3: one PRO at 50 % ≈ one ±1 on 2d6 at 7+ (MaGCK)"),
    _rule("capability_weight", 0.25, 0.75, "EM 8.3 (logit of the capability ratio)"),
    _rule("misread_base", 0.08, 0.25, "EM 8.3 step 5: one d6 face (1/6); Jervis 1976"),
    _rule("misread_jump", 0.08, 0.25, "EM 8.3 step 5: +1/6 for a jump (Kahn: compound "
          "escalation)"),
    _rule("misread_contradiction", 0.08, 0.25, "EM 8.3 step 5: +1/6 when a move "
          "contradicts a signal"),
    _rule("misread_channel", 0.08, 0.25, "EM 8.3 step 5: −1/6 with a crisis channel (hotline)"),
    _rule("loss_of_control_base", 0.01, 0.04, DESIGN_JUDGEMENT),
    _rule("loss_of_control_cap", 0.15, 0.35, DESIGN_JUDGEMENT),
    _rule("spillover_decay", 0.3, 0.7, DESIGN_JUDGEMENT),
    _rule("spillover_hops", 1, 3, DESIGN_JUDGEMENT, integer=True),
    _rule("default_coupling", 0.0, 0.2, "EM 8.4: coupling weights in [0, 0.5] set per scenario "
          "(Colaresi & Thompson 2002 on rivalry linkage)"),
    _rule("deescalation_window", 1, 3, "EM 8.1 rule 4: reciprocation within 2 turns "
          "(Osgood's GRIT)", integer=True),
    _rule("belief_gamma", 0.5, 1.0, "EM 6.5: γ in (0, 1], conservatism of updating "
          "(Jervis 1976; Kydd 2000)"),
    _rule("belief_decay", 0.05, 0.2, DESIGN_JUDGEMENT),
    _rule("signal_divergence_lr", 1.2, 2.0, "EM 8.3 step 5: signal–action divergence ×1.5 "
          "(Kydd 2000)"),
    _rule("broker_moral_hazard", 0.0, 1.0, "EM 8.4 rule 5: +0.5 PRO, both sides expect rescue "
          "(Yusuf 2011)"),
    _rule("resource_income", 0.25, 0.75, DESIGN_JUDGEMENT),
    _rule("covert_tension_weight", 0.25, 0.75, "EM 8.3 step 4: w = 0.5 for covert moves"),
    _rule("opportunism_pressure", 0.0, 0.2, "EM 8.4 rule 2: +0.15 pressure, the 'death watch' "
          "(Colaresi & Thompson 2002)"),
    _rule("reference_days", 7, 28, "the turn length the defaults are stated for (14 days: "
          "the default scenario's turn); a unit, not a free parameter", integer=True),
    _rule("incident_tension", 4.0, 12.0, "EM 8.1 rule 4 scale: one incident ≈ two hostile "
          "ES-28 moves' worth of tension (Richardson reactivity; EM 6.1)"),
    _rule("spillover_tension", 5.0, 15.0, DESIGN_JUDGEMENT),
    _rule("war_cost", 0.05, 0.2, "Fearon 1995 c: costs of war a modest share of the stakes "
          "for conventional war (EM 6.2)"),
    _rule("nuclear_war_cost", 0.1, 0.3, "Fearon 1995 with nuclear costs (Powell 2006; "
          "Kapur 2007 on South Asia's stability-instability paradox)"),
    _rule("war_estimate_noise", 0.3, 1.0, "Fearon 1995 private information; Blainey 1973 "
          "(mutual optimism); EM 6.2"),
    _rule("power_shift_weight", 0.5, 1.5, "Powell 2006, 'War as a Commitment Problem'"),
    _rule("mediation_turns", 2, 5, "Yusuf 2018: US crisis management in 1999, 2001-02 and "
          "2019 lasted two to eight weeks", integer=True),
    _rule("broker_initiative", 0, 1, "Yusuf 2018, 'Brokering Peace in Nuclear Environments' "
          "(third parties step in unasked: 1999, 2001-02, 2019; not 2016)", integer=True),
    _rule("crisis_quiet_turns", 1, 4, "ICB crisis termination (Brecher & Wilkenfeld 1997): "
          "tacit and faded endings after weeks without escalation", integer=True),
    _rule("audience_cost", 0.5, 1.5, "Fearon 1994, 'Domestic Political Audiences'"),
    _rule("fait_accompli_weight", 0.3, 0.9, "Fearon 1995 (indivisibility as a commitment "
          "problem); Altman 2017, 'By Fait Accompli, Not Coercion'"),
    _rule("guerrilla_attrition", 0, 1, "Jones & Libicki 2008, 'How Terrorist Groups End' "
          "(RAND MG-741: military force ended 7 % of 268 groups; they disperse and survive)",
          integer=True),
    _rule("domestic_resolve_weight", 0.0, 0.1, "Levy 1989 (diversionary theory); "
          "outbidding under domestic pressure"),
])
"""Every :class:`RuleParams` field, by name."""

DOCTRINE_RANGES: dict[str, tuple[float, float]] = {
    "resolve": (-0.15, 0.15),
    "risk_appetite": (-0.15, 0.15),
    "restraint": (-0.1, 0.1),
    "reactivity": (-0.05, 0.05),
}
"""Doctrine fields and the offsets around each actor's own value swept for sensitivity."""


def doctrine_params(actor: str, doctrine: dict[str, float], source: str) -> dict[str, ParamSource]:
    """Entries for one actor's doctrine fields around its values (clamped to [0, 1]).

    ``source`` is the actor's doctrine ``source`` text from the scenario (empty means
    :data:`DESIGN_JUDGEMENT`).
    """
    out = {}
    for name, (down, up) in DOCTRINE_RANGES.items():
        value = doctrine[name]
        out[f"{actor}.{name}"] = ParamSource(
            f"actors[{actor}].doctrine.{name}", max(0.0, value + down), min(1.0, value + up),
            source or DESIGN_JUDGEMENT)
    return out
