"""Events phase: scheduled, conditional and chance events, and facilitator injects."""

from __future__ import annotations

from wargame.log import Kind, Visibility
from wargame.orders import Inject
from wargame.payloads import AdhocInject, EventDelivered, EventHold
from wargame.rules.conditions import NO_CONTEXT, apply_effect, holds, parse_effects
from wargame.rules.context import TurnContext
from wargame.rules.crisis import due_before_orders
from wargame.scenario import models as m


def due_events(ctx: TurnContext) -> list[m.Event]:
    """Scenario events whose trigger fires this turn (chance events roll their dice)."""
    draft, scenario = ctx.draft, ctx.scenario
    due: list[m.Event] = []
    for event in scenario.events:
        if event.trigger is None or (event.id in draft.fired_events and not event.repeat):
            continue
        trigger = event.trigger
        if isinstance(trigger, m.TurnTrigger):
            fire = trigger.turn == draft.turn
        elif isinstance(trigger, m.ConditionTrigger):
            fire = holds(trigger.condition, scenario, draft)
        else:
            fire = (draft.turn >= trigger.from_turn
                    and holds(trigger.condition, scenario, draft)
                    and ctx.dice.chance(trigger.chance, "event", event.id))
        if fire:
            due.append(event)
    return due


def deliver_event(ctx: TurnContext, event: m.Event, *, injected: bool = False) -> None:
    results = [apply_effect(e, ctx.scenario, ctx.draft, NO_CONTEXT) for e in event.effects]
    ctx.draft.fired_events.add(event.id)
    audience = () if event.audience == "public" else tuple(event.audience)
    ctx.log(Kind.INJECT if injected else Kind.EVENT, f"{event.title}: {event.text}",
            visibility=Visibility.PUBLIC if not audience else Visibility.RESTRICTED,
            audience=audience,
            payload=EventDelivered(event.id, tuple(results), event.title))


def deliver_inject(ctx: TurnContext, inject: Inject) -> None:
    """Deliver a facilitator inject: a scenario event by id, or an ad-hoc event."""
    since = len(ctx.draft.incidents)
    _deliver_inject(ctx, inject)
    due_before_orders(ctx.draft, since)


def _deliver_inject(ctx: TurnContext, inject: Inject) -> None:
    if inject.event is not None:
        event = ctx.scenario.event(inject.event)
        if inject.audience:
            event = event.model_copy(update={"audience": inject.audience})
        deliver_event(ctx, event, injected=True)
        return
    effects = parse_effects(inject.effects)
    results = [apply_effect(e, ctx.scenario, ctx.draft, NO_CONTEXT) for e in effects]
    ctx.log(Kind.INJECT, f"{inject.title}: {inject.text}" if inject.text else inject.title,
            visibility=Visibility.RESTRICTED if inject.audience else Visibility.PUBLIC,
            audience=inject.audience, payload=AdhocInject(tuple(results), inject.title))


def events_phase(ctx: TurnContext) -> None:
    ctx.phase = "events"
    since = len(ctx.draft.incidents)
    _events(ctx)
    due_before_orders(ctx.draft, since)


def _events(ctx: TurnContext) -> None:
    for event in due_events(ctx):
        if event.id in ctx.held_events:
            ctx.private(Kind.EVENT, f"Held by the White Cell (due this turn, not delivered): "
                        f"{event.title}", payload=EventHold(event.id, held=True))
            continue
        deliver_event(ctx, event)
