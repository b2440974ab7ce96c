"""The committed sample data is reproducible and contains what its manifest promises."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.samples import generate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLATFORMS = {"instagram", "facebook", "x", "youtube", "tiktok", "linkedin"}
BRANDS = {"alpenglow", "kettlecrumb", "lumora"}
INTENTS = {
    "question",
    "complaint",
    "praise",
    "purchase_intent",
    "support_request",
    "spam",
    "abuse",
    "other",
}
HEADER = [
    "date", "platform", "account", "campaign", "adset", "ad", "impressions", "clicks", "spend",
    "conversions", "revenue", "leads", "reach", "currency",
]  # fmt: skip
ALERTS = {
    "cpa_spike": "CPASpike",
    "ctr_decay_fatigue": "CreativeFatigue",
    "overspend_pacing": "BudgetOverspend",
    "underdelivery": "BudgetUnderdelivery",
    "tracking_outage": "TrackingOutage",
    "winner": "ScaleWinner",
    "late_conversions": None,
}

Row = dict[str, str]
Key = tuple[str, str, str, str, str, str]


def _jsonl(name: str) -> list[dict[str, Any]]:
    with (SAMPLES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _csv(name: str) -> list[Row]:
    with (SAMPLES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _yaml(name: str) -> dict[str, Any]:
    with (SAMPLES / name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


def _key(row: Row) -> Key:
    bucket = row.get("date") or row["hour"]
    return (bucket, row["platform"], row["account"], row["campaign"], row["adset"], row["ad"])


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _select(rows: list[Row], inc: dict[str, Any], first: date, last: date) -> list[Row]:
    return [
        r
        for r in rows
        if r["campaign"] == inc["campaign"]
        and r["account"] == inc["account"]
        and first.isoformat() <= r["date"] <= last.isoformat()
        and (not inc["adset"] or r["adset"] == inc["adset"])
        and (not inc["ad"] or r["ad"] == inc["ad"])
    ]


def _total(rows: list[Row], column: str) -> float:
    return sum(float(r[column]) for r in rows)


def _cpa(rows: list[Row]) -> float:
    return _total(rows, "spend") / _total(rows, "conversions")


@pytest.fixture(scope="module")
def comments() -> list[dict[str, Any]]:
    return _jsonl("comments.jsonl")


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    return _jsonl("comments.labels.jsonl")


@pytest.fixture(scope="module")
def posts() -> list[dict[str, Any]]:
    return _jsonl("posts.jsonl")


@pytest.fixture(scope="module")
def daily() -> list[Row]:
    return _csv("ads/daily.csv")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return _yaml("manifest.yaml")


@pytest.fixture(scope="module")
def workspace() -> dict[str, Any]:
    return _yaml("workspace.yaml")


@pytest.fixture(scope="module")
def incidents(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {inc["kind"]: inc for inc in manifest["incidents"]}


@pytest.fixture(scope="module")
def targets(workspace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["campaign"]: c for c in workspace["campaigns"]}


# -- reproducibility -------------------------------------------------------------------------


@pytest.mark.slow
def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    generate(tmp_path)
    produced = _files(tmp_path)
    assert produced, "the generator wrote nothing"
    assert set(produced) <= set(_files(SAMPLES)), "run `python -m tools.samples` and commit"
    for name in produced:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_samples_stay_small() -> None:
    assert sum((SAMPLES / f).stat().st_size for f in _files(SAMPLES)) < 3_000_000


# -- comments --------------------------------------------------------------------------------


def test_comments_cover_platforms_brands_and_window(comments: list[dict[str, Any]]) -> None:
    assert len(comments) >= 1_500
    assert {c["platform"] for c in comments} == PLATFORMS
    assert {c["brand"] for c in comments} == BRANDS
    first = datetime.fromisoformat("2026-10-26T00:00:00+00:00")
    last = datetime.fromisoformat("2026-11-25T07:59:00+00:00")
    for c in comments:
        assert first <= _when(c["created_at"]) < last, c["created_at"]


def test_comment_records_follow_the_feed_format(comments: list[dict[str, Any]]) -> None:
    seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for c in comments:
        for name in ("id", "platform", "brand", "post_id", "author", "text", "created_at"):
            assert isinstance(c[name], str), (name, c)
        assert isinstance(c.get("author_followers", 0), int) and c.get("author_followers", 0) >= 0
        assert _when(c["created_at"]).tzinfo is not None
        assert c["id"] not in seen[c["platform"]], "ids are unique per platform"
        if c.get("parent_id"):
            parent = seen[c["platform"]].get(c["parent_id"])
            assert parent is not None, "a reply points to an earlier comment"
            assert parent["post_id"] == c["post_id"]
            assert _when(parent["created_at"]) < _when(c["created_at"])
        seen[c["platform"]][c["id"]] = c
    assert sum(1 for c in comments if c.get("parent_id")) >= 100


def test_every_comment_is_on_a_known_post(
    comments: list[dict[str, Any]], posts: list[dict[str, Any]]
) -> None:
    known = {(p["platform"], p["id"]): p for p in posts}
    for c in comments:
        post = known.get((c["platform"], c["post_id"]))
        assert post is not None, c
        assert post["brand"] == c["brand"]
        assert _when(post["published_at"]) < _when(c["created_at"])


def test_labels_cover_every_comment(
    comments: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    assert [(c["platform"], c["id"]) for c in comments] == [
        (x["platform"], x["id"]) for x in labels
    ]
    found: Counter[str] = Counter()
    for label in labels:
        assert label["intents"] and set(label["intents"]) <= INTENTS
        assert label["sentiment"] in {"negative", "neutral", "positive"}
        assert isinstance(label["lang"], str) and len(label["lang"]) in (2, 3)
        found.update(label["intents"])
    assert set(found) == INTENTS
    for intent in INTENTS:
        assert found[intent] >= 30, intent


def test_non_english_comments(comments: list[dict[str, Any]], labels: list[dict[str, Any]]) -> None:
    foreign = [
        (c, x) for c, x in zip(comments, labels, strict=True) if x["lang"] not in {"en", "und"}
    ]
    assert 0.03 <= len(foreign) / len(comments) <= 0.08
    assert {x["lang"] for _, x in foreign} == {"es", "de", "fr", "pt", "it"}
    with_field = [c for c, _ in foreign if c.get("lang")]
    assert 0 < len(with_field) < len(foreign), "lang is set on only some of them"
    assert all(c["lang"] == x["lang"] for c, x in foreign if c.get("lang"))


def test_untrusted_text_hazards(comments: list[dict[str, Any]]) -> None:
    texts = [c["text"] for c in comments]
    for marker in ("<b>bold</b>", "&", "<script>alert(1)</script>", "<!channel>", "@channel",
                   "@here", "\n"):  # fmt: skip
        assert any(marker in t for t in texts), marker
    assert sum(len(t) > 2_000 for t in texts) >= 3
    assert any(len(t) > 5_000 for t in texts)
    assert "" in texts, "a sticker comment"
    assert any(t and not any(ch.isalnum() for ch in t) for t in texts), "emoji-only comments"


def test_abuse_and_negated_insults(
    comments: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    pairs = list(zip(comments, labels, strict=True))
    assert any("abuse" in x["intents"] for _, x in pairs)
    negated = [x for c, x in pairs if "not stupid at all" in c["text"].lower()]
    assert negated and all("abuse" not in x["intents"] for x in negated)


def test_big_accounts_and_spam_waves(
    comments: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    pairs = list(zip(comments, labels, strict=True))
    big = [(c, x) for c, x in pairs if c.get("author_followers", 0) >= 50_000]
    assert all(c["author_followers"] <= 900_000 for c, _ in big)
    angry = [c for c, x in big if "complaint" in x["intents"] and x["sentiment"] == "negative"]
    assert len(angry) >= 3
    followers = sorted(c.get("author_followers", 0) for c in comments)
    assert statistics.median(followers) < 1_000, "most commenters are small accounts"
    authors_by_text: dict[str, set[str]] = defaultdict(set)
    for c, x in pairs:
        if "spam" in x["intents"] and c["text"]:
            authors_by_text[c["text"]].add(c["author"])
    assert any(len(a) >= 3 for a in authors_by_text.values())
    spam = [c["text"] for c, x in pairs if "spam" in x["intents"]]
    assert any("http" in t or "bit.ly/" in t for t in spam)
    assert any(t.count("@") >= 5 for t in spam), "a mention bomb"


# -- posts and profiles ----------------------------------------------------------------------


def test_posts(posts: list[dict[str, Any]]) -> None:
    assert len(posts) >= 200
    assert {(p["brand"], p["platform"]) for p in posts} == {
        (b, p) for b in BRANDS for p in PLATFORMS
    }
    first = datetime.fromisoformat("2026-09-01T00:00:00+00:00")
    last = datetime.fromisoformat("2026-11-25T00:00:00+00:00")
    for p in posts:
        assert first <= _when(p["published_at"]) < last
        assert p["format"] in {"image", "video", "reel", "carousel", "text", "story", "short",
                               "live", "link"}  # fmt: skip
        assert isinstance(p["hashtags"], list) and all("#" not in t for t in p["hashtags"])
        for name in ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks"):
            assert isinstance(p[name], int) and p[name] >= 0
        assert p["reach"] <= p["impressions"]
    by_profile: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in posts:
        by_profile[(p["brand"], p["platform"])].append(p["reach"])
    relative: dict[str, list[float]] = defaultdict(list)
    for p in posts:
        if p["platform"] in ("instagram", "youtube", "facebook"):
            typical = statistics.median(by_profile[(p["brand"], p["platform"])])
            relative[p["format"]].append(p["reach"] / typical)
    short_form = statistics.median(relative["reel"] + relative["short"])
    assert short_form > 1.4 * statistics.median(relative["image"])


def test_profiles(posts: list[dict[str, Any]]) -> None:
    profiles = _jsonl("profiles.jsonl")
    weeks: Counter[tuple[str, str]] = Counter((p["brand"], p["platform"]) for p in profiles)
    assert set(weeks) == {(b, p) for b in BRANDS for p in PLATFORMS}
    assert min(weeks.values()) >= 8
    assert max(weeks.values()) > min(weeks.values()), "some snapshots are missing"
    for field in ("bio", "link", "contact", "category"):
        assert any(p.get(field) is None for p in profiles), field
    assert any(field not in p for p in profiles for field in ("bio", "link"))
    assert any(p["has_avatar"] is False for p in profiles)
    series: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in sorted(profiles, key=lambda p: p["captured_at"]):
        series[(p["brand"], p["platform"])].append(p["followers"])
    assert any(s[-1] > s[0] * 1.1 for s in series.values()), "someone grows"
    assert any(s[-1] < s[0] for s in series.values()), "someone shrinks"


# -- ads -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_daily_csv(daily: list[Row]) -> None:
    with (SAMPLES / "ads/daily.csv").open(encoding="utf-8") as fh:
        assert fh.readline().rstrip("\n").split(",") == HEADER
    days = {r["date"] for r in daily}
    assert len(days) >= 60
    assert min(days) == "2026-09-20" and max(days) == "2026-11-24"
    assert {"meta", "google", "tiktok"} <= {r["platform"] for r in daily}
    assert len({r["campaign"] for r in daily}) >= 15
    keys = [_key(r) for r in daily]
    assert len(keys) == len(set(keys))
    for r in daily:
        assert r["adset"], "no campaign-level rows"
        impressions, clicks = int(r["impressions"]), int(r["clicks"])
        assert 0 <= clicks <= impressions
        for column in ("spend", "conversions", "revenue", "leads"):
            assert float(r[column]) >= 0
        if r["reach"]:
            assert 0 <= int(r["reach"]) <= impressions
    structure: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in daily:
        structure[r["campaign"]][r["adset"]].add(r["ad"])
    for adsets in structure.values():
        assert 1 <= len(adsets) <= 3
        assert all(1 <= len(ads) <= 3 for ads in adsets.values())


def test_lead_campaigns_have_no_revenue(daily: list[Row], targets: dict[str, Any]) -> None:
    leads = [r for r in daily if targets[r["campaign"]]["objective"] == "leads"]
    assert leads
    assert all(float(r["revenue"]) == 0 for r in leads)
    assert all(r["leads"] == r["conversions"] for r in leads)


def test_campaigns_match_the_workspace(daily: list[Row], workspace: dict[str, Any]) -> None:
    in_csv = {(r["platform"], r["account"], r["campaign"]) for r in daily}
    in_yaml = {(c["platform"], c["account"], c["campaign"]) for c in workspace["campaigns"]}
    assert in_csv == in_yaml
    for c in workspace["campaigns"]:
        assert c["brand"] in BRANDS and c["objective"] in {"purchases", "leads"}
        assert c["target_cpa"] > 0 and c["daily_budget"] > 0 and c["monthly_budget"] > 0
        assert ("target_roas" in c) == (c["objective"] == "purchases")


def test_workspace(workspace: dict[str, Any]) -> None:
    assert workspace["timezone"] == "Europe/Berlin"
    assert {b["id"] for b in workspace["brands"]} == BRANDS
    for b in workspace["brands"]:
        assert b["voice"] in {"friendly", "formal", "playful"}
        assert set(b["handles"]) == PLATFORMS
        assert 5 <= len(b["faq"]) <= 8
        assert all(f["question"] and f["answer"] for f in b["faq"])
        assert b["review_receiver"] == "console" and "en" in b["languages"]
    assert workspace["receivers"] == [{"name": "console", "kind": "console"}]
    assert workspace["route"]["receiver"] == "console"
    assert workspace["schedules"][0]["at"] == "08:30"
    watched = workspace["feeds"]["watch"]
    for entry in watched:
        assert (SAMPLES / entry["path"]).is_file(), entry
    assert (SAMPLES / workspace["feeds"]["drop_folder"]).is_dir()


def test_manifest_lists_every_incident_kind(
    incidents: dict[str, dict[str, Any]], daily: list[Row], targets: dict[str, Any]
) -> None:
    assert set(incidents) == set(ALERTS)
    campaigns = {r["campaign"] for r in daily}
    for kind, inc in incidents.items():
        assert inc["expected_alert"] == ALERTS[kind]
        assert inc["campaign"] in campaigns and inc["campaign"] in targets
        assert targets[inc["campaign"]]["account"] == inc["account"]
        assert isinstance(inc["start"], date) and inc["start"] <= inc["end"]
        assert inc["description"]
        assert _select(daily, inc, inc["start"], inc["end"])
    assert incidents["late_conversions"]["must_not_fire"] == "CPASpike"


def test_cpa_spike_is_in_the_data(
    incidents: dict[str, dict[str, Any]], daily: list[Row], targets: dict[str, Any]
) -> None:
    inc = incidents["cpa_spike"]
    target = targets[inc["campaign"]]["target_cpa"]
    assert (inc["end"] - inc["start"]).days == 3
    window = _select(daily, inc, inc["start"], inc["end"])
    before = _select(daily, inc, inc["start"] - timedelta(days=14), inc["start"] - timedelta(1))
    assert _cpa(window) >= 1.6 * target
    assert _cpa(before) <= 1.1 * target


def test_creative_fatigue_is_in_the_data(
    incidents: dict[str, dict[str, Any]], daily: list[Row]
) -> None:
    inc = incidents["ctr_decay_fatigue"]
    rows = sorted(_select(daily, inc, inc["start"], inc["end"]), key=lambda r: r["date"])
    assert len(rows) == 14 and inc["ad"]

    def frequency(r: Row) -> float:
        return int(r["impressions"]) / int(r["reach"])

    def ctr(rs: list[Row]) -> float:
        return _total(rs, "clicks") / _total(rs, "impressions")

    assert frequency(rows[0]) < 1.6 and frequency(rows[-1]) > 3.0
    assert ctr(rows[-3:]) < 0.6 * ctr(rows[:3])


def test_pacing_incidents_are_in_the_data(
    incidents: dict[str, dict[str, Any]], daily: list[Row], targets: dict[str, Any]
) -> None:
    for kind, low, high in (("overspend_pacing", 1.25, 1.45), ("underdelivery", 0.3, 0.5)):
        inc = incidents[kind]
        budget = targets[inc["campaign"]]["monthly_budget"]
        month = date(2026, 11, 1)
        elapsed = (inc["end"] - month).days + 1
        spent = _total(_select(daily, inc, month, inc["end"]), "spend")
        assert low <= spent / (budget * elapsed / 30) <= high, kind


def test_tracking_outage_is_in_the_data(
    incidents: dict[str, dict[str, Any]], daily: list[Row]
) -> None:
    inc = incidents["tracking_outage"]
    assert (inc["end"] - inc["start"]).days == 2
    days = [inc["start"] + timedelta(days=i) for i in range(3)]
    before = _select(daily, inc, inc["start"] - timedelta(days=7), inc["start"] - timedelta(1))
    for day in days:
        rows = _select(daily, inc, day, day)
        assert _total(rows, "conversions") == 0
        assert _total(rows, "clicks") > 0
        assert _total(rows, "spend") >= 0.8 * _total(before, "spend") / 7
    assert _total(before, "conversions") > 0


def test_winner_is_in_the_data(
    incidents: dict[str, dict[str, Any]], daily: list[Row], targets: dict[str, Any]
) -> None:
    inc = incidents["winner"]
    target = targets[inc["campaign"]]
    rows = _select(daily, inc, inc["start"], inc["end"])
    assert inc["adset"] and _cpa(rows) <= 0.65 * target["target_cpa"]
    middle = (inc["start"] + timedelta(days=7)).isoformat()
    first = _total([r for r in rows if r["date"] < middle], "conversions")
    second = _total([r for r in rows if r["date"] >= middle], "conversions")
    assert second > first
    whole = {**inc, "adset": "", "ad": ""}
    for day in {r["date"] for r in rows}:
        spent = _total(
            _select(daily, whole, date.fromisoformat(day), date.fromisoformat(day)), "spend"
        )
        assert 0.95 * target["daily_budget"] <= spent <= target["daily_budget"]


def test_restatements_raise_conversions_of_existing_rows(
    incidents: dict[str, dict[str, Any]], daily: list[Row], targets: dict[str, Any]
) -> None:
    restated = _csv("ads/restated.csv")
    assert restated
    by_key = {_key(r): r for r in daily}
    for r in restated:
        old = by_key[_key(r)]
        assert "2026-11-19" <= r["date"] <= "2026-11-22"
        for column in ("impressions", "clicks", "spend", "reach", "currency"):
            assert r[column] == old[column]
        assert float(r["conversions"]) > float(old["conversions"])
    inc = incidents["late_conversions"]
    target = targets[inc["campaign"]]["target_cpa"]
    first_seen = _select(daily, inc, inc["start"], inc["end"])
    corrected = [next((x for x in restated if _key(x) == _key(r)), r) for r in first_seen]
    assert _cpa(first_seen) >= 1.4 * target
    assert _cpa(corrected) <= 1.1 * target


def test_hourly_rows_add_up_to_the_day(daily: list[Row]) -> None:
    hourly = _csv("ads/hourly.csv")
    with (SAMPLES / "ads/hourly.csv").open(encoding="utf-8") as fh:
        assert fh.readline().rstrip("\n").split(",") == ["hour", *HEADER[1:]]
    assert len({r["campaign"] for r in hourly}) >= 3
    now = datetime.fromisoformat("2026-11-25T08:00:00+00:00")
    columns = ("impressions", "clicks", "spend", "conversions", "revenue")
    sums: dict[Key, list[float]] = defaultdict(lambda: [0.0] * len(columns))
    hours: Counter[Key] = Counter()
    for r in hourly:
        when = _when(r["hour"])
        assert when.utcoffset() == timedelta(0) and when.minute == 0
        assert when + timedelta(hours=1) <= now, "only complete hours"
        assert int(r["clicks"]) <= int(r["impressions"])
        key = (when.date().isoformat(), *_key(r)[1:])
        hours[key] += 1
        for i, column in enumerate(columns):
            sums[key][i] += float(r[column])
    assert {k[0] for k in sums} == {"2026-11-23", "2026-11-24", "2026-11-25"}
    by_key = {_key(r): r for r in daily}
    for key, totals in sums.items():
        if key[0] == "2026-11-25":
            assert hours[key] == 8 and key not in by_key, "today so far, not a daily row"
            continue
        assert hours[key] == 24
        row = by_key[key]
        assert totals == pytest.approx([float(row[c]) for c in columns], abs=0.005)


# -- exports and bad files -------------------------------------------------------------------


def _number(text: str, thousands: str = ",", decimal: str = ".") -> float:
    text = text.strip().replace(thousands, "").replace(decimal, ".").rstrip("%")
    return 0.0 if text in ("", "--") else float(text)


def test_meta_exports_repeat_daily_rows(daily: list[Row]) -> None:
    by_key = {_key(r): r for r in daily}
    cases = (
        ("exports/meta-alpenglow-meta-2026-11.csv", "alpenglow-meta", ",", ",", ".", "USD"),
        ("exports/fr/meta-lumora-meta-2026-11.csv", "lumora-meta", ";", " ", ",", "EUR"),
    )
    for name, account, delimiter, thousands, decimal, currency in cases:
        with (SAMPLES / name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=delimiter))
        header, body = rows[0], rows[1:]
        assert len(body) >= 7
        col = {h: i for i, h in enumerate(header)}
        day = col.get("Day", col.get("Jour"))
        assert day is not None
        campaign, adset, ad = header[3], header[4], header[5]
        spent = next(h for h in header if h.endswith(f"({currency})"))
        days = set()
        for cells in body:
            key = (cells[day], "meta", account, cells[col[campaign]], cells[col[adset]],
                   cells[col[ad]])  # fmt: skip
            days.add(cells[day])
            row = by_key[key]
            assert _number(cells[col["Impressions"]], thousands, decimal) == int(row["impressions"])
            assert _number(cells[col[spent]], thousands, decimal) == pytest.approx(
                float(row["spend"])
            )
            assert _number(cells[9], thousands, decimal) == int(row["clicks"])
            assert _number(cells[11], thousands, decimal) == float(row["conversions"])
        assert days == {f"2026-11-0{i}" for i in range(1, 8)}


def test_google_export_repeats_ad_group_rows(daily: list[Row]) -> None:
    path = SAMPLES / "exports/google-kettlecrumb-google-2026-11.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        title = fh.readline()
        period = fh.readline()
        rows = list(csv.DictReader(fh))
    assert title.strip() == "Ad group report" and period.startswith('"')
    body = [r for r in rows if not r["Day"].startswith("Total:")]
    totals = [r for r in rows if r["Day"].startswith("Total:")]
    assert body and totals
    assert any(r["Conv. value"] == " --" for r in body)
    assert any("," in r["Impr."] for r in body) and all(r["CTR"].endswith("%") for r in body)
    by_key = {_key(r): r for r in daily}
    for r in body:
        row = by_key[(r["Day"], "google", "kettlecrumb-google", r["Campaign"], r["Ad group"], "")]
        assert _number(r["Impr."]) == int(row["impressions"])
        assert _number(r["Clicks"]) == int(row["clicks"])
        assert _number(r["Cost"]) == pytest.approx(float(row["spend"]))
        assert _number(r["Conversions"]) == pytest.approx(float(row["conversions"]))
        assert r["Currency code"] == row["currency"] == "GBP"


def test_bad_files_hold_the_broken_lines() -> None:
    problems: list[str] = []
    for line in (SAMPLES / "bad/comments.bad.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append("truncated")
            continue
        if "author" not in record:
            problems.append("missing")
        elif _when(record["created_at"]).tzinfo is None:
            problems.append("no offset")
        elif not isinstance(record["id"], str) or not isinstance(
            record.get("author_followers", 0), int
        ):
            problems.append("type")
    assert {"truncated", "missing", "no offset", "type"} <= set(problems)

    reasons: set[str] = set()
    for r in _csv("bad/daily.bad.csv"):
        try:
            impressions, clicks = int(r["impressions"]), int(r["clicks"])
        except ValueError:
            reasons.add("not a number")
            continue
        if clicks < 0:
            reasons.add("negative")
        elif clicks > impressions:
            reasons.add("clicks > impressions")
    assert reasons == {"not a number", "negative", "clicks > impressions"}
