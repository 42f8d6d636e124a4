"""Generative answers through an OpenAI-compatible ``/v1/chat/completions``, grounded.

The model sees only the retrieved articles' text, must cite them as [1], [2]...
and must answer exactly ``REFUSAL`` when none of them answers the question. An
answer that cites nothing, cites an article it was not given, or comes back
with an error is not sent: the caller falls back to article links.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
import regex
from django.conf import settings as django_settings

from samadhan.bots.compose import Offered
from samadhan.bots.models import BotSettings

logger = logging.getLogger(__name__)

REFUSAL = "NO_ANSWER"
TIMEOUT_SECONDS = 20
MAX_ARTICLE_CHARS = 3000
MAX_ANSWER_CHARS = 2000
_CITATION = regex.compile(r"\[(\d{1,2})\]")

LANGUAGE_NAMES = {"en": "English", "hi": "Hindi", "mr": "Marathi", "te": "Telugu", "lv": "Latvian"}

SYSTEM_PROMPT = """You are a customer-support assistant. Answer the customer's question \
using ONLY the numbered help-center articles below. Do not use any other knowledge, do not \
guess, do not promise anything the articles do not say. Cite every statement with the \
article number in square brackets, like [1]. Reply in {language}, briefly (at most 5 \
sentences). If none of the articles answers the question, reply exactly {refusal} and \
nothing else.

{articles}"""


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    url: str
    model: str
    api_key: str


@dataclass(frozen=True, kw_only=True)
class Generated:
    text: str
    cited: list[int]  # indexes into the articles given, in citation order


def endpoint_for(bot: BotSettings) -> Endpoint | None:
    """The inbox's endpoint, each blank field from the deployment's SAMADHAN_BOT_LLM_*."""
    default = django_settings.BOT_LLM
    url = (bot.llm_url or default.get("URL", "")).rstrip("/")
    model = bot.llm_model or default.get("MODEL", "")
    if not url or not model:
        return None
    return Endpoint(url=url, model=model, api_key=bot.llm_api_key or default.get("API_KEY", ""))


def _system_prompt(language: str, articles: list[Offered], texts: list[str]) -> str:
    numbered = "\n\n".join(
        f"[{n}] {a.title}\n{t[:MAX_ARTICLE_CHARS]}"
        for n, (a, t) in enumerate(zip(articles, texts, strict=True), start=1)
    )
    return SYSTEM_PROMPT.format(
        language=LANGUAGE_NAMES.get(language, language or "the customer's language"),
        refusal=REFUSAL,
        articles=numbered,
    )


def generate(
    *, endpoint: Endpoint, question: str, language: str, articles: list[Offered], texts: list[str]
) -> Generated | None:
    """A grounded answer, or None (refusal, error, or nothing cited)."""
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    body = {
        "model": endpoint.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": _system_prompt(language, articles, texts)},
            {"role": "user", "content": question},
        ],
    }
    try:
        response = httpx.post(
            f"{endpoint.url}/chat/completions", json=body, headers=headers, timeout=TIMEOUT_SECONDS
        )
        response.raise_for_status()
        content = str(response.json()["choices"][0]["message"]["content"] or "")
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        logger.warning("bot: chat endpoint failed: %s", error)
        return None
    return grounded(content, count=len(articles))


def grounded(content: str, *, count: int) -> Generated | None:
    """Keep an answer only if it is not a refusal and cites only given articles."""
    text = content.strip()
    if not text or REFUSAL in text or len(text) > MAX_ANSWER_CHARS:
        return None
    cited: list[int] = []
    for match in _CITATION.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= count:
            return None  # a source it was not given: not grounded
        if number - 1 not in cited:
            cited.append(number - 1)
    if not cited:
        return None
    return Generated(text=text, cited=cited)
