"""Block Kit building: markers only templates can write, limits kept by us, escaping."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ButtonElement, SectionBlock

from handlers.slack.blocks import (
    CONTEXT_TEXT,
    HEADER_TEXT,
    MAX_BLOCKS,
    SECTION_TEXT,
    Part,
    build_message,
    parse_layout,
    validate,
)
from handlers.slack.client import make_client
from handlers.slack.escape import (
    Link,
    code,
    escape_mrkdwn,
    escape_value,
    finish,
    lines,
    plain_text,
    quote,
    safe_url,
    to_plain_text,
    trim_escaped,
    words,
)
from tests.handlers.slack.fake_slack import FakeSlack
from tests.handlers.slack.rig import ADS, BOT_TOKEN


def test_escape_mrkdwn_neutralises_mentions_links_and_control_codes() -> None:
    assert escape_mrkdwn("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert escape_mrkdwn("&amp;") == "&amp;amp;"  # already-escaped text is not trusted either
    assert escape_mrkdwn("a\u202eb\x1b[2Jc\nd") == "ab[2Jc\nd"
    assert to_plain_text(escape_mrkdwn("Salt & <Pepper>")) == "Salt & <Pepper>"


def test_a_value_is_inert_and_one_line_unless_the_template_places_its_lines() -> None:
    value = escape_value("a *b* _c_ ~d~ `e`\n> f\x1eg")
    assert finish(value) == "a ∗b∗ ˍcˍ ∼d∼ ˋeˋ \u00ad&gt; fg"
    assert lines(value) == "a ∗b∗ ˍcˍ ∼d∼ ˋeˋ\n\u00ad&gt; fg"
    assert quote(value) == ">a ∗b∗ ˍcˍ ∼d∼ ˋeˋ\n>\u00ad&gt; fg"
    assert finish(escape_value("Bob\n\n  *x*\n")) == "Bob ∗x∗ "
    # A header is plain text: it shows the characters themselves.
    assert plain_text(finish(value)) == "a *b* _c_ ~d~ `e` > fg"
    assert words(escape_value("cpa_above_target")) == "cpa above target"
    assert (
        escape_value(Link("https://x.example/a_b?c=1&d=*")) == "https://x.example/a_b?c=1&amp;d=*"
    )
    assert code("a` <!here> *b*") == "`aˋ &lt;!here&gt; ∗b∗`"


def test_trimming_never_splits_an_entity() -> None:
    text = escape_mrkdwn("a" * 8 + "&&&&")
    for limit in range(9, len(text)):
        cut = trim_escaped(text, limit)
        assert len(cut) <= limit
        assert cut.endswith("…")
        assert "&" not in cut or cut.rstrip("…").endswith("&amp;")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/p/1?a=1&b=2", True),
        ("http://example.com", True),
        ("!channel", False),
        ("@U123", False),
        ("javascript:alert(1)", False),
        ("https://example.com/|click me", False),
        ("https://example.com/>x", False),
        ("https://exa mple.com", False),
    ],
)
def test_only_plain_web_addresses_become_links(url: str, kept: bool) -> None:
    assert (safe_url(url) == url) is kept


def test_markers_come_only_from_templates() -> None:
    rendered = (
        "<header>\nTitle\n<section>\n" + escape_mrkdwn("<context>\n<divider>") + "\n<actions>"
    )
    parts = parse_layout(rendered)
    assert [p.kind for p in parts] == ["header", "section", "actions"]
    assert parts[1].text == "&lt;context&gt;\n&lt;divider&gt;"


def test_a_marker_joined_to_a_line_by_whitespace_control_still_splits() -> None:
    parts = parse_layout("intro<context>\nsmall print<section alert=0123abcd>\nbody")
    assert [(p.kind, p.text, p.alert) for p in parts] == [
        ("section", "intro", None),
        ("context", "small print", None),
        ("section", "body", "0123abcd"),
    ]


def test_long_texts_are_cut_within_block_kit_limits() -> None:
    message = build_message(
        [
            Part("header", "H" * 400),
            Part("section", escape_mrkdwn("&" * 5000)),
            Part("context", "c" * 5000),
        ]
    )
    header, section, context = message.block_dicts()
    assert len(header["text"]["text"]) == HEADER_TEXT
    assert len(section["text"]["text"]) <= SECTION_TEXT
    assert section["text"]["text"].endswith("&amp;…")
    assert len(context["elements"][0]["text"]) <= CONTEXT_TEXT


def test_more_than_fifty_blocks_are_cut_to_fifty_by_us() -> None:
    parts = [Part("header", "Many")] + [Part("section", f"part {n}") for n in range(80)]
    message = build_message(
        [*parts, Part("actions"), Part("context", "footer")],
        actions=lambda _: [ButtonElement(text="OK", action_id="ok", value="1")],
    )
    blocks = message.block_dicts()
    assert len(blocks) == MAX_BLOCKS
    assert blocks[0]["type"] == "header"
    assert blocks[-1]["elements"][0]["text"] == "footer"
    assert blocks[-2]["type"] == "actions"
    assert "more parts not shown" in blocks[-3]["elements"][0]["text"]
    assert message.hidden == 80 - (MAX_BLOCKS - 4)


def test_validate_refuses_what_slack_would() -> None:
    with pytest.raises(ValueError, match="at most 50"):
        validate([SectionBlock(text="x") for _ in range(51)])
    with pytest.raises(ValueError, match="duplicate block_id"):
        validate([SectionBlock(text="x", block_id="a"), SectionBlock(text="y", block_id="a")])


async def test_the_fake_slack_refuses_51_blocks_that_slack_sdk_lets_through(
    fake: FakeSlack,
) -> None:
    client = make_client(BOT_TOKEN, fake.api_url)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}} for _ in range(51)]
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=ADS, text="too many", blocks=blocks)
    assert refused.value.response["error"] == "invalid_blocks"
    assert fake.refused_blocks == ["51 blocks, more than 50"]
    with pytest.raises(SlackApiError) as refused:
        await make_client("xoxb-wrong", fake.api_url).auth_test()
    assert refused.value.response["error"] == "invalid_auth"
