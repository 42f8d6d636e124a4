"""The answer bot's one service: act on a customer's message, at most twice per ticket.

First message of a new ticket: search the knowledge base in the customer's
language; above the inbox's threshold post the best articles (or a grounded
generated answer) and ask whether it helped; below it hand off silently with
the candidates in a note. The customer's next message is read as yes (solved by
the bot), no or a request for a person (handoff with a summary note). After
that the bot never speaks on the ticket again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

import regex
from django.db import IntegrityError, transaction

from samadhan.bots import compose, generative
from samadhan.bots.compose import Offered
from samadhan.bots.models import BotConversation, BotSettings, BotState
from samadhan.bots.noise import is_noise
from samadhan.bots.replies import Reply, reply_classify
from samadhan.channels.models import InboxKind
from samadhan.kb.models import ArticleTranslation
from samadhan.kb.search.analysis import detect_language
from samadhan.kb.search.chunks import plain_text
from samadhan.kb.search.selectors import kb_search
from samadhan.tickets.models import AuthorKind, Message, MessageKind, Status, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import BOT_AUTHOR

logger = logging.getLogger(__name__)

SOLVED_TAG = "solved-by-bot"
HANDOFF_TAG = "bot-handoff"
MAX_QUESTION_CHARS = 1000
# A chat message this short that finds nothing is a greeting ("hi", "namaste ji").
MAX_GREETING_WORDS = 3
MAX_CHAT_OPENERS = 2
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


class Outcome(StrEnum):
    IGNORED = "ignored"
    WAITING = "waiting"
    ANSWERED = "answered"
    NOTHING_FOUND = "nothing_found"
    SOLVED = "solved"
    HANDED_OFF = "handed_off"


@dataclass(frozen=True, kw_only=True)
class Draft:
    """What the bot would say, decided before any write (search and LLM are slow)."""

    language: str
    question: str
    articles: list[Offered]
    top_score: float | None
    confident: bool
    body: str = ""
    generated: bool = False


def _settings_for(ticket: Ticket) -> BotSettings | None:
    if ticket.inbox_id is None:
        return None
    bot = BotSettings.objects.filter(
        workspace_id=ticket.workspace_id, inbox_id=ticket.inbox_id, enabled=True
    ).first()
    if bot is None:
        return None
    if ticket.channel == InboxKind.CHAT and bot.answer_chat:
        return bot
    if ticket.channel == InboxKind.EMAIL and bot.answer_email:
        return bot
    return None


def _customer_message(message_id: int) -> Message | None:
    message = (
        Message.objects.select_related("ticket", "ticket__workspace", "ticket__inbox")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.kind != MessageKind.INBOUND:
        return None
    # Only a customer's own words: never a bot's, an agent's or the system's.
    return message if message.author_kind == AuthorKind.CONTACT else None


def bot_message_handle(*, message_id: int) -> Outcome:
    """Act on a customer's message once; running it again changes nothing."""
    message = _customer_message(message_id)
    if message is None:
        return Outcome.IGNORED
    ticket = message.ticket
    bot = _settings_for(ticket)
    if bot is None:
        return Outcome.IGNORED
    conversation = BotConversation.objects.filter(
        workspace_id=ticket.workspace_id, ticket=ticket
    ).first()
    if conversation is not None:
        return _follow_up(message=message, conversation=conversation)
    if not _opens_conversation(message) or is_noise(message):
        return Outcome.IGNORED
    draft = _draft(message=message, bot=bot)
    if not draft.confident and _greeting(message):
        # "hi" opens most chats: wait for the question rather than hand off at once.
        return Outcome.WAITING
    return _first_reply(message=message, bot=bot, draft=draft)


def _greeting(message: Message) -> bool:
    return (
        message.ticket.channel == InboxKind.CHAT
        and len(_WORD.findall(message.body_text)) <= MAX_GREETING_WORDS
    )


def _opens_conversation(message: Message) -> bool:
    """The ticket's first message (on chat: after at most a greeting or two), nobody
    has answered or taken the ticket yet."""
    ticket = message.ticket
    if ticket.assignee_id is not None or ticket.status not in (Status.NEW, Status.OPEN):
        return False
    before = Message.objects.filter(
        workspace_id=ticket.workspace_id, ticket=ticket, pk__lt=message.pk
    ).values_list("author_kind", flat=True)[: MAX_CHAT_OPENERS + 1]
    # On chat the question may follow a greeting or two; on email it is the first mail.
    openers = MAX_CHAT_OPENERS if ticket.channel == InboxKind.CHAT else 0
    earlier = len(before) > openers or any(kind != AuthorKind.CONTACT for kind in before)
    return not earlier and not _taken(ticket, after=message.pk)


def _taken(ticket: Ticket, *, after: int) -> bool:
    """Assigned, or an agent wrote (a reply or a note) after message ``after``.

    System notes and acknowledgements do not count: nobody is on it yet.
    """
    if ticket.assignee_id is not None:
        return True
    return Message.objects.filter(
        workspace_id=ticket.workspace_id, ticket=ticket, pk__gt=after, author_kind=AuthorKind.AGENT
    ).exists()


def _question(message: Message) -> str:
    text = message.body_text.strip()
    if message.ticket.channel == InboxKind.EMAIL and message.ticket.subject not in text:
        text = f"{message.ticket.subject}\n{text}"
    return text[:MAX_QUESTION_CHARS]


def _language(message: Message, question: str) -> str:
    workspace = message.ticket.workspace
    languages = list(workspace.languages or [workspace.default_language])
    detected = detect_language(question, languages=languages)
    return message.ticket.language or detected or workspace.default_language


def _draft(*, message: Message, bot: BotSettings) -> Draft:
    question = _question(message)
    language = _language(message, question)
    hits = kb_search(
        workspace_id=message.workspace_id,
        query=question,
        language=language,
        limit=max(bot.max_articles, 3),
        source="bot",
    )
    candidates = [
        Offered(
            article_id=h.article_id,
            translation_id=h.translation_id,
            language=h.language,
            title=h.title,
            url=compose.absolute(h.url),
            snippet=compose.snippet_text(h.snippet_html),
            score=h.score,
        )
        for h in hits
    ]
    top = candidates[0].score if candidates else None
    if top is None or top < bot.threshold:
        return Draft(
            language=language,
            question=question,
            articles=candidates,
            top_score=top,
            confident=False,
        )
    offered = [a for a in candidates if a.score >= bot.threshold][: max(bot.max_articles, 1)]
    chat = message.ticket.channel == InboxKind.CHAT
    if bot.generative:
        draft = _generated(bot=bot, question=question, language=language, offered=offered)
        if draft is not None:
            return Draft(
                language=language,
                question=question,
                articles=offered,
                top_score=top,
                confident=True,
                body=compose.generated_text(
                    language=language, answer=draft[0], cited=draft[1], chat=chat
                ),
                generated=True,
            )
    return Draft(
        language=language,
        question=question,
        articles=offered,
        top_score=top,
        confident=True,
        body=compose.answer_text(language=language, articles=offered, chat=chat),
    )


def _generated(
    *, bot: BotSettings, question: str, language: str, offered: list[Offered]
) -> tuple[str, list[Offered]] | None:
    endpoint = generative.endpoint_for(bot)
    if endpoint is None:
        return None
    bodies = dict(
        ArticleTranslation.objects.filter(
            workspace_id=bot.workspace_id, pk__in=[a.translation_id for a in offered]
        ).values_list("pk", "body_markdown")
    )
    texts = [plain_text(bodies.get(a.translation_id, "")) for a in offered]
    result = generative.generate(
        endpoint=endpoint, question=question, language=language, articles=offered, texts=texts
    )
    if result is None:
        return None
    return result.text, [offered[i] for i in result.cited]


def _first_reply(*, message: Message, bot: BotSettings, draft: Draft) -> Outcome:
    ticket = message.ticket
    try:
        with transaction.atomic():
            locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
            if _taken(locked, after=message.pk):
                return Outcome.IGNORED  # a person stepped in while the bot searched
            conversation = BotConversation.objects.create(
                workspace_id=ticket.workspace_id,
                ticket=locked,
                state=BotState.ANSWERED if draft.confident else BotState.NOTHING_FOUND,
                language=draft.language,
                question=draft.question,
                trigger_message_id=message.pk,
                articles=[a.as_json() for a in draft.articles],
                top_score=draft.top_score,
                generative=draft.generated,
            )
            if not draft.confident:
                _handoff(
                    ticket=locked,
                    bot=bot,
                    note=compose.nothing_found_note(
                        question=draft.question,
                        articles=draft.articles,
                        threshold=bot.threshold,
                        language=locked.workspace.default_language,
                    ),
                )
                return Outcome.NOTHING_FOUND
            answer = message_create(
                ticket=locked,
                author=BOT_AUTHOR,
                kind=MessageKind.OUTBOUND,
                body_text=draft.body,
                inbox=locked.inbox,
            )
            conversation.answer_message_id = answer.pk
            conversation.save(update_fields=["answer_message_id", "updated_at"])
    except IntegrityError:
        # Another run of the same task got there first: it answered, this one does not.
        return Outcome.IGNORED
    return Outcome.ANSWERED


@transaction.atomic
def _follow_up(*, message: Message, conversation: BotConversation) -> Outcome:
    conversation = BotConversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.state != BotState.ANSWERED or conversation.answer_message_id is None:
        return Outcome.IGNORED
    if message.pk <= conversation.answer_message_id:
        return Outcome.IGNORED  # written before the bot's answer
    # of=self: PostgreSQL cannot lock the nullable side of the inbox join.
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("inbox")
        .get(pk=message.ticket_id)
    )
    bot = _settings_for(ticket)
    if bot is None or _taken(ticket, after=conversation.answer_message_id):
        # A person took over (or the bot was switched off): the bot steps aside for good.
        conversation.state = BotState.HANDED_OFF
        conversation.save(update_fields=["state", "updated_at"])
        return Outcome.IGNORED
    meaning = reply_classify(message.body_text)
    conversation.customer_reply = message.body_text[:MAX_QUESTION_CHARS]
    chat = ticket.channel == InboxKind.CHAT
    if meaning == Reply.YES:
        conversation.state = BotState.SOLVED
        conversation.save(update_fields=["state", "customer_reply", "updated_at"])
        if chat:
            _say(ticket, compose.solved_text(language=conversation.language))
        ticket_update(
            ticket=ticket,
            author=BOT_AUTHOR,
            changes=TicketChanges(status=Status.SOLVED, add_tags=[SOLVED_TAG]),
        )
        return Outcome.SOLVED
    conversation.state = BotState.HANDED_OFF
    conversation.save(update_fields=["state", "customer_reply", "updated_at"])
    if chat:
        _say(ticket, compose.handoff_text(language=conversation.language))
    _handoff(
        ticket=ticket,
        bot=bot,
        note=compose.handoff_note(
            question=conversation.question,
            articles=conversation.articles,
            reply=conversation.customer_reply,
            meaning=str(meaning),
            language=ticket.workspace.default_language,
        ),
    )
    return Outcome.HANDED_OFF


def _say(ticket: Ticket, text: str) -> None:
    message_create(
        ticket=ticket,
        author=BOT_AUTHOR,
        kind=MessageKind.OUTBOUND,
        body_text=text,
        inbox=ticket.inbox,
    )


def _handoff(*, ticket: Ticket, bot: BotSettings, note: str) -> None:
    """To the inbox's team, unassigned and open, with what the bot tried in a note."""
    message_create(ticket=ticket, author=BOT_AUTHOR, kind=MessageKind.NOTE, body_text=note)
    team_id = bot.inbox.default_team_id
    ticket_update(
        ticket=ticket,
        author=BOT_AUTHOR,
        changes=TicketChanges(
            status=Status.OPEN,
            add_tags=[HANDOFF_TAG],
            set_team=team_id is not None,
            team_id=team_id,
            set_assignee=True,
            assignee_id=None,
        ),
    )
