"""Which tickets the demo has: a pure, deterministic plan the loader then plays.

Per language, each scenario is used six times, once in every status, with a
different customer, product, order number and dates each time. Keeping this
free of database access lets the tests compare stored text with the plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from samadhan.demo import content_en, content_hi, content_lv, content_mr, content_te
from samadhan.demo.people import CUSTOMERS, STAFF, TEAM_FOR_TOPIC, Customer, Staff, TeamSpec
from samadhan.demo.scenario import (
    PRODUCTS_BY_KEY,
    Product,
    Scenario,
    Script,
    Topic,
    format_day,
    render,
    slot_names,
    strip_latvian,
)
from samadhan.tickets.models import Priority, Status

LANGUAGES = ("en", "hi", "mr", "te", "lv")
CONTENT: dict[str, tuple[Scenario, ...]] = {
    "en": content_en.SCENARIOS,
    "hi": content_hi.SCENARIOS,
    "mr": content_mr.SCENARIOS,
    "te": content_te.SCENARIOS,
    "lv": content_lv.SCENARIOS,
}
# Every status once per scenario and language: 6 rounds of each language's scenarios.
STATUSES = (
    Status.NEW,
    Status.OPEN,
    Status.PENDING,
    Status.ON_HOLD,
    Status.SOLVED,
    Status.CLOSED,
)
ROUNDS = len(STATUSES)
EXTERNAL_ID_PREFIX = "demo:"


class Step(StrEnum):
    """A message after the opening one; values name the Scenario field."""

    REPLY = "reply"
    FOLLOW = "follow"
    NOTE = "note"
    RESOLUTION = "resolution"
    THANKS = "thanks"


CUSTOMER_STEPS = frozenset({Step.FOLLOW, Step.THANKS})


@dataclass(frozen=True, kw_only=True)
class TicketPlan:
    external_id: str
    language: str
    scenario: Scenario
    customer: Customer
    status: Status
    priority: Priority
    team: TeamSpec | None
    assignee: Staff | None
    web_form: bool
    tags: tuple[str, ...]
    custom_fields: dict[str, Any]
    steps: tuple[Step, ...]
    customer_slots: dict[str, str]
    agent_slots: dict[str, str]

    @property
    def subject(self) -> str:
        return render(self.scenario.subject, self.customer_slots)

    @property
    def opening(self) -> str:
        return render(self.scenario.opening, self.customer_slots)

    def text(self, step: Step, *, ticket_number: int, handles: dict[str, str]) -> str:
        """The message of ``step``; ``handles`` maps staff keys to their @handles."""
        template: str = getattr(self.scenario, step.value)
        if step in CUSTOMER_STEPS:
            return render(template, self.customer_slots)
        mentions = {f"@{key}": f"@{handle}" for key, handle in handles.items()}
        if self.team is not None:
            mentions["@lead"] = f"@{handles[self.team.lead]}"
        return render(template, {**self.agent_slots, **mentions, "ticket": str(ticket_number)})


def _steps(scenario: Scenario, status: Status, *, with_note: bool) -> tuple[Step, ...]:
    """How far the conversation has got for a ticket to be in ``status``."""
    if status == Status.NEW:
        return ()
    if status == Status.PENDING:
        return (Step.REPLY,)
    if status == Status.OPEN:
        return (Step.REPLY, Step.FOLLOW)
    if status == Status.ON_HOLD:
        return (Step.REPLY, Step.FOLLOW, Step.NOTE)
    steps = [Step.REPLY, Step.FOLLOW]
    if with_note:
        steps.append(Step.NOTE)
    steps.append(Step.RESOLUTION)
    if scenario.thanks:
        steps.append(Step.THANKS)
    return tuple(steps)


def _product_name(product: Product, language: str, script: Script) -> str:
    return product.names["latin" if script == Script.ROMANISED else language]


def _slots(
    *,
    n: int,
    language: str,
    scenario: Scenario,
    customer: Customer,
    product: Product | None,
    assignee: Staff | None,
    today: datetime.date,
) -> tuple[dict[str, str], dict[str, str]]:
    """Slot values for the customer's messages and for the agents' ones."""
    script = scenario.script
    day_language = "en" if script == Script.ROMANISED else language
    country = "LV" if customer.currency == "EUR" else "IN"
    slots = {
        "name": customer.name.split(" ", 1)[0],
        "city": customer.city,
        # Distinct per ticket: 7919 is prime, so n -> n * 7919 mod 10**6 is one-to-one.
        "order": f"SH-{4_000_000 + (n * 7919) % 1_000_000}",
        "tracking": f"SP{(n * 104_729) % 10**9:09d}{country}",
        "ref": f"4{(n * 982_451_653) % 10**11:011d}",
        "date": format_day(today - datetime.timedelta(days=5 + n % 9), day_language),
        "eta": format_day(today + datetime.timedelta(days=1 + n % 4), day_language),
        "bought": format_day(
            today - datetime.timedelta(days=40 + (n * 13) % 280), day_language, year=True
        ),
    }
    if product is not None:
        slots["product"] = _product_name(product, language, script)
        slots["amount"] = product.eur if customer.currency == "EUR" else product.inr
    agent_slots = dict(slots)
    if assignee is not None:
        agent_slots["agent"] = assignee.signature("en" if script == Script.ROMANISED else language)
    if script == Script.NO_DIACRITICS:
        slots = {key: strip_latvian(value) for key, value in slots.items()}
    return slots, agent_slots


def _custom_fields(
    scenario: Scenario, product: Product | None, slots: dict[str, str], bought: datetime.date
) -> dict[str, Any]:
    used = set().union(*(slot_names(t) for t in _texts(scenario)))
    fields: dict[str, Any] = {}
    if "order" in used:
        fields["order_number"] = slots["order"]
    if product is not None:
        fields["product"] = product.key
    if scenario.topic == Topic.WARRANTY:
        fields["purchase_date"] = bought.isoformat()
        fields["under_warranty"] = True
    return fields


def _texts(scenario: Scenario) -> tuple[str, ...]:
    return (
        scenario.subject,
        scenario.opening,
        scenario.reply,
        scenario.follow,
        scenario.note,
        scenario.resolution,
        scenario.thanks,
    )


def _priority(scenario: Scenario, round_: int) -> Priority:
    if scenario.priority != Priority.NORMAL:
        return scenario.priority
    return {2: Priority.HIGH, 5: Priority.LOW}.get(round_, Priority.NORMAL)


def _agents_for(team: TeamSpec, language: str) -> list[Staff]:
    return [s for s in STAFF if s.takes_tickets and s.team == team.key and language in s.languages]


def ticket_plans(*, today: datetime.date) -> list[TicketPlan]:
    """Every demo ticket, languages interleaved so ticket numbers mix them."""
    if len({len(scenarios) for scenarios in CONTENT.values()}) != 1:
        raise ValueError("every language needs the same number of scenarios")
    plans: list[TicketPlan] = []
    per_language = len(CONTENT["en"]) * ROUNDS
    for j in range(per_language):
        for lang_index, language in enumerate(LANGUAGES):
            plans.append(_plan(language, lang_index, j, today))
    return plans


def _plan(language: str, lang_index: int, j: int, today: datetime.date) -> TicketPlan:
    scenarios = CONTENT[language]
    scenario = scenarios[j % len(scenarios)]
    round_ = j // len(scenarios)
    # (5 * round + scenario) mod 6 visits every status once per scenario.
    status = STATUSES[(5 * round_ + j % len(scenarios)) % ROUNDS]
    native = scenario.script == Script.NATIVE
    pool = [
        c for c in CUSTOMERS if c.language == language and (c.script == Script.NATIVE) == native
    ]
    # The k-th ticket drawn from a pool goes to customer 5k mod len: every customer
    # gets tickets (5 is coprime with the pool sizes) and neighbours differ.
    same_script = [s.script == scenario.script for s in scenarios]
    k = round_ * sum(same_script) + sum(same_script[: j % len(scenarios)])
    customer = pool[(k * 5) % len(pool)]
    n = lang_index * 1000 + j
    product = (
        PRODUCTS_BY_KEY[scenario.products[(round_ + lang_index) % len(scenario.products)]]
        if scenario.products
        else None
    )
    team = TEAM_FOR_TOPIC[scenario.topic]
    agents = _agents_for(team, language)
    assignee = None if status == Status.NEW else agents[j % len(agents)]
    customer_slots, agent_slots = _slots(
        n=n,
        language=language,
        scenario=scenario,
        customer=customer,
        product=product,
        assignee=assignee,
        today=today,
    )
    bought = today - datetime.timedelta(days=40 + (n * 13) % 280)
    tags = scenario.tags + (("b2b",) if customer.organization else ())
    return TicketPlan(
        external_id=f"{EXTERNAL_ID_PREFIX}{language}:{j:03d}",
        language=language,
        scenario=scenario,
        customer=customer,
        status=status,
        priority=_priority(scenario, round_),
        team=None if status == Status.NEW else team,
        assignee=assignee,
        web_form=(j + lang_index) % 3 == 0,
        tags=tuple(dict.fromkeys(tags)),
        custom_fields=(
            {} if status == Status.NEW else _custom_fields(scenario, product, agent_slots, bought)
        ),
        steps=_steps(scenario, status, with_note=round_ % 2 == 0),
        customer_slots=customer_slots,
        agent_slots=agent_slots,
    )
