"""The bot on chat, end to end: the widget's HTTP API, the domain events, the bot's task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.bots.compose import answer_text
from samadhan.bots.configuration import BotSettingsChanges, bot_settings_update
from samadhan.bots.models import BotConversation, BotState
from samadhan.bots.selectors import bot_deflection_rate
from samadhan.bots.services import Outcome, bot_message_handle
from samadhan.bots.tasks import bot_message_created, bot_ticket_created
from samadhan.bots.tests.conftest import Shop, Visitor, run_bot_tasks
from samadhan.core.conf import public_url
from samadhan.core.domain_events import DomainEvent, EventType
from samadhan.kb.models import SearchQuery
from samadhan.notifications.tests.catalog import write_catalog
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import (
    ActorKind,
    AuthorKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEvent,
    TicketEventKind,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.tags import ticket_tag_names
from samadhan.tickets.timeline import Author
from samadhan.ui.tests import signed_in

pytestmark = pytest.mark.django_db

ASK = "Did this answer your question? Reply “yes” or “no”, or write “agent” to talk to a person."
TELUGU_QUESTION = "నా ఆర్డర్ ఎక్కడ ఉంది? ట్రాక్ చేయడం ఎలా?"
TELUGU = {
    "These articles from our help center may answer your question:": (
        "మా సహాయ కేంద్రంలోని ఈ వ్యాసాలు మీ ప్రశ్నకు సమాధానం ఇవ్వవచ్చు:"
    ),
    ASK: ("ఇది మీ ప్రశ్నకు సమాధానం ఇచ్చిందా? “అవును” లేదా “లేదు” అని రాయండి."),
    "Glad that helped! Write again any time you need us.": "సంతోషం! ఎప్పుడైనా మళ్ళీ రాయండి.",
}


def _ticket(shop: Shop) -> Ticket:
    return Ticket.objects.get(workspace=shop.workspace)


def _bot_messages(ticket: Ticket) -> list[Message]:
    return list(Message.objects.filter(ticket=ticket, author_kind=AuthorKind.BOT).order_by("id"))


def test_telugu_answer_then_yes_is_solved_by_the_bot(
    shop: Shop,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    write_catalog(tmp_path, "te", TELUGU)
    settings.LOCALE_PATHS = [tmp_path]
    visitor = Visitor(shop.chat, language="te")
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say(TELUGU_QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["answered"]

    ticket = _ticket(shop)
    [answer] = _bot_messages(ticket)
    assert answer.kind == MessageKind.OUTBOUND
    url = f"{public_url()}/help/acme/te/"
    lines = answer.body_text.split("\n")
    assert lines[0] == TELUGU["These articles from our help center may answer your question:"]
    assert lines[2] == "1. మీ ఆర్డర్‌ను ట్రాక్ చేయండి"
    assert lines[3].strip().startswith(url)
    assert "మై అకౌంట్‌లో" in lines[4]  # a snippet of the article, in Telugu
    assert lines[-1] == TELUGU[ASK]
    # Only the confident article is offered; the search was logged as the bot's.
    assert answer.body_text.count(f"{public_url()}/help/") == 1
    assert SearchQuery.objects.get(workspace=shop.workspace).source == "bot"
    # The customer sees it in the widget, as a bot's message.
    shown = visitor.messages()
    assert [(m["author"]["kind"], m["text"]) for m in shown] == [
        ("visitor", TELUGU_QUESTION),
        ("bot", answer.body_text),
    ]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.first_response_at) == (Status.OPEN, answer.created_at)

    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("అవును, ధన్యవాదాలు")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["solved"]

    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket_tag_names(ticket) == ["solved-by-bot"]
    assert [m.body_text for m in _bot_messages(ticket)][1] == "సంతోషం! ఎప్పుడైనా మళ్ళీ రాయండి."
    solved = TicketEvent.objects.get(
        ticket=ticket, kind=TicketEventKind.STATUS_CHANGED, data__to="solved"
    )
    assert (solved.actor_kind, solved.data) == (ActorKind.BOT, {"from": "open", "to": "solved"})
    conversation = BotConversation.objects.get(ticket=ticket)
    assert (conversation.state, conversation.customer_reply) == (BotState.SOLVED, "అవును, ధన్యవాదాలు")
    deflection = bot_deflection_rate(workspace_id=shop.workspace.pk, since=ticket.created_at)
    assert (deflection.tickets, deflection.answered, deflection.solved, deflection.rate) == (
        1,
        1,
        1,
        1.0,
    )

    # The customer writes again: the ticket reopens for people, the bot stays silent.
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("ఇంకో ప్రశ్న ఉంది")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"]
    assert len(_bot_messages(ticket)) == 2


@pytest.mark.parametrize("reply", ["nahi", "talk to a person", "agent se baat karni hai"])
def test_no_or_asking_for_a_person_hands_off_with_what_the_bot_tried(
    shop: Shop, reply: str, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    visitor = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("mera refund kab aayega")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["answered"]
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say(reply)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["handed_off"]

    ticket = _ticket(shop)
    assert (ticket.status, ticket.team_id, ticket.assignee_id) == (Status.OPEN, shop.team.pk, None)
    assert ticket_tag_names(ticket) == ["bot-handoff"]
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.author_kind == AuthorKind.BOT
    meaning = "asked for a person" if reply != "nahi" else "no"
    url = BotConversation.objects.get(ticket=ticket).articles[0]["url"]
    assert note.body_text.startswith("The answer bot handed this conversation over.")
    assert "Question:\nmera refund kab aayega" in note.body_text
    assert f"- When will I get my refund? ({url}, score " in note.body_text
    assert note.body_text.endswith(f"Customer's answer ({meaning}):\n{reply}")
    # The agent's ticket page shows what the bot did.
    page = signed_in(shop.agent).get(
        reverse("ui:ticket", args=[shop.workspace.slug, ticket.number])
    )
    assert page.status_code == 200
    assert "The answer bot handed this conversation over." in page.content.decode()
    bot_public = [m.body_text for m in _bot_messages(ticket) if m.kind == MessageKind.OUTBOUND]
    assert bot_public[1] == "Thank you. A person from our team will reply here as soon as possible."

    # Silent from now on, whatever the customer writes.
    for text in ["yes", "haan", "where is my parcel"]:
        with django_capture_on_commit_callbacks(execute=True):
            visitor.say(text)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"] * 3
    assert len(_bot_messages(ticket)) == 3  # answer, handoff line, note


def test_low_confidence_is_a_silent_handoff_with_the_candidates(
    shop: Shop, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    bot_settings_update(inbox=shop.chat, by=None, changes=BotSettingsChanges(threshold=0.96))
    visitor = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("Can I change the colour of my sofa after delivery?")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["nothing_found"]

    ticket = _ticket(shop)
    assert [m["author"]["kind"] for m in visitor.messages()] == ["visitor"]
    [note] = _bot_messages(ticket)
    assert note.kind == MessageKind.NOTE
    assert note.body_text.startswith(
        "The answer bot found nothing confident (threshold 0.96) and did not reply."
    )
    assert note.body_text.count("\n- ") == 3  # the top candidates, for the agent
    assert (ticket.status, ticket.team_id, ticket.assignee_id) == (Status.OPEN, shop.team.pk, None)
    assert ticket.first_response_at is None
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("hello?")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"]
    assert bot_deflection_rate(workspace_id=shop.workspace.pk, since=ticket.created_at).rate == 0.0


def test_the_bot_never_answers_itself_agents_or_twice(
    shop: Shop, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    visitor = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitor.say("I forgot my password")
    # The task queued twice (a redelivered event, a retried worker) answers once.
    first = sent["message_id"]
    with django_capture_on_commit_callbacks(execute=True):
        assert bot_message_handle(message_id=first) == Outcome.ANSWERED
        assert bot_message_handle(message_id=first) == Outcome.IGNORED
        assert run_bot_tasks() == ["ignored"]  # the queued one
    ticket = _ticket(shop)
    [answer] = _bot_messages(ticket)
    # Its own message (and the events it raised) queue nothing and change nothing.
    assert run_bot_tasks() == []
    assert bot_message_handle(message_id=answer.pk) == Outcome.IGNORED
    # An agent steps in before the customer answers: the bot steps aside for good.
    with django_capture_on_commit_callbacks(execute=True):
        message_create(
            ticket=ticket,
            author=Author.of_agent(shop.agent),
            kind=MessageKind.OUTBOUND,
            body_text="Hi, Priya here — did the link work?",
        )
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("no")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"]
    assert BotConversation.objects.get(ticket=ticket).state == BotState.HANDED_OFF
    assert len(_bot_messages(ticket)) == 1


def test_switched_off_or_another_channel_means_no_bot(
    shop: Shop, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    bot_settings_update(inbox=shop.chat, by=None, changes=BotSettingsChanges(answer_chat=False))
    visitor = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("I forgot my password")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"]
    assert not BotConversation.objects.exists()
    # Switched off: nothing is even queued.
    bot_settings_update(inbox=shop.chat, by=None, changes=BotSettingsChanges(enabled=False))
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("still there?")
    assert run_bot_tasks() == []


def test_link_answer_text_in_english_for_email() -> None:
    # The email question asks for a reply by mail, not for the word "agent".
    text = answer_text(language="en", articles=[], chat=False)
    assert text.endswith(
        "Did this answer your question? Reply “yes” or “no” to this email; "
        "a person from our team will answer if it did not."
    )


def test_a_marathi_question_gets_the_english_article_with_a_note(
    shop: Shop, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    visitor = Visitor(shop.chat, language="mr")
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("माझे पैसे परत कधी मिळतील? परतावा किती दिवसात येतो?")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["answered"]
    ticket = _ticket(shop)
    assert ticket.language == "mr"
    [answer] = _bot_messages(ticket)
    # Said in Marathi, the language named the Marathi way.
    assert "1. When will I get my refund? (इंग्रजी मध्ये)\n" in answer.body_text
    assert f"{public_url()}/help/acme/en/" in answer.body_text


def test_a_greeting_first_waits_for_the_question(
    shop: Shop, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    visitor = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("namaste")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["waiting"]
    assert not BotConversation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        visitor.say("I forgot my password, how do I reset it?")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["answered"]
    conversation = BotConversation.objects.get()
    assert conversation.question == "I forgot my password, how do I reset it?"
    # After two openers without a question the bot leaves the chat to people.
    other = Visitor(shop.chat)
    with django_capture_on_commit_callbacks(execute=True):
        for text in ["hi", "hello", "anyone?", "I forgot my password, how do I reset it?"]:
            other.say(text)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["waiting", "waiting", "waiting", "ignored"]


def test_the_subscribers_cost_one_query_and_queue_nothing_without_a_bot(
    shop: Shop, django_assert_num_queries: Any
) -> None:
    ticket = make_ticket(shop.workspace)  # an API ticket: no inbox, no bot
    created = DomainEvent(
        type=EventType.TICKET_CREATED,
        workspace_id=shop.workspace.pk,
        payload={"ticket": {"id": ticket.pk, "channel": "chat"}},
    )
    message = Message.objects.get(ticket=ticket)
    posted = DomainEvent(
        type=EventType.MESSAGE_CREATED,
        workspace_id=shop.workspace.pk,
        payload={
            "message": {
                "id": message.pk,
                "ticket_number": ticket.number,
                "kind": "inbound",
                "author_kind": "contact",
            }
        },
    )
    with django_assert_num_queries(1):
        bot_ticket_created(created)
    with django_assert_num_queries(1):
        bot_message_created(posted)
    assert run_bot_tasks() == []
