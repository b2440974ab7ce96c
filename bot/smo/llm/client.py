"""A client for any OpenAI-compatible Chat Completions API: hosted, Ollama, vLLM, llama.cpp."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import SecretStr

__all__ = ["ChatClient", "Completion", "LlmUnavailable"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Completion:
    """The model's answer, how long it took and the tokens it cost (0 when not reported)."""

    text: str
    seconds: float
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LlmUnavailable(Exception):
    """No usable answer: ``code`` names the kind (timeout, rate_limited, server_error, refused,
    malformed, unreachable), ``reason`` says it in words; neither holds the key."""

    def __init__(self, code: str, reason: str, seconds: float | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.seconds = seconds


class ChatClient:
    """POSTs ``{base_url}/chat/completions``; owns its HTTP session (``close`` ends it).

    ``base_url`` is the API root that ends in ``/v1`` for most servers
    (``http://localhost:11434/v1`` for Ollama). The key goes in the ``Authorization`` header
    only; no error message or log line carries it.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        timeout: float = 20.0,
        max_tokens: int = 400,
        temperature: float = 0.3,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._key = api_key
        self._timeout = timeout
        self._max_tokens = max_tokens
        self._temperature = temperature
        self._session: aiohttp.ClientSession | None = None

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        key = self._key.get_secret_value().strip() if self._key is not None else ""
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    async def complete(self, messages: list[dict[str, str]]) -> Completion:
        """The model's reply to ``messages``; raises LlmUnavailable when there is none."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": self._temperature,
            "max_tokens": self._max_tokens,
            "stream": False,
        }
        started = time.monotonic()
        try:
            async with self._session.post(self.url, json=body, headers=self._headers()) as answer:
                status = answer.status
                raw = await answer.read()
        except TimeoutError:
            raise LlmUnavailable(
                "timeout", f"no answer within {self._timeout:g} s", time.monotonic() - started
            ) from None
        except aiohttp.ClientError as exc:
            # The exception's text may quote the URL; its kind is enough to act on.
            raise LlmUnavailable(
                "unreachable", f"endpoint unreachable ({type(exc).__name__})"
            ) from None
        seconds = time.monotonic() - started
        if status == 429:
            raise LlmUnavailable("rate_limited", "rate limited (HTTP 429)", seconds)
        if status >= 500:
            raise LlmUnavailable("server_error", f"server error (HTTP {status})", seconds)
        if status >= 400:
            raise LlmUnavailable("refused", f"request refused (HTTP {status})", seconds)
        return _completion(raw, seconds)

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()


def _completion(raw: bytes, seconds: float) -> Completion:
    """The first choice's message of a Chat Completions response body."""
    try:
        data: Any = json.loads(raw)
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmUnavailable(
            "malformed", "malformed answer (not a Chat Completions response)", seconds
        ) from None
    if not isinstance(text, str):
        raise LlmUnavailable("malformed", "malformed answer (no text in the message)", seconds)
    usage = data.get("usage") if isinstance(data, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    return Completion(
        text=text,
        seconds=seconds,
        prompt_tokens=_count(usage.get("prompt_tokens")),
        completion_tokens=_count(usage.get("completion_tokens")),
    )


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
