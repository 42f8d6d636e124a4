"""Load the demo workspace through the ordinary services; safe to run again.

Each piece is looked up before it is created (agents by email, teams, inboxes,
macros, fields and organizations by name or key, contacts by identity, tickets
by the external id of their first message), so a second run creates nothing
and leaves whatever people did with the demo data alone.
"""

from __future__ import annotations

import datetime
import secrets
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samadhan.accounts.models import Agent, Membership, Role, SkillKind, Team
from samadhan.accounts.services import (
    agent_create,
    agent_set_password,
    membership_set,
    skill_grant,
    team_create,
)
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create, inbox_default_api
from samadhan.contacts.models import Contact, IdentityKind, Organization
from samadhan.contacts.services import contact_create, contact_find_by_identity, organization_create
from samadhan.demo.clock import spread
from samadhan.demo.knowledge_base import demo_kb_load
from samadhan.demo.macros import CUSTOM_FIELDS, MACROS
from samadhan.demo.people import (
    CUSTOMERS,
    ORGANIZATIONS,
    STAFF,
    TEAMS,
    WORKSPACE_NAME,
    Customer,
)
from samadhan.demo.plan import (
    CUSTOMER_STEPS,
    EXTERNAL_ID_PREFIX,
    LANGUAGES,
    Step,
    TicketPlan,
    ticket_plans,
)
from samadhan.tickets.models import CustomField, Macro, Message, MessageKind, Status, Ticket
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_create, ticket_update
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import workspace_create

DEFAULT_SLUG = "demo"
DEFAULT_ADMIN_EMAIL = "admin@demo.samadhan.test"
OWNER_NAME = "Demo Owner"
WEB_FORM_NAME = "Website contact form"
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True, kw_only=True)
class DemoLogin:
    email: str
    # Only when this run created the login or was given a new password; never stored.
    password: str | None
    created: bool
    generated: bool = False


@dataclass(frozen=True, kw_only=True)
class DemoResult:
    workspace: Workspace
    login: DemoLogin
    created: Counter[str]


@dataclass(frozen=True, kw_only=True)
class _Inboxes:
    api: Inbox
    web_form: Inbox


def demo_load(
    *,
    slug: str = DEFAULT_SLUG,
    admin_email: str = DEFAULT_ADMIN_EMAIL,
    admin_password: str | None = None,
    today: datetime.date | None = None,
) -> DemoResult:
    """Create whatever of the demo workspace is missing, in one transaction."""
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    with transaction.atomic():
        workspace = _workspace(slug, created)
        login = _owner(workspace, admin_email, admin_password, created)
        agents = _staff(workspace, created)
        teams = _teams(workspace, agents, created)
        inboxes = _inboxes(workspace, created)
        _custom_fields(workspace, created)
        _macros(workspace, created)
        demo_kb_load(workspace=workspace, created=created)
        contacts = _contacts(workspace, created)
        _tickets(
            workspace=workspace,
            agents=agents,
            teams=teams,
            inboxes=inboxes,
            contacts=contacts,
            today=today,
            created=created,
        )
    return DemoResult(workspace=workspace, login=login, created=created)


def demo_totals(*, workspace: Workspace) -> dict[str, int]:
    """What the workspace holds, for the command's summary."""
    return {
        "tickets": Ticket.objects.filter(workspace=workspace).count(),
        "contacts": Contact.objects.filter(workspace=workspace).count(),
        "agents": Membership.objects.filter(workspace=workspace, is_active=True).count(),
        "macros": Macro.objects.filter(workspace=workspace).count(),
    }


def _workspace(slug: str, created: Counter[str]) -> Workspace:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        workspace = workspace_create(
            slug=slug,
            name=WORKSPACE_NAME,
            default_language="en",
            languages=list(LANGUAGES),
            timezone="Asia/Kolkata",
        )
        created["workspaces"] += 1
    return workspace


def _ensure_member(workspace: Workspace, agent: Agent, role: Role) -> None:
    # Someone's existing role in the workspace is theirs to keep.
    if not Membership.objects.filter(workspace=workspace, agent=agent).exists():
        membership_set(workspace=workspace, agent=agent, role=role)


def _owner(
    workspace: Workspace, email: str, password: str | None, created: Counter[str]
) -> DemoLogin:
    email = email.strip().lower()
    agent = Agent.objects.filter(email=email).first()
    if agent is None:
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        agent = agent_create(email=email, name=OWNER_NAME, password=password, language="en")
        created["agents"] += 1
        login = DemoLogin(email=agent.email, password=password, created=True, generated=generated)
    elif password is not None:
        # accounts has no password service yet; this is Django's own API for it.
        agent_set_password(agent=agent, password=password)
        login = DemoLogin(email=agent.email, password=password, created=False)
    else:
        login = DemoLogin(email=agent.email, password=None, created=False)
    if not Membership.objects.filter(
        workspace=workspace, agent=agent, role=Role.OWNER, is_active=True
    ).exists():
        membership_set(workspace=workspace, agent=agent, role=Role.OWNER)
    return login


def _staff(workspace: Workspace, created: Counter[str]) -> dict[str, Agent]:
    agents: dict[str, Agent] = {}
    for spec in STAFF:
        agent = Agent.objects.filter(email=spec.email).first()
        if agent is None:
            # No password: demo colleagues cannot log in until an admin sets one.
            agent = agent_create(email=spec.email, name=spec.name, language=spec.ui_language)
            created["agents"] += 1
        _ensure_member(workspace, agent, spec.role)
        for language in spec.languages:
            skill_grant(workspace=workspace, agent=agent, kind=SkillKind.LANGUAGE, value=language)
        for topic in spec.topics:
            skill_grant(workspace=workspace, agent=agent, kind=SkillKind.TOPIC, value=topic.value)
        agents[spec.key] = agent
    return agents


def _teams(
    workspace: Workspace, agents: dict[str, Agent], created: Counter[str]
) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for spec in TEAMS:
        team = Team.objects.filter(workspace=workspace, name=spec.name).first()
        if team is None:
            members = [agents[s.key] for s in STAFF if s.team == spec.key]
            team = team_create(workspace=workspace, name=spec.name, members=members)
            created["teams"] += 1
        teams[spec.key] = team
    return teams


def _inboxes(workspace: Workspace, created: Counter[str]) -> _Inboxes:
    if not Inbox.objects.filter(workspace=workspace, kind=InboxKind.API).exists():
        created["inboxes"] += 1
    api = inbox_default_api(workspace=workspace)
    web_form = Inbox.objects.filter(workspace=workspace, name=WEB_FORM_NAME).first()
    if web_form is None:
        web_form = inbox_create(workspace=workspace, kind=InboxKind.WEB_FORM, name=WEB_FORM_NAME)
        created["inboxes"] += 1
    return _Inboxes(api=api, web_form=web_form)


def _custom_fields(workspace: Workspace, created: Counter[str]) -> None:
    existing = set(CustomField.objects.filter(workspace=workspace).values_list("key", flat=True))
    for spec in CUSTOM_FIELDS:
        if spec.key in existing:
            continue
        custom_field_create(
            workspace=workspace,
            key=spec.key,
            label=spec.label,
            field_type=spec.field_type,
            options=[{"value": value, "label": label} for value, label in spec.options] or None,
        )
        created["custom_fields"] += 1


def _macros(workspace: Workspace, created: Counter[str]) -> None:
    existing = set(Macro.objects.filter(workspace=workspace).values_list("name", flat=True))
    for spec in MACROS:
        if spec.name in existing:
            continue
        macro_create(workspace=workspace, name=spec.name, actions=spec.actions, texts=spec.texts)
        created["macros"] += 1


def _contacts(workspace: Workspace, created: Counter[str]) -> dict[Customer, Contact]:
    organizations: dict[str, Organization] = {
        o.name: o for o in Organization.objects.filter(workspace=workspace)
    }
    for org_spec in ORGANIZATIONS:
        if org_spec.name not in organizations:
            organizations[org_spec.name] = organization_create(
                workspace=workspace, name=org_spec.name, domains=list(org_spec.domains)
            )
            created["organizations"] += 1
    contacts: dict[Customer, Contact] = {}
    for customer in CUSTOMERS:
        contact = _find_contact(workspace, customer)
        if contact is None:
            contact = contact_create(
                workspace=workspace,
                name=customer.name,
                email=customer.email or None,
                phone=customer.phone or None,
                language=customer.language,
                timezone=customer.timezone,
                organization=organizations.get(customer.organization),
                attributes={"city": customer.city},
            )
            created["contacts"] += 1
        contacts[customer] = contact
    return contacts


def _find_contact(workspace: Workspace, customer: Customer) -> Contact | None:
    for kind, value in ((IdentityKind.EMAIL, customer.email), (IdentityKind.PHONE, customer.phone)):
        if value:
            found = contact_find_by_identity(workspace_id=workspace.pk, kind=kind, value=value)
            if found is not None:
                return found
    return None


def _tickets(
    *,
    workspace: Workspace,
    agents: dict[str, Agent],
    teams: dict[str, Team],
    inboxes: _Inboxes,
    contacts: dict[Customer, Contact],
    today: datetime.date,
    created: Counter[str],
) -> None:
    loaded = set(
        Message.objects.filter(
            workspace_id=workspace.pk, external_id__startswith=EXTERNAL_ID_PREFIX
        ).values_list("external_id", flat=True)
    )
    handles = {key: agent.handle for key, agent in agents.items()}
    now = timezone.now()
    for n, plan in enumerate(ticket_plans(today=today)):
        if plan.external_id in loaded:
            continue
        ticket = _ticket_play(
            workspace=workspace,
            plan=plan,
            contact=contacts[plan.customer],
            inbox=inboxes.web_form if plan.web_form else inboxes.api,
            agent=agents[plan.assignee.key] if plan.assignee else None,
            team=teams[plan.team.key] if plan.team else None,
            handles=handles,
        )
        spread(ticket=ticket, n=n, now=now)
        created["tickets"] += 1


def _ticket_play(
    *,
    workspace: Workspace,
    plan: TicketPlan,
    contact: Contact,
    inbox: Inbox,
    agent: Agent | None,
    team: Team | None,
    handles: dict[str, str],
) -> Ticket:
    """Create the ticket and play its conversation up to the planned status."""
    ticket = ticket_create(
        workspace=workspace,
        author=CONTACT_AUTHOR,
        contact=contact,
        subject=plan.subject,
        body_text=plan.opening,
        priority=plan.priority,
        tags=list(plan.tags),
        language=plan.language,
        inbox=inbox,
        external_id=plan.external_id,
    )
    if agent is None:
        return ticket
    author = Author.of_agent(agent)
    ticket_update(
        ticket=ticket,
        author=author,
        changes=TicketChanges(
            assignee_id=agent.pk,
            set_assignee=True,
            team_id=team.pk if team else None,
            set_team=team is not None,
            custom_fields=plan.custom_fields or None,
        ),
    )
    for step in plan.steps:
        text = plan.text(step, ticket_number=ticket.number, handles=handles)
        if step in CUSTOMER_STEPS:
            message_create(
                ticket=ticket,
                author=CONTACT_AUTHOR,
                kind=MessageKind.INBOUND,
                body_text=text,
                inbox=inbox,
            )
        elif step == Step.NOTE:
            message_create(ticket=ticket, author=author, kind=MessageKind.NOTE, body_text=text)
        else:
            message_create(
                ticket=ticket, author=author, kind=MessageKind.OUTBOUND, body_text=text, inbox=inbox
            )
    final = [plan.status]
    if plan.status == Status.CLOSED:
        final = [Status.SOLVED, Status.CLOSED]
    for status in final:
        ticket_update(ticket=ticket, author=author, changes=TicketChanges(status=status))
    return ticket
