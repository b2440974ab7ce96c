"""The limits telegram-test-api does not check: escaping, message and caption sizes, button data."""

from __future__ import annotations

import re

import pytest

from handlers.telegram.callbacks import CALLBACK_DATA_LIMIT, Press, decode, encode
from handlers.telegram.formatting import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    clip_html,
    escape,
    split_html,
    truncate_html,
    utf16_len,
    visible_text,
)
from handlers.telegram.keyboards import alert_keyboard, review_keyboard

LARGEST_DRAFT_ID = 2**63 - 1  # SQLite's largest rowid
LONGEST_FINGERPRINT = "f" * 40


def balanced(part: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z-]+)[^>]*>", part):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def test_escape_makes_untrusted_text_inert() -> None:
    assert escape("<b>x</b> & <script>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"
    assert escape('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert escape("evil\u202etxt.exe") == "eviltxt.exe"  # no right-to-left override tricks


def test_a_5000_character_message_splits_between_lines() -> None:
    lines = [f"line {n:03d} " + "a" * 41 for n in range(100)]
    text = "\n".join(lines)
    assert len(text) > 5_000

    parts = split_html(text)

    assert len(parts) == 2
    assert all(utf16_len(part) <= MESSAGE_LIMIT for part in parts)
    assert "\n".join(parts) == text
    assert parts[0].endswith(lines[len(parts[0].split("\n")) - 1])


def test_tags_open_at_a_cut_are_closed_and_opened_again() -> None:
    text = "<b>Weekly numbers</b>\n<pre>" + "\n".join("row " + "9" * 60 for _ in range(120))
    text += "</pre>\n<i>end</i>"

    parts = split_html(text)

    assert len(parts) == 2
    assert all(balanced(part) for part in parts)
    assert all(utf16_len(part) <= MESSAGE_LIMIT for part in parts)
    assert parts[0].endswith("</pre>")
    assert parts[1].startswith("<pre>row ") and parts[1].endswith("</pre>\n<i>end</i>")
    assert "\n".join(visible_text(p) for p in parts) == visible_text(text)


def test_a_line_longer_than_a_message_is_cut_at_a_space_never_inside_an_entity() -> None:
    text = " ".join(["&amp;&lt;word&gt;"] * 900)  # one 15,000-character line

    parts = split_html(text)

    assert all(utf16_len(part) <= MESSAGE_LIMIT for part in parts)
    assert all(re.search(r"&#?\w*$", part) is None for part in parts)
    assert all(not part.startswith((" ", ";")) for part in parts)
    assert " ".join(visible_text(p) for p in parts) == visible_text(text)


def test_telegram_counts_utf16_units_so_emoji_count_twice() -> None:
    text = "👍" * 3000
    assert utf16_len(text) == 6000

    parts = split_html(text)

    assert [utf16_len(p) for p in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_a_caption_gets_its_own_limit() -> None:
    text = "\n".join(f"{n:02d} " + "c" * 60 for n in range(40))

    parts = split_html(text, MESSAGE_LIMIT, first_limit=CAPTION_LIMIT)

    assert utf16_len(parts[0]) <= CAPTION_LIMIT
    assert all(utf16_len(p) <= MESSAGE_LIMIT for p in parts[1:])
    assert "\n".join(parts) == text


def test_blank_text_gives_no_parts_and_truncation_marks_the_cut() -> None:
    assert split_html("") == []
    assert split_html("\n\n<b></b>\n") == []
    assert truncate_html("short") == "short"
    cut = truncate_html("\n".join(["x" * 50] * 200))
    assert cut.endswith("…") and utf16_len(cut) <= MESSAGE_LIMIT


def test_clip_never_leaves_half_an_entity() -> None:
    assert clip_html("a &amp; b", 100) == "a &amp; b"
    assert clip_html("abcdef &amp;&amp;&amp;", 10) == "abcdef…"
    assert clip_html("word " * 40, 50).endswith("word…")


@pytest.mark.parametrize(
    "press",
    [
        Press("approve", str(LARGEST_DRAFT_ID)),
        Press("approve", str(LARGEST_DRAFT_ID), "0123456789"),
        Press("edit", str(LARGEST_DRAFT_ID)),
        Press("edit", str(LARGEST_DRAFT_ID), "0123456789"),
        Press("reject", str(LARGEST_DRAFT_ID)),
        Press("reject", str(LARGEST_DRAFT_ID), "0123456789"),
        Press("ack", LONGEST_FINGERPRINT),
        Press("snooze", LONGEST_FINGERPRINT, "24h"),
        Press("snooze", LONGEST_FINGERPRINT, "7d"),
        Press("details", LONGEST_FINGERPRINT),
    ],
)
def test_callback_data_of_the_largest_ids_fits_in_64_bytes(press: Press) -> None:
    data = encode(press)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert decode(data) == press


def test_every_button_we_draw_fits() -> None:
    alerts = [{"fingerprint": LONGEST_FINGERPRINT, "acked_by": None}] * 3
    markups = [review_keyboard(LARGEST_DRAFT_ID, "reply", "abcdef0123"), alert_keyboard(alerts)]
    datas = [
        button.callback_data
        for markup in markups
        if markup is not None
        for row in markup.inline_keyboard
        for button in row
    ]
    assert len(datas) == 15
    assert all(isinstance(d, str) and len(d.encode()) <= CALLBACK_DATA_LIMIT for d in datas)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "da",
        "da:",
        "da:0",
        "da:12:x",
        "da:12:0123",  # a fingerprint is ten hex digits
        "dr:12:0123",
        "de:12:012345678g",
        "sz:abcd1234:0123456789",  # an alert's button carries no draft fingerprint
        f"da:{LARGEST_DRAFT_ID + 1}",
        "zz:12",
        "ak:XYZ",
        "sz:abcd1234",
        "sz:abcd:1y",
    ],
)
def test_unknown_or_forged_callback_data_is_not_a_press(data: str | None) -> None:
    assert decode(data) is None


def test_a_button_that_would_not_fit_is_never_made() -> None:
    with pytest.raises(ValueError):
        encode(Press("ack", "f" * 80))
    with pytest.raises(ValueError):
        encode(Press("snooze", "abcd1234", "3w"))


def test_acknowledged_alerts_get_no_buttons() -> None:
    assert alert_keyboard([{"fingerprint": "abcd1234", "acked_by": "Ana"}]) is None
