"""Rewrites template reply drafts with a language model, behind the same guardrails.

Runs at the pipeline's edge, after the engine wrote its template drafts. A model's reply that
fails a guardrail, or no reply at all (timeout, HTTP 429 or 5xx, a malformed answer, an
endpoint that cannot be reached), leaves the template draft in place with the reason in its
note; the reviewer sees which drafter wrote what they approve.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.models import Draft
from bot.smo.guardrails import check, fix
from bot.smo.llm.brief import DraftBrief
from bot.smo.llm.client import ChatClient, Completion, LlmUnavailable
from bot.smo.llm.prompt import NAME, finish, messages, prompt_urls

__all__ = ["TEMPLATE", "LlmDrafter", "LlmOutcome"]

log = logging.getLogger(__name__)

TEMPLATE = "template"
_URL = re.compile(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LlmOutcome:
    """How asking the model for one draft went: ``code`` is "ok" when its reply was used, else
    why not (guardrails, timeout, rate_limited, server_error, refused, malformed, unreachable,
    error); ``seconds`` is None when no answer came back at all."""

    comment_key: str
    code: str
    reason: str = ""
    seconds: float | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def used(self) -> bool:
        return self.code == "ok"


class LlmDrafter:
    """Asks the model for each brief, at most ``concurrency`` at once; owns its client."""

    def __init__(self, client: ChatClient, concurrency: int = 4) -> None:
        self._client = client
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self.observers: list[Callable[[LlmOutcome], None]] = []

    @property
    def label(self) -> str:
        """What the reviewer reads as the drafter of a model's reply."""
        return f"language model ({self._client.model})"

    async def redraft_all(self, briefs: Sequence[DraftBrief]) -> list[Draft]:
        """The draft to offer for each brief, in order: the model's, or the template's."""
        return list(await asyncio.gather(*(self.redraft(brief) for brief in briefs)))

    async def redraft(self, brief: DraftBrief) -> Draft:
        async with self._slots:
            try:
                draft, outcome = await self._redraft(brief)
            except Exception as exc:
                # A defect here must not cost the comment its template draft.
                log.exception("language model drafter failed comment=%s", brief.comment.key)
                outcome = LlmOutcome(
                    brief.comment.key, "error", f"drafter error ({exc.__class__.__name__})"
                )
                draft = self._fallback(brief, outcome.reason)
        if not outcome.used:
            log.info(
                "language model draft not used comment=%s code=%s reason=%s",
                outcome.comment_key,
                outcome.code,
                outcome.reason,
            )
        for observe in self.observers:
            observe(outcome)
        return draft

    async def _redraft(self, brief: DraftBrief) -> tuple[Draft, LlmOutcome]:
        key = brief.comment.key
        try:
            answer = await self._client.complete(messages(brief))
        except LlmUnavailable as exc:
            outcome = LlmOutcome(key, exc.code, exc.reason, exc.seconds)
            return self._fallback(brief, exc.reason), outcome
        text, why = _guarded(finish(answer.text, brief), brief)
        if why is not None:
            outcome = _outcome(key, "guardrails", f"its reply failed the guardrails: {why}", answer)
            return self._fallback(brief, outcome.reason), outcome
        return replace(brief.draft, text=text, drafter=self.label), _outcome(key, "ok", "", answer)

    def _fallback(self, brief: DraftBrief, reason: str) -> Draft:
        note = "; ".join(p for p in (brief.draft.note, f"language model not used: {reason}") if p)
        return replace(brief.draft, drafter=TEMPLATE, note=note)

    async def close(self) -> None:
        await self._client.close()


def _outcome(key: str, code: str, reason: str, answer: Completion) -> LlmOutcome:
    return LlmOutcome(
        key, code, reason, answer.seconds, answer.prompt_tokens, answer.completion_tokens
    )


def _guarded(text: str, brief: DraftBrief) -> tuple[str, str | None]:
    """``text`` after the guardrails' fixes, and what is still wrong with it (None if nothing)."""
    if not text:
        return text, "the reply is empty"
    if NAME in text:
        return text, f"the reply still holds the placeholder {NAME}"
    given = prompt_urls(brief)
    for url in _URL.findall(text):
        if url.rstrip(".,;:!?").lower() not in given:
            return text, "the reply has a link the brief did not give"
    comment, platform = brief.comment, brief.comment.platform
    problems = check(text, comment, brief.readings, brief.brand, platform)
    if problems:
        fixed = fix(text, problems, platform, brief.brand.sign_off)
        if fixed is None:
            return text, "; ".join(p.message for p in problems)
        text = fixed
        problems = check(text, comment, brief.readings, brief.brand, platform)
    if problems:
        return text, "; ".join(p.message for p in problems)
    return text, None
