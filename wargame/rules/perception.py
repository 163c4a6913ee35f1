"""Perception and missed signalling: attribution, belief updates and misread rungs.

escalation-modeling.md 8.3 step 5, after Jervis (1976) and Kydd (2000):

* attribution of covert and proxy moves: P(correct) = 1 - difficulty + intel - 0.5 deniability;
  a wrong attribution blames the observer's most-suspected other actor;
* belief update: posterior odds = prior odds x LR^gamma, LR x 1.5 when the move
  contradicts the mover's last signal to the observer;
* perceived rung: P(misread) = 1/6 + 1/6 (jump) + 1/6 (contradicted signal) - 1/6 (channel),
  misread one rung up with probability P(other side hostile), else one down.
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.log import Kind, Visibility
from wargame.orders import Outcome
from wargame.payloads import AttributionVerdict, BeliefShift, Blame, Misread, Pressure
from wargame.rules.conditions import bayes_update
from wargame.rules.context import Sighting, TurnContext
from wargame.rules.crisis import incident_from_attack, mediator
from wargame.rules.legality import backers, max_rung
from wargame.scenario import models as m

MAX_MISREAD = 0.9


def _deniability(scenario: m.Scenario, actor: str) -> tuple[float, str | None]:
    """Deniability of the actor's link to its backer (a patron first, else a host),
    worked out once per scenario and actor."""
    memo: dict[str, tuple[float, str | None]] = scenario.derived("perception_deniability",
                                                                 dict)
    found = memo.get(actor)
    if found is None:
        found = memo[actor] = _find_deniability(scenario, actor)
    return found


def _find_deniability(scenario: m.Scenario, actor: str) -> tuple[float, str | None]:
    for rel in scenario.relationships:
        if rel.kind == "patron_proxy" and rel.proxy == actor:
            return rel.deniability, rel.patron
    for rel in scenario.relationships:
        if rel.kind == "sanctuary" and rel.group == actor:
            return rel.deniability, rel.host
    return 0.0, None


def attribution_probability(scenario: m.Scenario, move: m.Move, actor: str,
                            observer: str) -> float:
    deniability, _ = _deniability(scenario, actor)
    p = (1.0 - move.attribution_difficulty + scenario.actor(observer).intel_quality
         - 0.5 * deniability)
    return max(0.05, min(0.98, p))


def _observers(ctx: TurnContext, s: Sighting) -> list[str]:
    vis = s.move.visibility
    if vis == m.Visibility.PUBLIC:
        return [a.id for a in ctx.scenario.actors if a.id != s.actor]
    if s.target is None or s.target == s.actor:
        return []
    if vis == m.Visibility.COVERT and s.adjudication.outcome == Outcome.FAILURE:
        return []
    return [s.target]


def _concerned_observers(ctx: TurnContext, s: Sighting) -> Sequence[str]:
    """:func:`_observers` less the bystanders (``concern`` 0), in the same order, without
    visiting every actor for a public move aimed at someone."""
    if s.move.visibility != m.Visibility.PUBLIC or s.target is None:
        return _observers(ctx, s)
    scenario = ctx.scenario

    def build() -> dict[str, tuple[str, ...]]:
        pairs = _concerned_pairs(scenario)
        return {t.id: tuple(a.id for a in scenario.actors if a.id == t.id or (a.id, t.id) in pairs)
                for t in scenario.actors}
    concerned = scenario.derived("perception_concerned_observers", build).get(s.target)
    if concerned is None:
        return _observers(ctx, s)
    return [a for a in concerned if a != s.actor]


def _proxies(scenario: m.Scenario) -> frozenset[str]:
    """Armed groups with a patron or a sanctuary host (computed once per scenario)."""
    return scenario.derived("perception_proxies", lambda: frozenset(
        a.id for a in scenario.actors
        if backers(scenario, a.id) and a.kind == m.ActorKind.ARMED_GROUP))


def _needs_attribution(ctx: TurnContext, s: Sighting) -> bool:
    proxy = s.actor in _proxies(ctx.scenario)
    exposed = s.adjudication.outcome == Outcome.BLOWBACK
    return (s.move.visibility == m.Visibility.COVERT or proxy) and not exposed


def _most_suspected(ctx: TurnContext, observer: str, exclude: set[str]) -> str | None:
    beliefs = ctx.draft.beliefs.get(observer, {})
    candidates = [(p, a) for a, p in beliefs.items() if a not in exclude]
    if not candidates:
        return None
    return max(candidates, key=lambda pa: (pa[0], pa[1]))[1]


def attribute(ctx: TurnContext, s: Sighting, observer: str) -> list[str]:
    """Who the observer blames for a move that needs attributing (covert or by a proxy, and
    not exposed: :func:`_needs_attribution`); may be wrong; logs the verdict."""
    scenario = ctx.scenario
    p = attribution_probability(scenario, s.move, s.actor, observer)
    subject = f"{s.adjudication.key}:{observer}"
    correct = ctx.dice.chance(p, "attribution", subject)
    if correct:
        blamed = [s.actor]
        deniability, backer = _deniability(scenario, s.actor)
        if backer is not None and backer != observer and \
                ctx.dice.chance(1.0 - deniability, "host_blame", subject):
            blamed.append(backer)
    else:
        wrong = _most_suspected(ctx, observer, {observer, s.actor})
        blamed = [wrong] if wrong else []
    if ctx.record:
        names = " and ".join(ctx.name(b) for b in blamed) or "no one"
        # The observer's entry says only what the observer believes: no order key, and the
        # rivalry it now sees involved, not the true author's.
        seen = scenario.rivalry_between(observer, blamed[0]) if blamed else None
        ctx.log(Kind.ATTRIBUTION, f"{ctx.name(observer)} blames {names} for {s.move.name}",
                visibility=Visibility.RESTRICTED, audience=(observer,), actor=observer,
                target=blamed[0] if blamed else None, rivalry=seen.id if seen else None,
                payload=Blame(round(p, 4), tuple(blamed)))
        ctx.private(Kind.ATTRIBUTION,
                    f"Attribution by {ctx.name(observer)}: {'correct' if correct else 'WRONG'} "
                    f"({p:.0%}); the move was {ctx.name(s.actor)}'s", actor=s.actor,
                    target=observer, rivalry=s.rivalry,
                    payload=AttributionVerdict(s.adjudication.key, correct, tuple(blamed),
                                               round(p, 4), observer))
    if not correct and blamed:
        _misdirected_pressure(ctx, s, observer, blamed[0])
    return blamed


def _misdirected_pressure(ctx: TurnContext, s: Sighting, observer: str, blamed: str) -> None:
    """A misattributed act raises tension on the observer's rivalry with the wrong actor."""
    wrong = ctx.scenario.rivalry_between(observer, blamed)
    if wrong is None:
        return
    riv = ctx.draft.rivalries[wrong.id]
    weight = m.ES_WEIGHTS[s.move.category]
    riv.tension[observer] = riv.tension[observer] + 0.5 * weight
    riv.pressure += weight / 56.0
    ctx.private(Kind.SPILLOVER, f"Misattribution routes pressure to {wrong.name}",
                rivalry=wrong.id, actor=observer, target=blamed,
                payload=Pressure(origin=None, pressure=weight / 56.0))


def concern(scenario: m.Scenario, s: Sighting, observer: str) -> float:
    """How much a move tells an observer about the mover's hostility toward it.

    1 for the move's target (or anyone when the move has no target), 0.5 for the
    target's allies, patrons and proxies, 0 for bystanders: suspicion is about
    intentions toward oneself and one's friends (Jervis 1976), not about everyone.
    """
    if s.target is None or s.target == observer:
        return 1.0
    return 0.5 if (observer, s.target) in _concerned_pairs(scenario) else 0.0


def _concerned_pairs(scenario: m.Scenario) -> frozenset[tuple[str, str]]:
    """Ordered pairs of actors whose moves concern each other by half (allies, patron and
    proxy), both ways round (computed once per scenario)."""
    def build() -> frozenset[tuple[str, str]]:
        pairs: set[tuple[str, str]] = set()
        for rel in scenario.relationships:
            if rel.kind == "alignment" and rel.strength >= 0.3 and rel.a != rel.b:
                pairs |= {(rel.a, rel.b), (rel.b, rel.a)}
            if rel.kind == "patron_proxy" and rel.patron != rel.proxy:
                pairs |= {(rel.patron, rel.proxy), (rel.proxy, rel.patron)}
        return frozenset(pairs)
    return scenario.derived("perception_concerned_pairs", build)


def update_belief(ctx: TurnContext, s: Sighting, observer: str, subject: str) -> None:
    scenario, draft = ctx.scenario, ctx.draft
    weight = concern(scenario, s, observer)
    if weight <= 0:
        return
    lr = s.move.likelihood_ratio
    declared = draft.signals.get(subject, {}).get(observer)
    diverged = declared is not None and s.move.rung > declared
    if diverged:
        lr *= scenario.rules.signal_divergence_lr
    if s.move.id in scenario.actor(observer).doctrine.reads_as_hostile:
        lr *= 2.0
    lr **= scenario.rules.belief_gamma * weight
    old = draft.belief(observer, subject)
    new = bayes_update(old, lr)
    draft.beliefs.setdefault(observer, {})[subject] = new
    if ctx.record and abs(new - old) >= 0.005:
        seen = scenario.rivalry_between(observer, subject)
        ctx.log(Kind.BELIEF, f"{ctx.name(observer)}'s suspicion of {ctx.name(subject)}: "
                f"{old:.0%} -> {new:.0%}", visibility=Visibility.RESTRICTED,
                audience=(observer,), actor=observer, target=subject,
                rivalry=seen.id if seen else None,
                payload=BeliefShift(round(old, 4), round(new, 4), round(lr, 4), diverged,
                                    declared, s.move.rung))


def misread_probability(ctx: TurnContext, rivalry: m.Rivalry, observer: str) -> float:
    rules = ctx.scenario.rules
    draft = ctx.draft
    riv = draft.rivalries[rivalry.id]
    other = next(side for side in rivalry.sides if side != observer)
    p = rules.misread_base
    if riv.jumped:
        p += rules.misread_jump
    declared = draft.signals.get(other, {}).get(observer)
    if declared is not None and riv.rung > declared and other in ctx.escalators.get(
            rivalry.id, set()):
        p += rules.misread_contradiction
    if riv.channel or mediator(draft, rivalry.id) is not None:
        p -= rules.misread_channel
    return max(0.0, min(MAX_MISREAD, p))


def perceive_rungs(ctx: TurnContext) -> None:
    """Each side's picture of its own rivalries; third parties see the public rung.

    Runs last in the turn, after everything that can move a rung. A side may misread
    its rivalry by one rung, but never below the public rung: what the whole world
    knows, it knows too (so a team's picture never contradicts the public record).
    """
    scenario, draft = ctx.scenario, ctx.draft
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        for actor in scenario.actors:
            seen_by_all = riv.rung if actor.id in rivalry.sides else riv.public_rung
            draft.perceived.setdefault(actor.id, {})[rivalry.id] = seen_by_all
        for observer in rivalry.sides:
            p = misread_probability(ctx, rivalry, observer)
            subject = f"{observer}:{rivalry.id}"
            if not ctx.dice.chance(p, "misread", subject):
                continue
            other = next(side for side in rivalry.sides if side != observer)
            up = ctx.dice.chance(draft.belief(observer, other), "misread_direction", subject)
            seen = max(riv.public_rung, min(max_rung(scenario, rivalry),
                                            riv.rung + (1 if up else -1)))
            if seen == riv.rung:
                continue
            draft.perceived[observer][rivalry.id] = seen
            ctx.private(Kind.PERCEPTION, f"{ctx.name(observer)} misreads {rivalry.name}: "
                        f"believes rung {seen}, true rung {riv.rung}", actor=observer,
                        rivalry=rivalry.id, payload=Misread(seen, riv.rung, round(p, 4)))


def attribution_phase(ctx: TurnContext) -> None:
    """Who each observer blames for what it saw, its beliefs, and the incidents attacks
    open for their victims."""
    ctx.phase = "perception"
    for s in ctx.sightings:
        needs_attribution = _needs_attribution(ctx, s)
        observers = _observers(ctx, s) if needs_attribution else _concerned_observers(ctx, s)
        for observer in observers:
            # A bystander of a move it need not attribute learns nothing, so only those
            # it concerns are visited; attribution is rolled (and logged) for every observer.
            blamed: Sequence[str] = attribute(ctx, s, observer) if needs_attribution \
                else (s.actor,)
            for subject in blamed:
                if subject != observer:
                    update_belief(ctx, s, observer, subject)
            if observer == s.target:
                culprit = next((b for b in blamed if b != observer and
                                ctx.scenario.rivalry_between(observer, b) is not None), None)
                incident_from_attack(ctx, s.adjudication, s.move, observer, culprit,
                                     s.autonomous)


def picture_phase(ctx: TurnContext) -> None:
    """Every actor's picture of the rungs, formed after everything that moves them."""
    ctx.phase = "perception"
    perceive_rungs(ctx)
