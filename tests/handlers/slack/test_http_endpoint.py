"""The HTTP endpoint: bad requests get a short answer and one log line, replays act only once."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

import pytest

from bot.store import Store
from handlers.slack.guard import RecentSignatures
from tests.handlers.slack.rig import REVIEW, SECRET, Rig, alert, command_form, sign

FORM = "application/x-www-form-urlencoded"


def headers(
    body: str | bytes, stamp: str | None = None, content_type: str = FORM
) -> dict[str, str]:
    """Headers as Slack sends them, signed over the exact bytes of `body`."""
    stamp = stamp if stamp is not None else str(int(time.time()))
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }


def unsigned(content_type: str = FORM) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }


BAD_PAYLOAD = (
    b"payload=%7B%22type%22%3A+%22block_actions%22%2C"  # payload={"type": "block_actions",
)
JSON = "application/json"
Headers = Callable[[bytes], dict[str, str]]
# Each case: the body, its headers (made when the test runs, so signed ones are fresh), the status.
CASES: dict[str, tuple[bytes, Headers, int]] = {
    "malformed payload, unsigned": (BAD_PAYLOAD, lambda _: unsigned(), 401),
    "malformed payload, signed": (BAD_PAYLOAD, headers, 400),
    "a JSON list as payload": (b"payload=%5B1%2C2%5D", headers, 400),
    "a JSON number as payload": (b"payload=7", headers, 400),
    "a JSON list as body": (b"[1, 2]", lambda body: headers(body, content_type=JSON), 400),
    "a non-numeric timestamp": (b"command=%2Fx", lambda body: headers(body, stamp="soon"), 401),
    "a negative timestamp": (b"command=%2Fx", lambda body: headers(body, stamp="-5"), 401),
    "a huge timestamp": (b"command=%2Fx", lambda body: headers(body, stamp="9" * 40), 401),
    "no signature headers": (b"command=%2Fx", lambda _: {"Content-Type": FORM}, 401),
    "a body that is not UTF-8": (b"payload=\xff\xfe", headers, 400),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_bad_request_gets_a_short_answer_and_one_log_line(
    rig: Rig, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    body, make_headers, expected = CASES[case]
    sent_headers = make_headers(body)
    caplog.set_level(logging.INFO)

    status, answer = await rig.post_raw(body, sent_headers)

    assert status == expected, answer
    logged = [r for r in caplog.records if r.name != "aiohttp.access"]
    assert len(logged) == 1, [r.getMessage() for r in logged]
    [record] = logged
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "\n" not in record.getMessage()
    assert f"status={expected}" in record.getMessage()
    assert rig.fake.calls_to("auth.test") == []  # nothing reached the app


async def test_a_replayed_snooze_is_refused_and_silences_once(
    rig: Rig, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    await rig.fire(alert())
    [record] = await store.alerts.active()
    url = rig.fake.response_url("first")
    body = urlencode(command_form(f"snooze {record.fingerprint[:8]} 24h", "U0ANA", REVIEW, url))
    stamp = int(time.time())
    signature = sign(str(stamp), body)

    status, _ = await rig.post(body, timestamp=stamp, signature=signature)
    assert status == 200
    await rig.response("first")
    caplog.set_level(logging.INFO)
    status, _ = await rig.post(body, timestamp=stamp, signature=signature)
    assert status == 401
    # A later, freshly signed request goes through; by its answer the replay would have acted.
    await rig.command("status", user="U0VIC")

    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1 and "replay" in refusals[0]
    silences = await store.db.fetchall("SELECT id FROM silences")
    audit = await store.db.fetchall("SELECT id FROM audit_log WHERE action = 'silence.create'")
    assert len(silences) == 1 and len(audit) == 1
    assert [name for name, _ in rig.fake.responses].count("first") == 1


async def test_slacks_ssl_check_is_answered_without_a_signature(rig: Rig) -> None:
    status, _ = await rig.post_raw(b"ssl_check=1&token=legacy", {"Content-Type": FORM})
    assert status == 200
    assert rig.fake.calls_to("auth.test") == []


async def test_a_signed_url_verification_gets_its_challenge(rig: Rig) -> None:
    body = json.dumps({"type": "url_verification", "token": "legacy", "challenge": "c-42"})
    status, answer = await rig.post_raw(
        body.encode(), headers(body, content_type="application/json")
    )
    assert status == 200
    assert json.loads(answer) == {"challenge": "c-42"}


def test_recent_signatures_are_forgotten_once_too_old_to_verify() -> None:
    recent = RecentSignatures(max_age=300)
    assert not recent.seen_before(1000, "v0=a", now=1000)
    assert recent.seen_before(1000, "v0=a", now=1299)
    assert not recent.seen_before(1000, "v0=b", now=1299)
    # Out of order within the window is fine; past it the pairs are dropped.
    assert not recent.seen_before(900, "v0=c", now=1150)
    assert len(recent) == 3
    assert not recent.seen_before(1400, "v0=d", now=1301)
    assert len(recent) == 1


def test_recent_signatures_keep_at_most_their_limit() -> None:
    recent = RecentSignatures(max_age=300, limit=3)
    for n in range(10):
        recent.seen_before(1000 + n, f"v0={n}", now=1010)
    assert len(recent) == 3
    assert recent.seen_before(1009, "v0=9", now=1010)
