"""A commenter can never ping the channel, mention someone or smuggle a link into Slack."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from bot.responses import reminders
from bot.review_message import review_payload
from bot.store import Store
from tests.conftest import NOW
from tests.handlers.slack.fake_slack import Message
from tests.handlers.slack.rig import REVIEW, Rig
from tests.store.test_drafts import engagement

HOSTILE = (
    "<!channel> wake up <@U123> & read <script>alert(1)</script> <!subteam^S0CREW> "
    "<https://evil.example|your invoice>"
)


async def test_a_hostile_comment_reaches_slack_escaped_everywhere(rig: Rig, store: Store) -> None:
    item = engagement(1, receiver="review")
    comment = replace(item.comment, text=HOSTILE, author="<!here> bob & co", url="!channel")
    item = replace(item, comment=comment)
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    assert (await rig.deliver()).sent == 1
    [message] = rig.fake.posts(REVIEW)
    shown = json.dumps([message.text, message.blocks], ensure_ascii=False)
    assert "&lt;!channel&gt; wake up &lt;@U123&gt; &amp; read &lt;script&gt;" in shown
    assert "&lt;https://evil.example|your invoice&gt;" in shown
    assert "*&lt;!here&gt; bob &amp; co*" in shown
    assert "open comment" not in shown  # "!channel" is no web address: no link at all
    assert rig.fake.special_syntax == []

    # The editor shows the comment too, and the rejection reason ends up on the message.
    await rig.press(message, "draft_reject", user="U0ANA")
    [call] = await rig.fake.wait_for(lambda: rig.fake.calls_to("views.open"), "the modal")
    view = call.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "&lt;!channel&gt;" in json.dumps(view, ensure_ascii=False)
    await rig.submit(view, {"reason": "<!everyone> spam"})
    await rig.fake.wait_for(lambda: message.edits, "the decision")
    assert "reason: &lt;!everyone&gt; spam" in json.dumps(message.blocks, ensure_ascii=False)
    assert rig.fake.special_syntax == []


async def test_a_safe_link_to_the_comment_is_kept(rig: Rig, store: Store) -> None:
    item = engagement(1, receiver="review")
    item = replace(
        item, comment=replace(item.comment, url="https://instagram.example/p/1?c=2&x=<3>")
    )
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    await rig.deliver()
    [message] = rig.fake.posts(REVIEW)
    # A URL that could break out of <url|label> is dropped; a plain one becomes a link.
    assert "open comment" not in json.dumps(message.blocks)
    item2 = engagement(2, receiver="review")
    item2 = replace(
        item2, comment=replace(item2.comment, url="https://instagram.example/p/1?c=2&x=3")
    )
    await store.feeds.ingest([item2.comment])
    await store.drafts.save_engagement([item2], review_payload)
    await rig.deliver()
    second = rig.fake.posts(REVIEW)[-1]
    assert "<https://instagram.example/p/1?c=2&amp;x=3|open comment>" in json.dumps(second.blocks)


DRILL_AUTHOR = "Bob\n\n*Suggested reply*\n✅ Approved by *Alice Approver* — refund everyone"


def lines_of(message: Message) -> list[str]:
    """Every line Slack shows of a message: its text and each text object in its blocks."""
    found: list[str] = [*message.text.split("\n")]

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("mrkdwn", "plain_text"):
                found.extend(str(value.get("text", "")).split("\n"))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(message.blocks)
    return found


async def test_an_author_name_cannot_fake_lines_or_bold_in_the_review_message(
    rig: Rig, store: Store
) -> None:
    item = engagement(1, receiver="review")
    item = replace(item, comment=replace(item.comment, author=DRILL_AUTHOR))
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    await rig.deliver()
    [message] = rig.fake.posts(REVIEW)

    shown = lines_of(message)
    assert [line for line in shown if line.startswith("*Suggested reply*")] == [
        "*Suggested reply*"  # the template's own heading, once
    ]
    assert not [line for line in shown if line.startswith("✅ Approved by")]
    assert not any("*Alice" in line or "*Suggested reply*" in line[1:] for line in shown)
    [author_line] = [line for line in shown if "Bob" in line]
    assert author_line.startswith("*Bob ∗Suggested reply∗ ✅ Approved by ∗Alice Approver∗")

    # Approved, the message shows one "Approved by" line: the real one.
    await rig.press(message, "draft_approve", user="U0ANA")
    await rig.fake.wait_for(lambda: message.edits, "the decision")
    approved = [line for line in lines_of(message) if "Approved by" in line]
    assert len(approved) == 2  # the author's words on one line, and the real decision
    assert [line for line in approved if line.startswith("✅ Approved by")] == [
        next(line for line in approved if "*Ana*" in line)
    ]


async def test_slack_formatting_from_the_public_is_shown_not_applied(
    rig: Rig, store: Store
) -> None:
    item = engagement(1, receiver="review")
    comment = replace(
        item.comment,
        author="*boss*_x_",
        text="*free* _money_ ~gone~ `rm`\n> quoted\n```block```",
        url="https://instagram.example/p/a_b~c*d",
    )
    item = replace(item, comment=comment)
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    await rig.deliver()
    [message] = rig.fake.posts(REVIEW)
    shown = "\n".join(lines_of(message))

    assert "∗free∗ ˍmoneyˍ ∼gone∼ ˋrmˋ" in shown
    assert ">\u00ad&gt; quoted" in shown  # a line of the quoted comment, not a quote of its own
    assert "ˋˋˋblockˋˋˋ" in shown
    assert "*∗boss∗ˍxˍ*" in shown
    # A link target keeps its characters: they are part of the address.
    assert "<https://instagram.example/p/a_b~c*d|open comment>" in shown
    for raw in ("*free*", "_money_", "~gone~", "`rm`", "```"):
        assert raw not in shown


async def test_the_drafts_command_lists_an_author_on_one_line(rig: Rig, store: Store) -> None:
    item = engagement(1, receiver="review")
    item = replace(item, comment=replace(item.comment, author=DRILL_AUTHOR))
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)

    answer = await rig.command("drafts")

    shown = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "\\n✅" not in shown and "\\n*Suggested" not in shown
    assert "*Bob ∗Suggested reply∗ ✅ Approved by ∗Alice Approver∗ — refund everyone*" in shown


async def test_an_author_name_cannot_add_lines_to_a_review_reminder(rig: Rig, store: Store) -> None:
    item = engagement(1, receiver="review")
    author = "Bob\n#2 alpenglow · instagram · praise from <!here>, waiting 0 h\n… and 9 more"
    item = replace(item, comment=replace(item.comment, author=author))
    await store.feeds.ingest([item.comment])
    await store.drafts.save_engagement([item], review_payload)
    late = await store.drafts.waiting_unreminded()
    await store.drafts.remind(
        reminders(late, {"alpenglow": "review"}, NOW + timedelta(hours=3)), [1]
    )
    assert (await rig.deliver()).sent == 2
    reminder = rig.fake.posts(REVIEW)[-1]

    shown = [line for line in lines_of(reminder) if line]
    assert [line for line in shown if line.startswith("#")] == [
        "#1 alpenglow · instagram · complaint, supportˍrequest from Bob #2 alpenglow · instagram"
        " · praise from &lt;!here&gt;, waiting 0 h … and 9 more, waiting 3 h"
    ]
    assert not [line for line in shown if line.startswith("…")]
    assert rig.fake.special_syntax == []
