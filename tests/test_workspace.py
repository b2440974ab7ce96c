"""Tests for loading and checking the workspace YAML file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.config.errors import ConfigError, ConfigProblem
from bot.config.loading import load_workspace
from bot.config.receivers import SlackReceiver, TelegramReceiver
from bot.config.workspace import Workspace
from bot.engine_setup import engagement_engine
from bot.models import Comment

REPO = Path(__file__).resolve().parents[1]
HANG_GUARD_S = 120.0

MINIMAL = """\
brands:
  - id: alpenglow
    name: Alpenglow Outfitters
"""

TEAM = """\
timezone: Europe/Berlin
brands:
  - id: alpenglow
    name: Alpenglow Outfitters
    review_receiver: community
  - id: lumora
    name: Lumora Skin
    voice: formal
campaigns:
  - {platform: meta, account: alp-meta, campaign: Winter Shells, brand: alpenglow}
receivers:
  - {name: console, kind: console}
  - {name: community, kind: slack, channel: C0123ABCD}
  - {name: founders, kind: telegram, chat_id: -1001234567, timezone: Asia/Singapore}
route:
  receiver: console
  group_by: [alertname, campaign]
  routes:
    - match: {severity: critical}
      receiver: founders
      repeat_interval: 1h
      continue: true
    - match_re: {platform: "meta|google"}
      receiver: community
      group_wait: 1m
      routes:
        - match: {brand: lumora}
          group_by: [alertname]
schedules:
  - {receiver: console, at: "08:30"}
  - {receiver: founders, at: "09:00", kind: weekly}
  - {receiver: founders, at: "17:00", days: [sat, sun], timezone: America/New_York}
people:
  - {name: Ana, slack: U0123ABC, console: ana, role: admin}
  - {name: Ben, telegram: 123456789, role: approver, brands: [alpenglow]}
  - {name: Crew, slack_groups: [S0123], role: approver, brands: [lumora]}
  - {name: Watchers, slack_groups: [S0999], role: viewer}
telegram_chats: [-1009999]
feeds:
  poll_interval: 2s
  watch:
    - {path: feeds/comments.jsonl, kind: comments}
  drop_folder: exports
"""


def write(tmp_path: Path, text: str, name: str = "workspace.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_in(path: Path) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_workspace(path)
    return caught.value.problems


def only_problem(path: Path) -> ConfigProblem:
    problems = problems_in(path)
    assert len(problems) == 1, problems
    return problems[0]


# --- valid files ---------------------------------------------------------------------------


def test_the_deploy_example_loads() -> None:
    workspace = load_workspace(REPO / "deploy" / "workspace.example.yaml")

    assert [brand.id for brand in workspace.brands] == ["alpenglow", "kettlecrumb", "lumora"]
    assert {receiver.kind for receiver in workspace.receivers} == {"console", "slack", "telegram"}
    assert len(workspace.routing_tree.routes) >= 2
    assert {workspace.schedule_zone(schedule).key for schedule in workspace.schedules} >= {
        "Europe/Berlin",
        "Asia/Singapore",
    }
    assert {person.role for person in workspace.people} == {"viewer", "approver", "admin"}


def test_the_sample_workspace_loads() -> None:
    assert load_workspace(REPO / "samples" / "workspace.yaml").brands


def test_a_minimal_file_gets_the_defaults(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, MINIMAL))

    brand = workspace.brands[0]
    assert (brand.voice, brand.languages, brand.faq, brand.handles) == ("friendly", ("en",), (), {})
    assert workspace.timezone == "UTC"
    assert [(r.name, r.kind) for r in workspace.receivers] == [("console", "console")]
    tree = workspace.routing_tree
    assert (tree.key, tree.receiver, tree.group_by) == ("route", "console", ("alertname",))
    assert (tree.group_wait, tree.group_interval, tree.repeat_interval) == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=4),
    )
    assert workspace.feeds.poll_interval == timedelta(milliseconds=250)
    assert workspace.review_receiver_for("alpenglow").name == "console"
    assert workspace.campaigns == ()
    assert workspace.schedules == ()
    assert workspace.people == ()


def test_the_root_route_defaults_to_the_first_receiver(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "receivers:\n  - {name: growth, kind: slack, channel: C01}\n")

    assert load_workspace(path).routing_tree.receiver == "growth"


def test_the_workspace_is_frozen(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, MINIMAL))

    with pytest.raises(ValidationError):
        workspace.timezone = "Europe/Paris"


def test_lookups_by_id_name_and_campaign_key(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))

    assert workspace.brand("lumora") is workspace.brands[1]
    assert workspace.brand("nope") is None
    community = workspace.receiver("community")
    assert isinstance(community, SlackReceiver) and community.channel == "C0123ABCD"
    assert workspace.receiver("nope") is None
    found = workspace.campaign_for("meta", "alp-meta", "Winter Shells")
    assert found is not None and found.brand == "alpenglow"
    assert workspace.campaign_for("google", "alp-meta", "Winter Shells") is None
    assert workspace.review_receiver_for("alpenglow").name == "community"
    assert workspace.review_receiver_for("lumora").name == "console"
    assert workspace.telegram_chat_ids == frozenset({-1001234567, -1009999})


def test_relative_feed_paths_resolve_against_the_file_folder(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))

    assert workspace.feeds.watch[0].path == tmp_path / "feeds" / "comments.jsonl"
    assert workspace.feeds.drop_folder == tmp_path / "exports"


def test_child_routes_inherit_unless_they_set_a_value(tmp_path: Path) -> None:
    tree = load_workspace(write(tmp_path, TEAM)).routing_tree
    critical, paid = tree.routes
    (lumora,) = paid.routes

    assert (critical.receiver, critical.repeat_interval) == ("founders", timedelta(hours=1))
    assert critical.group_by == ("alertname", "campaign")
    assert critical.group_wait == timedelta(seconds=30)
    assert (paid.receiver, paid.group_wait) == ("community", timedelta(minutes=1))
    assert lumora.key == "route.routes[1].routes[0]"
    assert (lumora.receiver, lumora.group_wait, lumora.group_by) == (
        "community",
        timedelta(minutes=1),
        ("alertname",),
    )
    assert lumora.repeat_interval == timedelta(hours=4)


@pytest.mark.parametrize(
    ("labels", "keys"),
    [
        ({"severity": "critical", "platform": "meta"}, ["route.routes[0]", "route.routes[1]"]),
        ({"severity": "critical", "platform": "tiktok"}, ["route.routes[0]"]),
        ({"platform": "google", "brand": "lumora"}, ["route.routes[1].routes[0]"]),
        ({"platform": "google", "brand": "alpenglow"}, ["route.routes[1]"]),
        ({"platform": "metaverse"}, ["route"]),
        ({}, ["route"]),
    ],
)
def test_alerts_go_to_the_deepest_matching_routes(
    tmp_path: Path, labels: dict[str, str], keys: list[str]
) -> None:
    tree = load_workspace(write(tmp_path, TEAM)).routing_tree

    assert [route.key for route in tree.match_routes(labels)] == keys


def test_schedules_default_days_by_kind_and_time_zone_by_receiver(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))
    standup, weekly, weekend = workspace.schedules

    assert (standup.at, standup.weekdays) == (time(8, 30), (0, 1, 2, 3, 4))
    assert weekly.weekdays == (0,)
    assert weekend.weekdays == (5, 6)
    assert workspace.schedule_zone(standup) == ZoneInfo("Europe/Berlin")
    assert workspace.schedule_zone(weekly) == ZoneInfo("Asia/Singapore")
    assert workspace.schedule_zone(weekend) == ZoneInfo("America/New_York")


def test_people_are_found_by_platform_id_or_slack_group(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))

    ana = workspace.person_for("slack", "U0123ABC", groups=["S0999"])
    assert ana is not None and ana.name == "Ana"
    ben = workspace.person_for("telegram", 123456789)
    assert ben is not None and ben.name == "Ben"
    assert workspace.person_for("telegram", "123456789") == ben
    crew = workspace.person_for("slack", "U0NOBODY", groups=["S0999", "S0123"])
    assert crew is not None and crew.name == "Crew"
    assert workspace.person_for("slack", "U0NOBODY") is None
    assert workspace.person_for("console", "ana") == ana
    assert workspace.person_for("discord", "ana") is None


def test_approval_needs_the_role_and_the_brand(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))
    ana, ben, crew, watchers = workspace.people

    assert ana.may_approve("lumora") and ana.may_approve("alpenglow")
    assert ben.may_approve("alpenglow") and not ben.may_approve("lumora")
    assert crew.may_approve("lumora") and not crew.may_approve("alpenglow")
    assert not watchers.may_approve("alpenglow")
    assert workspace.may_approve("telegram", 123456789, "alpenglow")
    assert not workspace.may_approve("telegram", 123456789, "lumora")
    assert workspace.may_approve("slack", "U0X", "lumora", groups=["S0123"])
    assert not workspace.may_approve("slack", "U0X", "lumora", groups=["S0999"])
    assert not workspace.may_approve("telegram", 555, "alpenglow")
    assert not workspace.may_approve("console", "stranger", "alpenglow")
    # No brand (an alert that names none): an approver or admin of any brand.
    assert ben.may_approve(None) and crew.may_approve(None) and not watchers.may_approve(None)
    assert workspace.may_approve("telegram", 123456789, None)
    assert workspace.may_approve("slack", "U0X", None, groups=["S0123"])
    assert not workspace.may_approve("slack", "U0X", None, groups=["S0999"])
    assert not workspace.may_approve("telegram", 555, None)


def test_without_people_only_the_console_operator_may_approve(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, MINIMAL))

    assert workspace.may_approve("console", "whoever", "alpenglow")
    assert workspace.may_approve("console", "whoever", None)
    assert not workspace.may_approve("slack", "U0123ABC", "alpenglow")
    assert not workspace.may_approve("slack", "U0123ABC", None)
    assert not workspace.may_approve("telegram", 1, "alpenglow")


# --- problems ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "line", "fragment"),
    [
        (
            MINIMAL + "    voise: friendly\n",
            "brands[0].voise",
            4,
            "unknown key; did you mean 'voice'?",
        ),
        (
            MINIMAL + "    voice: grumpy\n",
            "brands[0].voice",
            4,
            "'friendly', 'formal' or 'playful' (got 'grumpy')",
        ),
        ("timezone: Europe/Berlinn\n" + MINIMAL, "timezone", 1, "unknown time zone"),
        (
            MINIMAL + "receivers:\n  - {name: x, kind: console, timezone: Mars/Base}\n",
            "receivers[0].timezone",
            5,
            "unknown time zone 'Mars/Base'",
        ),
        (
            MINIMAL + "route:\n  routes:\n    - {receiver: fonders}\n",
            "route.routes[0].receiver",
            6,
            "no receiver named 'fonders'",
        ),
        (
            MINIMAL + "    review_receiver: growth\n",
            "brands[0].review_receiver",
            4,
            "no receiver named 'growth'; known: console",
        ),
        (
            MINIMAL + "  - {id: alpenglow, name: Again}\n",
            "brands[1].id",
            4,
            "duplicate brand id 'alpenglow' (first in brands[0])",
        ),
        (
            MINIMAL + "route:\n  routes:\n    - match_re: {platform: 'meta|('}\n",
            "route.routes[0].match_re.platform",
            6,
            "invalid regular expression 'meta|('",
        ),
        (
            MINIMAL + "route:\n  group_wait: 30\n",
            "route.group_wait",
            5,
            "needs a unit",
        ),
        (
            MINIMAL + "route:\n  repeat_interval: 4 hours\n",
            "route.repeat_interval",
            5,
            "invalid duration '4 hours'",
        ),
        (
            MINIMAL + "feeds:\n  poll_interval: 0s\n",
            "feeds.poll_interval",
            5,
            "longer than 0s",
        ),
        (
            MINIMAL + "receivers:\n  - {name: growth, kind: slack}\n",
            "receivers[0].channel",
            5,
            "missing required key",
        ),
        (
            MINIMAL + "receivers:\n  - {name: growth, kind: slack, channel: '#growth'}\n",
            "receivers[0].channel",
            5,
            "not a Slack channel id (got '#growth')",
        ),
        (
            MINIMAL + "receivers:\n  - {name: growth, kind: slack, channel: C01, chanel: C01}\n",
            "receivers[0].chanel",
            5,
            "did you mean 'channel'?",
        ),
        (
            MINIMAL + "receivers:\n  - {name: boss, kind: telegram, chat_id: 'the boss'}\n",
            "receivers[0].chat_id",
            5,
            "valid integer",
        ),
        (
            MINIMAL + "receivers:\n  - {name: x, kind: email}\n",
            "receivers[0].kind",
            5,
            "must be one of console, slack, telegram (got 'email')",
        ),
        (
            MINIMAL + "    handles: {instagramm: alpenglow}\n",
            "brands[0].handles.instagramm",
            4,
            "unknown platform 'instagramm'",
        ),
        (
            MINIMAL + "    languages: [en, no]\n",
            "brands[0].languages[1]",
            4,
            'write the language code in quotes: "no"',
        ),
        (
            MINIMAL + "    languages: [en, ge]\n",
            "brands[0].languages[1]",
            4,
            "not an ISO 639-1 language code (got 'ge')",
        ),
        (
            MINIMAL + "    name: Alpenglow\n",
            "brands[0].name",
            4,
            "duplicate key (first at line 3)",
        ),
        (
            "brands:\n  - {id: Alpen Glow, name: A}\n",
            "brands[0].id",
            2,
            "use only a-z, 0-9, _ and - (got 'Alpen Glow')",
        ),
        ("brands: []\n", "brands", 1, "must list at least one"),
        ("timezone: UTC\n", "brands", None, "missing required key"),
        (
            MINIMAL + "schedules:\n  - {receiver: console, at: 8:30}\n",
            "schedules[0].at",
            5,
            'write the time in quotes, like at: "8:30"',
        ),
        (
            MINIMAL + "schedules:\n  - {receiver: console, at: '25:00'}\n",
            "schedules[0].at",
            5,
            "24-hour time",
        ),
        (
            MINIMAL + "schedules:\n  - {receiver: console, at: '08:00', days: [mon, funday]}\n",
            "schedules[0].days[1]",
            5,
            "unknown day 'funday'",
        ),
        (
            MINIMAL + "schedules:\n  - {receiver: standup, at: '08:00'}\n",
            "schedules[0].receiver",
            5,
            "no receiver named 'standup'",
        ),
        (
            MINIMAL + "campaigns:\n  - {platform: meta, account: a, campaign: c, brand: alpen}\n",
            "campaigns[0].brand",
            5,
            "no brand named 'alpen'; did you mean 'alpenglow'?",
        ),
        (
            MINIMAL + "campaigns:\n  - {platform: instagram, account: a, campaign: c, brand: x}\n",
            "campaigns[0].platform",
            5,
            "ads on 'instagram' are reported by meta",
        ),
        (
            MINIMAL
            + "campaigns:\n"
            + "  - {platform: meta, account: a, campaign: c, brand: alpenglow}\n"
            + "  - {platform: meta, account: a, campaign: c, brand: alpenglow, target_cpa: 3}\n",
            "campaigns[1].campaign",
            6,
            "duplicate campaign meta/a/c (first in campaigns[0])",
        ),
        (
            MINIMAL + "campaigns:\n  - {platform: meta, account: a, campaign: c, brand: "
            "alpenglow, target_roas: 0}\n",
            "campaigns[0].target_roas",
            5,
            "greater than 0 (got 0)",
        ),
        (
            MINIMAL + "people:\n  - {name: Ana, slack: U0123ABC, brands: [lumora]}\n",
            "people[0].brands[0]",
            5,
            "no brand named 'lumora'",
        ),
        (
            MINIMAL + "people:\n  - {name: Ana, role: approver}\n",
            "people[0]",
            5,
            "give at least one of slack, slack_groups, telegram or console",
        ),
        (
            MINIMAL + "people:\n  - {name: Ana, slack: ana}\n",
            "people[0].slack",
            5,
            "not a Slack member id (got 'ana')",
        ),
        (
            MINIMAL + "people:\n  - {name: A, telegram: 7}\n  - {name: B, telegram: 7}\n",
            "people[1].telegram",
            6,
            "duplicate telegram id 7",
        ),
        (
            MINIMAL + "feeds:\n  watch:\n    - {path: c.jsonl, kind: comment}\n",
            "feeds.watch[0].kind",
            6,
            "(got 'comment')",
        ),
        (
            MINIMAL + "route:\n  routes:\n    - {receiver: console, contine: true}\n",
            "route.routes[0].contine",
            6,
            "did you mean 'continue'?",
        ),
        (
            MINIMAL + "brandz: []\n",
            "brandz",
            4,
            "did you mean 'brands'?",
        ),
        (
            MINIMAL + "feeds: [comments.jsonl]\n",
            "feeds",
            4,
            "expected a mapping, got a list",
        ),
    ],
)
def test_each_problem_names_file_key_path_line_and_what_is_wrong(
    tmp_path: Path, text: str, key: str, line: int | None, fragment: str
) -> None:
    path = write(tmp_path, text)

    problem = only_problem(path)

    assert problem.file == str(path)
    assert problem.key == key
    assert problem.line == line
    assert fragment in problem.message


def test_a_yaml_syntax_error_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "    voice: friendly\n   sign_off: [oops\n")

    problem = only_problem(path)

    assert problem.file == str(path)
    assert problem.line == 5
    assert "YAML syntax error at line 5, column 4" in problem.message


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"

    problem = only_problem(path)

    assert (problem.file, problem.message) == (str(path), "file not found")
    assert str(problem) == f"{path}: file not found"


def test_a_file_that_is_not_a_mapping_is_reported(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, "- brands\n- receivers\n"))

    assert problem.key == "(top level)"
    assert "expected a mapping of sections" in problem.message


def test_an_empty_file_asks_for_brands(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, ""))

    assert (problem.key, problem.message) == ("brands", "missing required key")


def test_all_structure_problems_are_reported_at_once_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        timezone: Mars/Olympus
        brands:
          - id: alpenglow
            name: A
            voise: friendly
          - id: kettlecrumb
            name: K
            voice: grumpy
        receivers:
          - {name: growth, kind: slack}
        route:
          group_wait: soon
        """,
    )

    problems = problems_in(path)

    assert [(problem.line, problem.key) for problem in problems] == [
        (1, "timezone"),
        (5, "brands[0].voise"),
        (8, "brands[1].voice"),
        (10, "receivers[0].channel"),
        (12, "route.group_wait"),
    ]
    text = str(ConfigError(problems))
    assert text.startswith("5 configuration problems:\n")
    assert f"  - {path}:5: brands[0].voise: unknown key; did you mean 'voice'?" in text


def test_all_reference_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        brands:
          - {id: alpenglow, name: A, review_receiver: review}
          - {id: alpenglow, name: B}
        campaigns:
          - {platform: meta, account: a, campaign: c, brand: lumora}
        route:
          receiver: growth
          routes:
            - {receiver: founders}
        schedules:
          - {receiver: standup, at: "08:30"}
        people:
          - {name: Ana, console: ana, brands: [kettlecrumb]}
        """,
    )

    problems = problems_in(path)

    assert [problem.key for problem in problems] == [
        "brands[0].review_receiver",
        "brands[1].id",
        "campaigns[0].brand",
        "route.receiver",
        "route.routes[0].receiver",
        "schedules[0].receiver",
        "people[0].brands[0]",
    ]
    assert all(problem.file == str(path) and problem.line for problem in problems)


def test_direct_validation_names_reference_problems_too() -> None:
    data = {"brands": [{"id": "a", "name": "A", "review_receiver": "nobody"}]}

    with pytest.raises(ValidationError, match=r"brands\[0\]\.review_receiver: no receiver named"):
        Workspace.model_validate(data)


def test_config_problem_formats_with_and_without_line() -> None:
    assert str(ConfigProblem("ws.yaml", "brands[1].voice", "bad", 7)) == (
        "ws.yaml:7: brands[1].voice: bad"
    )
    assert str(ConfigProblem("environment", "SLACK_MODE", "bad")) == "environment: SLACK_MODE: bad"
    single = ConfigError([ConfigProblem("ws.yaml", "timezone", "bad", 1)])
    assert str(single) == "configuration problem: ws.yaml:1: timezone: bad"


def test_receivers_are_typed_by_kind(tmp_path: Path) -> None:
    workspace = load_workspace(write(tmp_path, TEAM))

    founders = workspace.receiver("founders")
    assert isinstance(founders, TelegramReceiver)
    assert founders.chat_id == -1001234567
    assert workspace.receiver_zone("founders") == ZoneInfo("Asia/Singapore")
    assert workspace.receiver_zone("console") == ZoneInfo("Europe/Berlin")


# --- secrets in the workspace file ---------------------------------------------------------

DRILL_TOKEN = "xoxb-1111-2222-SECRET123abc"
# Made up, in each platform's shape; built from parts so no scanner mistakes them for real.
TOKENS = {
    "Slack token": DRILL_TOKEN,
    "Slack app token": "xapp-1-A0123-456-" + "deadbeef" * 2,
    "Telegram bot token": "123456789:" + "AAEhBOweik6ad6PsVMRxjeQKb1dyrwQAbc_",
    "Meta access token": "EAA" + "BwzLixnj4YBO" * 4,
    "Google OAuth token": "ya29." + "a0AfB_byC" * 4,
    "Google API key": "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "OpenAI API key": "sk-proj-" + "T3BlbkFJ9x8Y7w6V5u4" * 2,
    "GitHub token": "ghp_" + "A1b2C3d4E5f6" * 3,
    "random-looking key": "8f742231b10e8888abcd99f6e2c1d0a5",
}

_BRAND = "brands:\n  - id: a\n    name: A\n"
PUBLIC_TEXT = {
    "brands[0].name": "brands:\n  - id: a\n    name: {value}\n",
    "brands[0].sign_off": _BRAND + "    sign_off: {value}\n",
    "brands[0].faq[0].answer": _BRAND
    + "    faq:\n      - question: Vegan?\n        answer: {value}\n",
    "brands[0].faq[0].question": _BRAND
    + "    faq:\n      - question: {value}\n        answer: Sure\n",
    "brands[0].products[1]": _BRAND + "    products: [Shell, {value}]\n",
    "brands[0].shop_url": _BRAND + "    shop_url: https://shop.example/?key={value}\n",
    "brands[0].support_contact": _BRAND + "    support_contact: 'DM us, {value}'\n",
    "brands[0].status_url": _BRAND + "    status_url: https://status.example/?key={value}\n",
    "brands[0].handles.instagram": _BRAND + "    handles: {{instagram: {value}}}\n",
}


@pytest.mark.slow
def test_the_drill_token_is_refused_and_never_printed_by_check_config_or_run(
    tmp_path: Path,
) -> None:
    # The fault drill: a bot token pasted as a channel id and as a brand's sign-off.
    path = write(
        tmp_path,
        f"""\
        brands:
          - id: alpenglow
            name: Alpenglow Outfitters
            sign_off: "{DRILL_TOKEN}"
        receivers:
          - {{name: console, kind: console}}
          - {{name: growth, kind: slack, channel: C05GROWTH1}}
          - {{name: leak, kind: slack, channel: {DRILL_TOKEN}}}
        """,
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_"))
    }
    env["SOCIALPULSE_DB_PATH"] = str(tmp_path / "drill.db")
    for command in ("check-config", "run"):
        cli = [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env")]
        result = subprocess.run(
            [*cli, "--workspace", str(path), command],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD_S,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 3, output
        assert "SECRET123abc" not in output
        assert "xoxb-1111" not in output
        assert f"{path}:4: brands[0].sign_off: looks like a Slack token (not shown)" in output
        assert f"{path}:8: receivers[2].channel: looks like a Slack token (not shown)" in output
    assert not (tmp_path / "drill.db").exists()


@pytest.mark.parametrize("key", list(PUBLIC_TEXT))
@pytest.mark.parametrize("kind", list(TOKENS))
def test_a_token_in_public_text_is_refused_naming_the_key_not_the_value(
    tmp_path: Path, key: str, kind: str
) -> None:
    token = TOKENS[kind]
    path = write(tmp_path, PUBLIC_TEXT[key].format(value=token))

    with pytest.raises(ConfigError) as caught:
        load_workspace(path)

    (problem,) = caught.value.problems
    assert problem.key == key
    assert problem.message.startswith(f"looks like a {kind} (not shown)")
    assert token not in str(caught.value)
    assert token[-12:] not in str(caught.value)


def test_a_token_under_any_key_is_refused_once_without_its_value(tmp_path: Path) -> None:
    token = TOKENS["GitHub token"]
    path = write(
        tmp_path,
        f"""\
        brands:
          - id: a
            name: A
            handles: {{{token}: a}}
        campaigns:
          - {{platform: meta, account: {token}, campaign: Winter, brand: a}}
        receivers:
          - {{name: console, kind: console, timezone: {token}}}
        rules:
          - {{name: cpa, note: {token}}}
        """,
    )

    problems = problems_in(path)

    assert [(problem.key, problem.line) for problem in problems] == [
        ("brands[0].handles.**********", 4),
        ("campaigns[0].account", 6),
        ("receivers[0].timezone", 8),
        ("rules[0].note", 10),
    ]
    assert problems[0].message.startswith("this key looks like a GitHub token (not shown)")
    assert token not in repr(problems)


def test_direct_validation_refuses_a_token_in_public_text_without_quoting_it() -> None:
    data = {"brands": [{"id": "a", "name": "A", "sign_off": DRILL_TOKEN}]}

    with pytest.raises(ValidationError) as caught:
        Workspace.model_validate(data)

    assert "looks like a Slack token (not shown)" in str(caught.value)
    assert "SECRET123abc" not in str(caught.value)


def test_an_error_about_some_other_value_never_quotes_a_token() -> None:
    # Every message that says "got …" goes through the same check as the public text.
    data = {"brands": [{"id": DRILL_TOKEN, "name": "A", "voice": DRILL_TOKEN}]}

    with pytest.raises(ValidationError) as caught:
        Workspace.model_validate(data)

    text = str(caught.value)
    assert "got what looks like a Slack token, not shown" in text
    assert "SECRET123abc" not in text


@pytest.mark.parametrize(
    "text",
    [
        "xoxo-from-the-kettlecrumb-crew",
        "— Mia, Alpenglow crew 🥐",
        "Kind regards, the Lumora care team",
        "https://alpenglow.example/products/summit-shell-waterproof-jacket?utm_source=ig",
        "SummerSaleRetargetingLookalikeAudiencesEU2024",
        "Call us on +49 30 1234567 (Mon–Fri 9:00–17:00)",
        "task-management-for-teams-2024",
    ],
)
def test_ordinary_public_text_is_accepted(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, f"brands:\n  - id: a\n    name: A\n    sign_off: '{text}'\n")

    assert load_workspace(path).brands[0].sign_off == text


# --- warnings from check-config ------------------------------------------------------------


def check_config(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`socialpulse check-config` as a person runs it, with no platform settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_"))
    }
    cli = [sys.executable, "-m", "bot", "--env-file", str(path.parent / "none.env")]
    return subprocess.run(
        [*cli, "--workspace", str(path), "check-config", *options],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )


@pytest.mark.slow
def test_check_config_warns_of_languages_without_templates_and_feeds_not_there(
    tmp_path: Path,
) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "profiles").mkdir()
    path = write(
        tmp_path,
        """\
        brands:
          - id: lumora
            name: Lumora Skin
            languages: [en, fr]
        feeds:
          watch:
            - {path: feeds/comments.jsonl, kind: comments}
            - {path: fedes/posts.jsonl, kind: posts}
            - {path: profiles, kind: profiles}
          drop_folder: exports
        """,
    )

    result = check_config(path)

    assert result.returncode == 0, result.stderr
    assert "workspace: ok" in result.stdout
    assert result.stderr.splitlines() == [
        "5 warning(s):",
        f"  - {path}:4: brands[0].languages[1]: no reply templates for 'fr' "
        "(templates/replies/ has de, en, es): every fr comment for Lumora Skin becomes one "
        "to write by hand",
        f"  - {path}:7: feeds.watch[0].path: {tmp_path}/feeds/comments.jsonl does not exist; "
        "the bot waits and reads it once it appears",
        f"  - {path}:8: feeds.watch[1].path: {tmp_path}/fedes/posts.jsonl does not exist, "
        f"nor does its folder {tmp_path}/fedes; the bot waits and reads it once it appears",
        f"  - {path}:9: feeds.watch[2].path: {tmp_path}/profiles is a folder, not a file: "
        "nothing will be read from it",
        f"  - {path}:10: feeds.drop_folder: {tmp_path}/exports does not exist; exports are "
        "imported once it does",
    ]
    strict = check_config(path, "--strict")
    assert strict.returncode == 3
    assert strict.stderr == result.stderr


@pytest.mark.slow
def test_check_config_is_quiet_when_languages_have_templates_and_feeds_are_there(
    tmp_path: Path,
) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "comments.jsonl").touch()
    path = write(
        tmp_path,
        """\
        brands:
          - {id: alpenglow, name: Alpenglow Outfitters, languages: [en, de]}
        feeds:
          watch: [{path: comments.jsonl, kind: comments}]
          drop_folder: exports
        """,
    )

    result = check_config(path, "--strict")

    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.slow
def test_a_brands_status_page_reaches_its_outage_replies(tmp_path: Path) -> None:
    workspace = load_workspace(
        write(
            tmp_path,
            MINIMAL
            + "    industry: software\n"
            + "    handles: {x: alpenglow}\n"
            + "    status_url: https://status.alpenglow.example\n",
        )
    )
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    asked = Comment("c1", "x", "alpenglow", "p1", "sam", "@alpenglow is the app down?", now)
    (result,) = engagement_engine(workspace).run([asked], now)
    assert result.draft is not None
    assert "https://status.alpenglow.example" in result.draft.text, result.draft.text
