"""A commenter can never ping the channel, mention someone or smuggle a link into Slack."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.store import Store
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
    await store.drafts.save_engagement([item])
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
    await store.drafts.save_engagement([item])
    await rig.deliver()
    [message] = rig.fake.posts(REVIEW)
    # A URL that could break out of <url|label> is dropped; a plain one becomes a link.
    assert "open comment" not in json.dumps(message.blocks)
    item2 = engagement(2, receiver="review")
    item2 = replace(
        item2, comment=replace(item2.comment, url="https://instagram.example/p/1?c=2&x=3")
    )
    await store.feeds.ingest([item2.comment])
    await store.drafts.save_engagement([item2])
    await rig.deliver()
    second = rig.fake.posts(REVIEW)[-1]
    assert "<https://instagram.example/p/1?c=2&amp;x=3|open comment>" in json.dumps(second.blocks)
