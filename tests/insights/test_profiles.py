"""The profile audit flags each missing field, scores the checklist and says what to fix."""

from __future__ import annotations

from typing import Any

import pytest

from bot.insights.profiles import (
    CHECK_WEIGHTS,
    ProfileAudit,
    audit_profiles,
    brand_keywords,
    has_call_to_action,
    normalize_handle,
)
from tests.insights.helpers import NOW, snapshot, the_brand

HANDLES = {"instagram": "mugsandco", "facebook": "MugsAndCo", "tiktok": "mugsandco"}


def _audit(**fields: Any) -> ProfileAudit:
    snaps = [
        snapshot("instagram", **fields),
        snapshot("facebook", handle="MugsAndCo"),
        snapshot("tiktok", bio="Handmade mugs from Leeds. Shop below 👇"),
    ]
    report = audit_profiles(snaps, the_brand(), NOW)
    audit = report.audit("instagram")
    assert audit is not None
    return audit


def test_a_complete_profile_scores_full_marks() -> None:
    report = audit_profiles(
        [
            snapshot("instagram"),
            snapshot("facebook", handle="MugsAndCo"),
            snapshot("tiktok", bio="Handmade mugs from Leeds. Shop below 👇"),
        ],
        the_brand(),
        NOW,
    )
    assert [(a.platform, a.score, a.failed, a.fixes) for a in report.audits] == [
        ("facebook", 100, (), ()),
        ("instagram", 100, (), ()),
        ("tiktok", 100, (), ()),
    ]
    assert report.missing == ()
    assert report.average_score == 100
    assert sum(CHECK_WEIGHTS.values()) == 100


@pytest.mark.parametrize(
    ("field", "value", "failed", "fix"),
    [
        ("link", None, ("link",), "Add the website link"),
        ("link", "  ", ("link",), "Add the website link"),
        ("contact", None, ("contact",), "Add a contact email"),
        ("category", None, ("category",), "Set the profile category"),
        ("has_avatar", False, ("picture",), "Upload the brand logo"),
        (
            "bio",
            None,
            ("bio", "bio_length", "keywords", "call_to_action"),
            "Write a bio (up to 150 characters) saying what Mugs & Co offers",
        ),
        ("bio", "Handmade ceramic mugs glazed in Leeds.", ("call_to_action",), "call to action"),
        ("bio", "Made in Leeds with love. Shop now", ("keywords",), "e.g. mug, abroad, custom"),
        ("bio", "Mugs! Shop now. " + "x" * 140, ("bio_length",), "Shorten the bio by 6 characters"),
    ],
)
def test_each_missing_field_is_flagged_with_its_fix(
    field: str, value: object, failed: tuple[str, ...], fix: str
) -> None:
    audit = _audit(**{field: value})
    assert audit.failed == failed
    assert any(fix in f for f in audit.fixes), audit.fixes
    assert audit.score == 100 - sum(CHECK_WEIGHTS[key] for key in failed)


def test_bio_length_is_per_platform() -> None:
    bio = "Handmade ceramic mugs glazed and fired twice in Leeds. Shop the new winter glazes 👇"
    assert len(bio) > 80
    report = audit_profiles(
        [snapshot("instagram", bio=bio), snapshot("tiktok", bio=bio)], the_brand(), NOW
    )
    tiktok, instagram = report.audit("tiktok"), report.audit("instagram")
    assert tiktok is not None and instagram is not None
    assert tiktok.failed == ("bio_length",)
    assert f"{len(bio)}/80 characters" in tiktok.checks[1].detail
    assert instagram.failed == ()


def test_a_handle_unlike_the_others_is_flagged() -> None:
    snaps = [
        snapshot("instagram"),
        snapshot("facebook", handle="MugsAndCo"),
        snapshot("tiktok", handle="mugs_co"),
    ]
    brand = the_brand(handles={"instagram": "mugsandco", "facebook": "MugsAndCo"})
    tiktok = audit_profiles(snaps, brand, NOW).audit("tiktok")
    assert tiktok is not None
    assert tiktok.failed == ("handle",)
    assert "Use the handle 'mugsandco' here too" in tiktok.fixes[0]


def test_a_handle_that_cannot_fit_the_platform_may_be_shorter() -> None:
    long = "kettleandcrumbroasters"  # 22 characters; X allows 15
    snaps = [
        snapshot("instagram", handle=long),
        snapshot("tiktok", handle=long),
        snapshot("x", handle="kettleandcrumb"),
    ]
    brand = the_brand(handles={})
    x = audit_profiles(snaps, brand, NOW).audit("x")
    assert x is not None
    assert x.failed == ()
    assert "does not fit x's 15 characters" in x.checks[-1].detail


def test_a_handle_other_than_the_workspace_says_is_flagged() -> None:
    snaps = [snapshot("instagram", handle="mugs.and.co.shop"), snapshot("facebook")]
    audit = audit_profiles(snaps, the_brand(), NOW).audit("instagram")
    assert audit is not None
    assert audit.failed == ("handle",)
    assert "the workspace lists mugsandco" in audit.checks[-1].detail


def test_the_latest_snapshot_counts_and_old_ones_are_noted() -> None:
    snaps = [
        snapshot("instagram", days_ago=30, link=None, has_avatar=False),
        snapshot("instagram", days_ago=20),
        snapshot("facebook", handle="MugsAndCo", days_ago=2, link=None),
        snapshot("facebook", handle="MugsAndCo", days_ago=9),
    ]
    report = audit_profiles(snaps, the_brand(), NOW)
    instagram, facebook = report.audit("instagram"), report.audit("facebook")
    assert instagram is not None and facebook is not None
    assert instagram.failed == ()
    assert instagram.notes == ("latest snapshot is 20 days old; the profile may have changed",)
    assert facebook.failed == ("link",)
    assert report.missing == ("tiktok",)
    assert [a.platform for a in report.audits] == ["facebook", "instagram"]  # weakest first


def test_brand_keywords_come_from_the_name_and_the_faq() -> None:
    keywords = brand_keywords(the_brand())
    assert keywords[0] == "mug"  # the name first; "co" is too short to mean anything
    assert "co" not in keywords
    assert {"dishwasher", "safe", "ship", "abroad", "custom", "glaze", "order"} <= set(keywords)
    assert "are" not in keywords and "you" not in keywords


def test_calls_to_action_and_handles_are_recognised() -> None:
    assert has_call_to_action("New drops every Friday — DM us to order")
    assert has_call_to_action("Our winter range 👇")
    assert not has_call_to_action("Free zip repairs for life.")
    assert normalize_handle("@Alpenglow.Outfitters") == normalize_handle("alpenglow-outfitters")
