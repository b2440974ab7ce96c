"""`check-config --online` against a local server answering each platform's token check: a good
token, an expired one, a revoked one, one missing a permission, a platform answering 5xx, and
one not reached. Every verdict names the connector and its setting, never the secret."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import pytest

from bot.config.loading import load_workspace
from bot.connectors.online_check import Verdict, check_online, known_secrets
from bot.connectors.secrets import Secrets
from tests.connectors import token_servers as ts
from tests.connectors.token_servers import ENV, TokenServer, serving, workspace_yaml

SECRETS = set(ENV.values()) | {ts.EXPIRED, ts.REVOKED, ts.NO_ADS_READ, ts.BAD_KEY, ts.ACCESS}


async def check(tmp_path: Path, base: str, **env: str) -> dict[str, Verdict]:
    path = tmp_path / "workspace.yaml"
    path.write_text(workspace_yaml(base), encoding="utf-8")
    secrets = Secrets({**ENV, **env})
    verdicts = await check_online(
        load_workspace(path), secrets, known_secrets(load_workspace(path), secrets), timeout=5.0
    )
    for verdict in verdicts:
        assert not any(secret in verdict.line() for secret in SECRETS), verdict.line()
    return {verdict.connector: verdict for verdict in verdicts}


FB = f"comments facebook {ts.PAGE_ID} (alpenglow)"
IG = f"comments instagram {ts.IG_ID} (alpenglow)"
YT_KEY = f"comments youtube {ts.CHANNEL} (alpenglow)"
FB_OUT = f"publishing facebook {ts.PAGE_ID} (alpenglow)"
YT_OUT = f"publishing youtube {ts.CHANNEL} (alpenglow)"
META_ADS = f"ads meta act_{ts.AD_ACCOUNT} (alpenglow)"
GOOGLE_ADS = "ads google 123-456-7890 (alpenglow)"


def outcomes(verdicts: dict[str, Verdict]) -> dict[str, str]:
    return {name: verdict.outcome for name, verdict in verdicts.items()}


async def test_good_tokens_are_ok_with_what_they_reach(tmp_path: Path) -> None:
    server = TokenServer()
    async with serving(server) as base:
        verdicts = await check(tmp_path, base)
    assert set(outcomes(verdicts).values()) == {"ok"}, outcomes(verdicts)
    assert len(verdicts) == 7
    assert "Alpenglow Outdoor" in verdicts[FB].detail
    assert "@alpenglow" in verdicts[IG].detail
    assert "Europe/Vienna" in verdicts[META_ADS].detail
    assert "customer 1234567890" in verdicts[GOOGLE_ADS].detail
    assert verdicts[FB].setting == "comments_in.accounts[0].token_env PAGE_TOKEN"


async def test_a_page_token_of_another_page_is_the_wrong_account(tmp_path: Path) -> None:
    # Graph reads a Page token of another Page fine, but the Page's comments are not its to read.
    async with serving(TokenServer(owner="other page")) as base:
        verdicts = await check(tmp_path, base)
    for name in (FB, FB_OUT):
        assert verdicts[name].outcome == "wrong account", verdicts[name].line()
        assert ts.PAGE_ID in verdicts[name].detail and "Alpenglow Outlet" in verdicts[name].detail


async def test_a_user_token_is_ok_only_for_a_page_its_user_manages(tmp_path: Path) -> None:
    async with serving(TokenServer(owner="user")) as base:
        verdicts = await check(tmp_path, base)
    assert verdicts[FB].outcome == "ok" and "manages Page" in verdicts[FB].detail
    async with serving(TokenServer(owner="user", managed=[ts.OTHER_PAGE_ID])) as base:
        verdicts = await check(tmp_path, base)
    assert verdicts[FB].outcome == "wrong account", verdicts[FB].line()


async def test_an_expired_page_token_is_named_for_every_connector_using_it(
    tmp_path: Path,
) -> None:
    async with serving(TokenServer()) as base:
        verdicts = await check(tmp_path, base, PAGE_TOKEN=ts.EXPIRED)
    found = outcomes(verdicts)
    assert found[FB] == found[IG] == found[FB_OUT] == "expired"
    assert found[META_ADS] == found[YT_KEY] == "ok"
    assert verdicts[FB_OUT].setting == "publishing[0].token_env PAGE_TOKEN"
    assert "190/463" in verdicts[FB].detail and "Session has expired" in verdicts[FB].detail


async def test_revoked_tokens(tmp_path: Path) -> None:
    async with serving(TokenServer(refresh_tokens=set())) as base:
        verdicts = await check(tmp_path, base, ADS_TOKEN=ts.REVOKED, YOUTUBE_KEY=ts.BAD_KEY)
    found = outcomes(verdicts)
    assert found[META_ADS] == "revoked"
    # Google does not say which: its invalid_grant is "expired or revoked".
    assert found[YT_OUT] == found[GOOGLE_ADS] == "expired or revoked"
    assert found[YT_KEY] == "token refused" and "keyInvalid" in verdicts[YT_KEY].detail


async def test_a_missing_permission_is_told_apart_from_a_bad_token(tmp_path: Path) -> None:
    async with serving(TokenServer(customers=["5550001111"])) as base:
        verdicts = await check(tmp_path, base, ADS_TOKEN=ts.NO_ADS_READ)
    found = outcomes(verdicts)
    assert found[META_ADS] == "missing permission"
    assert "ads_read" in verdicts[META_ADS].detail
    assert found[GOOGLE_ADS] == "missing permission"
    assert "1234567890 is not among" in verdicts[GOOGLE_ADS].detail
    assert found[FB] == "ok"


async def test_a_platform_answering_5xx_is_a_platform_error_not_a_bad_token(
    tmp_path: Path,
) -> None:
    async with serving(TokenServer(down=True)) as base:
        verdicts = await check(tmp_path, base)
    assert set(outcomes(verdicts).values()) == {"platform error"}, outcomes(verdicts)


async def test_a_platform_not_reached_is_unreachable(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    verdicts = await check(tmp_path, f"http://127.0.0.1:{port}")
    assert set(outcomes(verdicts).values()) == {"unreachable"}, outcomes(verdicts)
    assert "not reached" in verdicts[FB].detail


async def test_a_secret_not_set_is_named(tmp_path: Path) -> None:
    env = {name: value for name, value in ENV.items() if name != "YOUTUBE_KEY"}
    path = tmp_path / "workspace.yaml"
    async with serving(TokenServer()) as base:
        path.write_text(workspace_yaml(base), encoding="utf-8")
        workspace = load_workspace(path)
        verdicts = await check_online(workspace, Secrets(env), [], timeout=5.0)
    missing = next(v for v in verdicts if v.connector == YT_KEY)
    assert missing.outcome == "not set" and "YOUTUBE_KEY is not set" in missing.detail


async def run_cli(tmp_path: Path, base: str, env: dict[str, str], *extra: str) -> tuple[int, str]:
    workspace = tmp_path / "workspace.yaml"
    workspace.write_text(workspace_yaml(base), encoding="utf-8")
    env_file = tmp_path / "bot.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--env-file",
        str(env_file),
        "--workspace",
        str(workspace),
        "check-config",
        *extra,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode()


# Runs the command in a subprocess.
@pytest.mark.slow
async def test_the_command_reports_each_connector_and_exits_3_when_one_fails(
    tmp_path: Path,
) -> None:
    server = TokenServer()
    async with serving(server) as base:
        code, out = await run_cli(tmp_path, base, {**ENV, "ADS_TOKEN": ts.EXPIRED}, "--online")
        assert code == 3, out
        assert f"expired            {META_ADS} (ads_in.accounts[0].token_env ADS_TOKEN)" in out
        assert "connectors: 6 of 7 ok" in out
        assert not any(secret in out for secret in SECRETS)
        calls = len(server.calls)
        # Without --online: no call to any platform, and the same exit as before.
        code, out = await run_cli(tmp_path, base, ENV)
        assert code == 0, out
        assert len(server.calls) == calls and "connectors:" not in out
