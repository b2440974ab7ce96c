"""What socialpulse says in Slack: notices, command answers and modals, from templates/slack/."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    InputBlock,
    InteractiveElement,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.config.workspace import Workspace
from bot.draft_review import BY_HAND, DraftRecord, draft_fingerprint, takes_reply
from bot.notices import Notice
from bot.rendering import Renderer
from bot.smo.platforms import X_URL_LENGTH
from handlers.actions import platform_name, reply_limit
from handlers.slack.blocks import MAX_BLOCKS, SlackMessage, build_message, parse_layout
from handlers.slack.escape import (
    Link,
    escape_value,
    finish,
    lines,
    quote,
    safe_url,
    trim_escaped,
    words,
)

__all__ = [
    "ALERT_ACK",
    "ALERT_DETAILS",
    "ALERT_MENU",
    "ALERT_SNOOZE",
    "DRAFT_APPROVE",
    "DRAFT_EDIT",
    "DRAFT_REJECT",
    "EDIT_INPUT",
    "REASON_INPUT",
    "SNOOZES",
    "VIEW_EDIT",
    "VIEW_REJECT",
    "Messages",
    "alert_actions",
    "alert_menu",
    "draft_buttons",
    "slack_renderer",
]

DRAFT_APPROVE = "draft_approve"
DRAFT_EDIT = "draft_edit"
DRAFT_REJECT = "draft_reject"
ALERT_ACK = "alert_ack"
ALERT_SNOOZE = "alert_snooze"
ALERT_MENU = "alert_menu"
ALERT_DETAILS = "alert_details"
VIEW_EDIT = "draft_edit_submit"
VIEW_REJECT = "draft_reject_submit"
EDIT_INPUT = ("reply", "text")
REASON_INPUT = ("reason", "text")

SNOOZES: tuple[tuple[str, str], ...] = (
    ("24h", "24 hours"),
    ("7d", "7 days"),
    ("until-resolved", "until resolved"),
)
# Slack limits that slack_sdk's objects check; our own values must fit them.
_OPTION_VALUE = 150
_BUTTON_VALUE = 2000
_INPUT_TEXT = 3000
# Platforms that count every link as this many characters, whatever its length: Slack's text
# box counts characters as they are, so it cannot stop a reply there at the platform's limit.
_LINK_LENGTH: dict[str, int] = {"x": X_URL_LENGTH}
# Leaves room for the status line an Acknowledge or Snooze adds to an alert message later.
_ALERT_BLOCKS = MAX_BLOCKS - 1


def slack_renderer() -> Renderer:
    """The shared Renderer with the filters Slack templates use on escaped values.

    A value is one line unless shown with `lines` (its own line breaks) or `quote` (as a
    quote); `words` shows an identifier like `cpa_above_target` as words.
    """
    renderer = Renderer()
    renderer.env.filters["clip"] = trim_escaped
    renderer.env.filters["quote"] = quote
    renderer.env.filters["lines"] = lines
    renderer.env.filters["words"] = words
    return renderer


class Messages:
    """Turns notices and command answers into validated Slack messages."""

    def __init__(self, renderer: Renderer, workspace: Workspace) -> None:
        self._renderer = renderer
        self._workspace = workspace

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        """Render `templates/slack/<template>.j2`; every string is made inert first (see
        `escape_value`), so only the template writes formatting, markers and line breaks."""
        return finish(self._renderer.render(f"slack/{template}.j2", context, escape_value))

    def notice(self, notice: Notice) -> SlackMessage:
        context = self._context(notice)
        parts = parse_layout(self.render(notice.kind, context))
        if notice.kind == "draft":
            draft_id = int(notice.data["draft_id"])
            action = str(notice.data.get("action") or "reply")
            text = notice.data.get("text")
            seen = (
                draft_fingerprint(action, text, _comment_key(notice))
                if isinstance(text, str)
                else ""
            )
            return build_message(parts, actions=lambda _: draft_buttons(draft_id, action, seen))
        if notice.kind == "alert":
            many = len(notice.data.get("alerts", [])) > 1
            return build_message(
                parts,
                actions=alert_actions,
                accessory=alert_menu if many else None,
                max_blocks=_ALERT_BLOCKS,
            )
        return build_message(parts)

    def resolved_reply(self, notice: Notice) -> str:
        """The short thread reply under an alert message whose group resolved."""
        return trim_escaped(self.render("resolved_reply", self._context(notice)), 3000)

    def answer(self, template: str, context: Mapping[str, Any]) -> SlackMessage:
        """An answer to a slash command, rendered from `templates/slack/<template>.j2`."""
        return build_message(parse_layout(self.render(template, context)))

    def _context(self, notice: Notice) -> dict[str, Any]:
        data = dict(notice.data)
        brand = self._workspace.brand(str(data.get("brand", "")))
        data["brand_name"] = brand.name if brand else data.get("brand", "")
        # What kind of draft, as flags: an escaped `hide_and_escalate` no longer reads as one.
        action = str(data.get("action") or "reply")
        data["hides"] = not takes_reply(action)
        data["escalates"] = action == "hide_and_escalate"
        data["by_hand"] = action == BY_HAND
        # Whether Approve posts to the platform, or only records (no publishing account).
        brand_id, platform = str(data.get("brand", "")), str(data.get("platform", ""))
        data["connector"] = self._workspace.publishing_for(brand_id, platform) is not None
        comment = data.get("comment")
        if isinstance(comment, Mapping):
            # A link target is not escaped text: anything but a plain web address is dropped.
            data["comment"] = {**comment, "url": Link(safe_url(str(comment.get("url") or "")))}
        return data

    def edit_view(self, draft: DraftRecord, metadata: Mapping[str, Any]) -> View:
        """The Edit modal (Write reply for a draft to answer by hand): the comment for context
        and the reply in a text box that says the platform's limit and keeps to it if it can."""
        longest = _box_length(draft)
        return View(
            type="modal",
            callback_id=VIEW_EDIT,
            title=PlainTextObject(text="Write reply" if draft.action == BY_HAND else "Edit reply"),
            submit=PlainTextObject(text="Approve"),
            close=PlainTextObject(text="Cancel"),
            private_metadata=json.dumps(dict(metadata)),
            blocks=[
                self._comment_section(draft),
                InputBlock(
                    block_id=EDIT_INPUT[0],
                    label=PlainTextObject(text="Reply to publish"),
                    hint=_limit_hint(draft.platform),
                    element=PlainTextInputElement(
                        action_id=EDIT_INPUT[1],
                        multiline=True,
                        initial_value=draft.text[:longest] or None,
                        max_length=longest,
                    ),
                ),
            ],
        )

    def reject_view(self, draft: DraftRecord, metadata: Mapping[str, Any]) -> View:
        """The Reject modal: an optional reason, kept in the audit log."""
        return View(
            type="modal",
            callback_id=VIEW_REJECT,
            title=PlainTextObject(
                text="Reject reply" if takes_reply(draft.action) else "Reject hide"
            ),
            submit=PlainTextObject(text="Reject"),
            close=PlainTextObject(text="Cancel"),
            private_metadata=json.dumps(dict(metadata)),
            blocks=[
                self._comment_section(draft),
                InputBlock(
                    block_id=REASON_INPUT[0],
                    optional=True,
                    label=PlainTextObject(text="Why? (helps the next draft)"),
                    element=PlainTextInputElement(
                        action_id=REASON_INPUT[1],
                        multiline=True,
                        max_length=500,
                        placeholder=PlainTextObject(text="e.g. off-brand tone; answered by DM"),
                    ),
                ),
            ],
        )

    def _comment_section(self, draft: DraftRecord) -> SectionBlock:
        text = self.render(
            "draft_modal",
            {
                "brand_name": self._brand_name(draft.brand),
                "platform": draft.platform,
                "author": draft.author,
                "comment_text": draft.comment_text,
                "draft_id": draft.id,
            },
        )
        return SectionBlock(text=MarkdownTextObject(text=trim_escaped(text, 3000)))

    def _brand_name(self, brand_id: str) -> str:
        brand = self._workspace.brand(brand_id)
        return brand.name if brand else brand_id


def _box_length(draft: DraftRecord) -> int:
    """The most characters the reply box takes: the platform's limit where Slack's count is
    the platform's, and the draft's reply as it stands fits (else it is refused on submit)."""
    limit = reply_limit(draft.platform)
    if (
        limit is None
        or limit > _INPUT_TEXT
        or draft.platform in _LINK_LENGTH
        or len(draft.text) > limit
    ):
        return _INPUT_TEXT
    return limit


def _limit_hint(platform: str) -> PlainTextObject | None:
    """The line under the reply box that says how long a reply the platform takes."""
    limit = reply_limit(platform)
    if limit is None:
        return None
    links = _LINK_LENGTH.get(platform)
    counted = f"; a link counts as {links}" if links else ""
    return PlainTextObject(
        text=f"{platform_name(platform)} takes at most {limit:,} characters{counted}."
    )


def draft_buttons(draft_id: int, action: str = "reply", seen: str = "") -> list[InteractiveElement]:
    """The decisions a draft allows, as on Telegram: a reply is approved, edited or rejected;
    one to answer by hand has no reply to approve until it is written; a hide takes no text.
    Every value carries ``seen``, the fingerprint of the draft the message shows
    ("12:3fa2…"), so a draft updated since is not approved, edited or rejected from it."""
    value = f"{draft_id}:{seen}" if seen else str(draft_id)
    reject = ButtonElement(text="Reject", action_id=DRAFT_REJECT, value=value, style="danger")
    if not takes_reply(action):
        hide = ButtonElement(text="Hide", action_id=DRAFT_APPROVE, value=value, style="primary")
        return [hide, reject]
    if action == BY_HAND:
        write = ButtonElement(
            text="Write reply", action_id=DRAFT_EDIT, value=value, style="primary"
        )
        return [write, reject]
    return [
        ButtonElement(text="Approve", action_id=DRAFT_APPROVE, value=value, style="primary"),
        ButtonElement(text="Edit", action_id=DRAFT_EDIT, value=value),
        reject,
    ]


def alert_actions(fingerprints: Sequence[str]) -> list[InteractiveElement]:
    """Acknowledge and Snooze for the alerts shown in the message (all of them at once)."""
    if not fingerprints:
        return []
    joined = ",".join(fingerprints)
    many = len(fingerprints) > 1
    elements: list[InteractiveElement] = []
    if len(joined) <= _BUTTON_VALUE:
        elements.append(
            ButtonElement(
                text="Acknowledge all" if many else "Acknowledge",
                action_id=ALERT_ACK,
                value=joined,
            )
        )
    if all(len(f"{code}:{joined}") <= _OPTION_VALUE for code, _ in SNOOZES):
        elements.append(
            StaticSelectElement(
                placeholder=PlainTextObject(text="Snooze all…" if many else "Snooze…"),
                action_id=ALERT_SNOOZE,
                options=[Option(value=f"{code}:{joined}", label=label) for code, label in SNOOZES],
            )
        )
    if len(joined) <= _BUTTON_VALUE:
        # The figures behind the words (the test, the baseline, the volume), to whoever asks.
        elements.append(ButtonElement(text="Details", action_id=ALERT_DETAILS, value=joined))
    return elements


def alert_menu(fingerprint: str) -> InteractiveElement:
    """The ⋯ menu beside one alert of a group: acknowledge or snooze just that one."""
    options = [Option(value=f"ack:{fingerprint}", label="Acknowledge")]
    options += [
        Option(value=f"snooze:{code}:{fingerprint}", label=f"Snooze {label}")
        for code, label in SNOOZES
    ]
    return OverflowMenuElement(action_id=ALERT_MENU, options=options)


def _comment_key(notice: Notice) -> str:
    """The key of the comment a review request's draft answers (part of its fingerprint)."""
    comment = notice.data.get("comment")
    return str(comment.get("key", "")) if isinstance(comment, dict) else ""
