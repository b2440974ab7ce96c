"""Fuzzing the escaping of untrusted text: nothing a commenter writes becomes a terminal control
code, a Slack mention or link, a Telegram tag, or a layout marker, in any channel."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.config.loading import load_workspace
from bot.models import Analysis, Comment, Draft, Evidence
from bot.notices import Notice
from bot.rendering import Renderer, escape_all, strip_controls
from bot.review_message import review_context
from handlers.console import ConsoleChannel
from handlers.slack.escape import escape_mrkdwn, safe_url, to_plain_text, trim_escaped
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import telegram_renderer
from handlers.telegram.formatting import clip_html, escape, split_html, utf16_len, visible_text
from tests.conftest import REPO
from tests.fuzz.strategies import any_text, file_text, fuzz, json_values

pytestmark = pytest.mark.slow

KEPT_CONTROLS = frozenset("\t\n")
# Unicode's Bidi_Control characters: each can reorder what a reader sees.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# What a commenter may try: mentions, links, markup, layout markers, escape sequences.
PAYLOADS = (
    "<!channel>",
    "<!here|here>",
    "<@U0123ABC>",
    "<#C0123ABCD>",
    "<http://evil.example|bank>",
    "<section>",
    "<actions>",
    "<header>",
    "<b>",
    "</blockquote>",
    '<a href="http://evil.example">',
    "<evil>",
    "&lt;",
    "&amp;",
    "&#60;",
    "\x1b[31m",
    "\x1b]8;;http://evil.example\x07",
    "\u202e",
    "*bold*",
    "`code`",
    "[bold]",
    "[/]",
    "{{ text }}",
    "{% raw %}",
    "\r\n",
    "\x00",
)
# Text as it reaches a channel from the store: any UTF-8 text, payloads mixed in.
untrusted = st.one_of(
    file_text,
    st.lists(st.sampled_from(PAYLOADS) | file_text, max_size=6).map("".join),
)
# Any Python string, lone surrogates included, for the pure string functions.
any_untrusted = untrusted | any_text
# Long enough to be clipped in Slack and split across Telegram messages.
long_untrusted = st.tuples(untrusted.filter(bool), st.integers(min_value=1, max_value=500)).map(
    lambda repeated: repeated[0] * repeated[1]
)
# Raw fragments that must never reach a channel from untrusted text.
SLACK_INJECTIONS = ("<!channel", "<!here", "<@U0123ABC", "<#C0123ABCD", "<http://evil", "<evil")
TELEGRAM_INJECTIONS = ("<evil", 'href="http://evil', "<section", "</blockquote><")


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in KEPT_CONTROLS


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


# --- the console -------------------------------------------------------------------------


@fuzz(400)
@given(text=any_untrusted)
def test_strip_controls_leaves_no_control_character(text: str) -> None:
    out = strip_controls(text)
    assert not any(is_control(ch) for ch in out), ascii(out)
    assert is_subsequence(out, text)
    assert strip_controls(out) == out
    for ch in text:
        if unicodedata.category(ch)[0] in "LNPSZ" and ch not in BIDI_CONTROLS:
            assert ch in out, f"{ch!a} was dropped"


@fuzz(300)
@given(value=json_values, escaper=st.sampled_from([strip_controls, escape_mrkdwn, escape]))
def test_escape_all_escapes_every_string_it_holds(value: Any, escaper: Any) -> None:
    out = escape_all(value, escaper)

    def same(before: Any, after: Any) -> None:
        if isinstance(before, str):
            assert after == escaper(before)
        elif isinstance(before, dict):
            assert list(after) == list(before)
            for key in before:
                same(before[key], after[key])
        elif isinstance(before, list | tuple):
            assert isinstance(after, list) and len(after) == len(before)
            for one, other in zip(before, after, strict=True):
                same(one, other)
        else:
            assert after is before or after == before

    same(value, out)


# --- Slack ---------------------------------------------------------------------------------

ENTITY = re.compile(r"&(amp|lt|gt);")


def assert_slack_safe(text: str) -> None:
    assert "<" not in text and ">" not in text, text
    assert all(ENTITY.match(text, match.start()) for match in re.finditer("&", text)), text
    assert not any(is_control(ch) for ch in text)


@fuzz(400)
@given(text=any_untrusted)
def test_slack_escaping_leaves_no_markup_and_reads_back(text: str) -> None:
    escaped = escape_mrkdwn(text)
    assert_slack_safe(escaped)
    assert to_plain_text(escaped) == strip_controls(text)


@fuzz(300)
@given(text=any_untrusted, limit=st.integers(min_value=1, max_value=300))
def test_slack_trimming_never_splits_an_entity(text: str, limit: int) -> None:
    escaped = escape_mrkdwn(text)
    trimmed = trim_escaped(escaped, limit)
    assert_slack_safe(trimmed)
    assert len(trimmed) <= max(limit, 1)
    if len(escaped) <= limit:
        assert trimmed == escaped
    else:
        assert trimmed.endswith("…") and escaped.startswith(trimmed[:-1])


@fuzz(300)
@given(url=any_untrusted | st.builds("https://{}".format, any_untrusted))
def test_slack_links_are_plain_web_addresses_or_dropped(url: str) -> None:
    safe = safe_url(url)
    assert safe in ("", url)
    if safe:
        assert safe.startswith(("https://", "http://"))
        assert not any(ch in safe for ch in "<>| \t\r\n")
        assert not any(is_control(ch) for ch in safe)


# --- Telegram ------------------------------------------------------------------------------

HTML_ENTITY = re.compile(r"&(amp|lt|gt|quot|#x27);")


def assert_telegram_safe(text: str) -> None:
    assert not set(text) & set("<>\"'"), text
    assert all(HTML_ENTITY.match(text, match.start()) for match in re.finditer("&", text)), text
    assert not any(is_control(ch) for ch in text)


@fuzz(400)
@given(text=any_untrusted)
def test_telegram_escaping_leaves_no_markup_and_reads_back(text: str) -> None:
    escaped = escape(text)
    assert_telegram_safe(escaped)
    assert html.unescape(escaped) == strip_controls(text)


@fuzz(300)
@given(text=untrusted, limit=st.integers(min_value=1, max_value=300))
def test_telegram_clipping_never_splits_an_entity(text: str, limit: int) -> None:
    escaped = escape(text)
    clipped = clip_html(escaped, limit)
    assert_telegram_safe(clipped)
    assert len(clipped) <= limit


def _words(text: str) -> str:
    return "".join(text.split())


@fuzz(300)
@given(text=untrusted, limit=st.integers(min_value=16, max_value=400))
def test_telegram_splitting_keeps_every_word_and_each_part_fits(text: str, limit: int) -> None:
    escaped = escape(text)
    parts = split_html(escaped, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        assert_telegram_safe(part)
    assert _words("".join(visible_text(part) for part in parts)) == _words(strip_controls(text))


# --- whole review requests, rendered for each channel ------------------------------------

WORKSPACE = load_workspace(REPO / "samples" / "workspace.yaml")
WHEN = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)


@st.composite
def review_requests(draw: st.DrawFn) -> Notice:
    """The review request for a comment whose every free-text field is hostile."""
    comment = Comment(
        id=draw(untrusted),
        platform="instagram",
        brand=draw(st.sampled_from(["alpenglow", "lumora"]) | untrusted),
        post_id=draw(untrusted),
        author=draw(untrusted | long_untrusted),
        text=draw(untrusted | long_untrusted),
        created_at=WHEN,
        url=draw(st.none() | untrusted | st.builds("https://{}".format, untrusted)),
        author_followers=draw(st.integers(min_value=0, max_value=10**9)),
    )
    analysis = Analysis(
        comment_key=comment.key,
        sentiment="negative",
        sentiment_score=-0.4,
        intents=("complaint",),
        priority=72.0,
        priority_reason=draw(untrusted | long_untrusted),
        evidence=tuple(Evidence("complaint", draw(untrusted)) for _ in range(2)),
    )
    draft = Draft(
        comment_key=comment.key,
        brand=comment.brand,
        platform=comment.platform,
        text=draw(untrusted | long_untrusted),
        action=draw(st.sampled_from(["reply", "hide"])),
        note=draw(untrusted),
    )
    data = json.loads(json.dumps(review_context(comment, analysis, draft, 7), default=str))
    return Notice("draft", "console", "7", "draft:7", data)


def _mrkdwn_texts(value: Any) -> list[str]:
    """Every text Slack parses as mrkdwn in a message's blocks."""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            found.append(str(value.get("text", "")))
        for item in value.values():
            found.extend(_mrkdwn_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_mrkdwn_texts(item))
    return found


@fuzz(150)
@given(notice=review_requests())
def test_a_hostile_comment_is_inert_on_the_console(notice: Notice) -> None:
    shown = ConsoleChannel(Renderer()).render(notice)
    assert not any(is_control(ch) for ch in shown), ascii(shown[:300])


@fuzz(150)
@given(notice=review_requests())
def test_a_hostile_comment_is_inert_in_slack(notice: Notice) -> None:
    message = Messages(slack_renderer(), WORKSPACE).notice(notice)
    texts = [message.text, *_mrkdwn_texts(message.block_dicts())]
    for text in texts:
        for injection in SLACK_INJECTIONS:
            assert injection not in text, text
        assert not any(is_control(ch) for ch in text)
    kinds = [block["type"] for block in message.block_dicts()]
    # Markers in the comment must not add blocks: the layout is the template's alone.
    assert kinds.count("header") <= 1 and kinds.count("actions") <= 1, kinds


@fuzz(150)
@given(notice=review_requests())
def test_a_hostile_comment_is_inert_in_telegram(notice: Notice) -> None:
    context = {**notice.data, "brand_name": "Alpenglow"}
    rendered = telegram_renderer().render("telegram/draft.j2", context, escape)
    for part in split_html(rendered):
        for injection in TELEGRAM_INJECTIONS:
            assert injection not in part, part
        assert not any(is_control(ch) for ch in part)
        assert utf16_len(part) <= 4096
        assert_balanced(part)


TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def assert_balanced(part: str) -> None:
    """Telegram refuses a message whose tags do not nest and close."""
    opened: list[str] = []
    for match in TAG.finditer(part):
        if not match.group(1):
            opened.append(match.group(2))
        else:
            assert opened and opened.pop() == match.group(2), part
    assert not opened, part


@fuzz(300)
@example(text="\u061c")
@given(text=any_untrusted)
def test_no_bidi_control_survives(text: str) -> None:
    assert not set(strip_controls(text)) & BIDI_CONTROLS
