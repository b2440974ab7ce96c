"""Fuzzing what chat users type and press: `/socialpulse …` in Slack, `/approve`, `/reject`,
`/snooze` and button payloads in Telegram, the summary day. Each parses or is refused with a
message, and nothing it accepts can crash the store behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.config.loading import load_workspace
from bot.durations import parse_duration
from bot.snooze import LONGEST_SNOOZE, BadSnooze, parse_snooze
from bot.summary.service import SummaryRequestError, parse_day
from handlers.slack.commands import SUBCOMMANDS, Command, UsageError, parse_command, usage
from handlers.telegram.callbacks import CALLBACK_DATA_LIMIT, SNOOZES, Press, decode, encode
from handlers.telegram.listeners import draft_id_argument
from tests.conftest import REPO
from tests.fuzz.strategies import SQLITE_INT_MAX, any_text, durations, fuzz, huge_durations

pytestmark = pytest.mark.slow

NAMES = [name for name, _, _ in SUBCOMMANDS]
WORKSPACE = load_workspace(REPO / "samples" / "workspace.yaml")
fingerprints = st.from_regex(r"[0-9a-f]{4,40}", fullmatch=True)
words = st.one_of(
    st.sampled_from([*NAMES, "HELP", "Snooze", "all", "yesterday", "until-resolved", "resolved"]),
    st.sampled_from(["24h", "7d", "0", "0s", "-1h", "2026-11-24", "2026-02-30", "alpenglow"]),
    fingerprints,
    durations,
    any_text.filter(lambda text: text.strip() and not any(c.isspace() for c in text)),
)
spaces = st.sampled_from([" ", "  ", "\t", "\n", "\u3000", "\xa0"])


@st.composite
def command_texts(draw: st.DrawFn) -> str:
    """What follows `/socialpulse` in a message: words with any spacing."""
    parts = draw(st.lists(words, max_size=4))
    glue = [draw(spaces) for _ in parts]
    return draw(spaces | st.just("")) + "".join(w + g for w, g in zip(parts, glue, strict=True))


# --- Slack: /socialpulse <subcommand> … ---------------------------------------------------


def check_slack(text: str) -> Command | UsageError:
    try:
        command = parse_command(text)
    except UsageError as problem:
        assert str(problem).strip()
        assert problem.name is None or problem.name in NAMES
        return problem
    assert command.name in NAMES
    if command.name == "snooze":
        fingerprint, duration = command.args
        assert fingerprint == fingerprint.lower()
        assert duration == "until-resolved" or duration.strip()
    if command.name in ("help", "status"):
        assert command.args == ()
    return command


@fuzz(400)
@given(text=any_text)
def test_any_slash_command_text_parses_or_says_how_to_use_it(text: str) -> None:
    check_slack(text)


@fuzz(400)
@given(text=command_texts())
def test_slash_commands_of_real_words_parse_or_say_how_to_use_it(text: str) -> None:
    check_slack(text)


@fuzz(200)
@given(fingerprint=fingerprints, duration=durations | st.sampled_from(["until-resolved", "7D"]))
def test_a_well_formed_snooze_is_understood(fingerprint: str, duration: str) -> None:
    result = check_slack(f"snooze {fingerprint.upper()} {duration}")
    wanted = duration.lower()
    try:
        length = parse_duration(wanted)
        refused = wanted != "until-resolved" and not timedelta(0) < length <= LONGEST_SNOOZE
    except ValueError:
        refused = wanted != "until-resolved"  # past the duration parser's ten-year cap
    if refused:
        assert isinstance(result, UsageError)
    else:
        assert result == Command("snooze", (fingerprint, wanted))


def test_every_subcommand_has_a_usage_line() -> None:
    for name in NAMES:
        assert usage(name).startswith(f"/socialpulse {name}")


# --- Telegram: /approve 12, /reject 12 reason, /snooze <id> <duration> ----------------------


def valid_snooze(text: str) -> bool:
    """What the one snooze rule (every channel's) makes of a typed length: accepted or
    refused with its message, never anything else."""
    try:
        parse_snooze(text)
    except BadSnooze as problem:
        assert str(problem).strip()
        return False
    return True


@fuzz(300)
@given(args=st.lists(words | any_text, max_size=3))
def test_a_draft_id_argument_is_a_positive_number_or_none(args: list[str]) -> None:
    draft_id = draft_id_argument(args)
    assert draft_id is None or draft_id >= 1
    if draft_id is not None:
        assert args[0].lstrip("#") == str(draft_id)


@fuzz(300)
@given(text=words | any_text)
def test_a_snooze_duration_is_valid_or_not(text: str) -> None:
    assert valid_snooze(text) in (True, False)


# --- Telegram buttons ----------------------------------------------------------------------

presses = st.one_of(
    st.builds(
        Press,
        st.sampled_from(["approve", "edit", "reject"]),
        st.integers(min_value=1, max_value=SQLITE_INT_MAX).map(str),
    ),
    st.builds(Press, st.just("ack"), fingerprints),
    st.builds(Press, st.just("snooze"), fingerprints, st.sampled_from(SNOOZES)),
)


@fuzz(400)
@given(data=any_text | presses.map(encode).flatmap(lambda d: st.sampled_from([d, d + ":", d[:-1]])))
def test_any_callback_data_is_a_press_or_none(data: str) -> None:
    press = decode(data)
    if press is not None:
        assert data.startswith(encode(press))
        assert decode(encode(press)) == press


@fuzz(300)
@given(press=presses)
def test_every_button_we_make_reads_back(press: Press) -> None:
    data = encode(press)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert decode(data) == press


# --- the summary day -----------------------------------------------------------------------


@fuzz(300)
@given(text=st.none() | any_text | st.dates().map(date.isoformat) | st.just(" Yesterday "))
def test_a_summary_day_is_a_date_none_or_explained(text: str | None) -> None:
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    try:
        day = parse_day(text, WORKSPACE, "console", now)
    except SummaryRequestError as problem:
        assert "YYYY-MM-DD" in str(problem)
    else:
        assert day is None or isinstance(day, date)


@fuzz(100)
@given(duration=huge_durations)
def test_a_telegram_snooze_past_the_calendar_is_refused(duration: str) -> None:
    assert valid_snooze(duration) is False


@fuzz(100)
@given(
    surface=st.sampled_from(["command", "button"]),
    number=st.integers(min_value=SQLITE_INT_MAX + 1, max_value=10**19 - 1),
)
def test_telegram_draft_ids_past_sqlite_range_are_refused(surface: str, number: int) -> None:
    if surface == "command":
        assert draft_id_argument([str(number)]) is None
    else:
        assert decode(f"da:{number}") is None


@fuzz(100)
@example(duration="1000000000d")
@given(duration=huge_durations)
def test_a_slack_snooze_past_the_calendar_is_a_usage_error(duration: str) -> None:
    assert isinstance(check_slack(f"snooze abcd {duration}"), UsageError)
