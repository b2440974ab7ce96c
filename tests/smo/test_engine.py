"""The engagement engine end to end: analyses, drafts, notes, platform rules and variants."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count, pairwise

import pytest

from bot.models import Comment, Engagement
from bot.smo.brand import BrandProfile
from bot.smo.engine import EngagementEngine
from bot.smo.platforms import REPLY_LIMITS, reply_length
from tests.smo.drafting_setup import engine_fixture

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)

ALPEN = BrandProfile(
    id="alpen",
    name="Alpenglow",
    voice="friendly",
    sign_off="— Mia, Alpenglow crew",
    faq=(
        ("Do you ship to Canada?", "Yes — 5–8 business days, duties included at checkout."),
        ("Is the Summit shell waterproof?", "Fully taped seams and a 20,000 mm membrane."),
        (
            "What is your return policy?",
            "Unworn gear can come back within 30 days for a full refund; the returns page walks "
            "you through it and the label is free. Exchanges for another size ship the same "
            "day we receive your parcel, and refunds reach your card within five business days.",
        ),
    ),
    languages=("en", "de"),
    review_receiver="community",
    handles={"instagram": "alpenglow", "x": "alpenglow"},
    shop_url="https://alpenglow.example/shop",
    products=("Summit shell", "Scree boots"),
)
LUMORA = BrandProfile(
    id="lumora",
    name="Lumora Skin",
    voice="formal",
    sign_off="Kind regards, the Lumora care team",
    languages=("en", "de", "es"),
    review_receiver="lumora-apac",
)
CRUMB = BrandProfile(id="crumb", name="Kettlecrumb", voice="playful", review_receiver="bakers")

_ids = count()


engine = engine_fixture([ALPEN, LUMORA, CRUMB])


def comment(
    text: str,
    *,
    platform: str = "instagram",
    brand: str = "alpen",
    author: str | None = None,
    age: timedelta = timedelta(hours=2),
    followers: int = 100,
    post: str = "p1",
) -> Comment:
    n = next(_ids)
    return Comment(
        id=f"c{n}",
        platform=platform,
        brand=brand,
        post_id=post,
        author=author or f"fan{n}",
        text=text,
        created_at=NOW - age,
        author_followers=followers,
    )


def one(engine: EngagementEngine, item: Comment) -> Engagement:
    [result] = engine.run([item], NOW)
    return result


def test_one_engagement_per_comment_in_order(engine: EngagementEngine) -> None:
    items = [comment("Love it!"), comment("ok"), comment("Where is my order?!", brand="lumora")]
    results = engine.run(items, NOW)
    assert [r.comment for r in results] == items
    assert [r.analysis.comment_key for r in results] == [c.key for c in items]
    assert [r.review_receiver for r in results] == ["community", "community", "lumora-apac"]
    assert engine.run([], NOW) == []


def test_analysis_fields(engine: EngagementEngine) -> None:
    result = one(engine, comment("Love the #summit @friend https://x.example 🔥 so much!"))
    analysis = result.analysis
    assert analysis.sentiment == "positive" and analysis.sentiment_score > 0
    assert analysis.hashtags == ("summit",)
    assert analysis.mentions == ("friend",)
    assert analysis.urls == ("https://x.example",)
    assert analysis.emojis == ("🔥",)
    assert analysis.language == "en"
    assert 0 <= analysis.priority <= 100 and analysis.priority_reason
    labels = {e.label for e in analysis.evidence}
    assert {"language", "positive", "praise"} <= labels


def test_complaint_draft_apologises_names_the_issue_and_moves_to_dm(
    engine: EngagementEngine,
) -> None:
    result = one(engine, comment("My Summit shell arrived with a broken zip", author="ana.k"))
    draft = result.draft
    assert draft is not None and draft.action == "reply"
    text = draft.text.lower()
    assert "sorry" in text or "apolog" in text
    assert "summit shell arriving damaged" in text
    assert "dm" in text
    assert draft.text.startswith(("Hi @ana.k", "@ana.k", "Thanks for telling us, @ana.k"))
    assert draft.text.endswith("— Mia, Alpenglow crew")
    for argument in ("actually", "you should have", "not our fault", "wrong"):
        assert argument not in text


def test_youtube_complaint_does_not_offer_dms(engine: EngagementEngine) -> None:
    draft = one(engine, comment("The Scree boots fell apart, awful", platform="youtube")).draft
    assert draft is not None
    assert " dm" not in draft.text.lower()
    assert "support contact" in draft.note


def test_spam_is_hidden_and_abuse_escalated(engine: EngagementEngine) -> None:
    spam, abuse = engine.run(
        [comment("Check my page for free followers bit.ly/xx"), comment("you idiots, kys")], NOW
    )
    assert spam.draft is not None and spam.draft.action == "hide" and spam.draft.text == ""
    assert abuse.draft is not None and abuse.draft.action == "hide_and_escalate"
    assert abuse.draft.text == ""
    assert abuse.analysis.priority > spam.analysis.priority


def test_purchase_intent_gets_the_answer_and_a_next_step(engine: EngagementEngine) -> None:
    draft = one(engine, comment("do you deliver to canada? want one")).draft
    assert draft is not None and draft.action == "reply"
    assert "5–8 business days" in draft.text
    assert "https://alpenglow.example/shop" in draft.text
    assert "lead" in draft.note and "FAQ match" in draft.note


def test_purchase_without_shop_link_moves_to_dm(engine: EngagementEngine) -> None:
    draft = one(engine, comment("take my money, I'll take two loaves", brand="crumb")).draft
    assert draft is not None and draft.action == "reply" and "DM" in draft.text


def test_lead_with_an_unanswered_question_goes_to_a_person(engine: EngagementEngine) -> None:
    draft = one(engine, comment("Any plans for a Black Friday sale this year?")).draft
    assert draft is not None and draft.action == "human"
    assert "lead: purchase intent" in draft.note and "answer by hand" in draft.note


def test_praise_inside_a_complaint_phrase_is_not_praise(engine: EngagementEngine) -> None:
    result = one(engine, comment("The Summit shell used to be great, now it leaks"))
    assert "complaint" in result.analysis.intents and "praise" not in result.analysis.intents


def test_question_answered_from_faq(engine: EngagementEngine) -> None:
    draft = one(engine, comment("is the summit shell waterproof??")).draft
    assert draft is not None and draft.action == "reply"
    assert "20,000 mm" in draft.text
    assert 'FAQ match: "Is the Summit shell waterproof?"' in draft.note


def test_question_without_a_close_faq_goes_to_a_person(engine: EngagementEngine) -> None:
    draft = one(engine, comment("What music is in this video?")).draft
    assert draft is not None and draft.action == "human" and "[" not in draft.text
    assert "no FAQ entry is close enough" in draft.note and "<" in draft.note
    assert "holding reply" in draft.note


def test_praise_gets_a_short_thanks_and_other_gets_nothing(engine: EngagementEngine) -> None:
    praise, other = engine.run([comment("Love the Scree boots!"), comment("first")], NOW)
    assert praise.draft is not None and praise.draft.action == "reply"
    assert len(praise.draft.text) < 120
    assert other.analysis.intents == ("other",) and other.draft is None


def test_german_comment_gets_a_german_reply(engine: EngagementEngine) -> None:
    result = one(engine, comment("Meine Bestellung ist noch nicht angekommen, bitte helft mir"))
    assert result.analysis.language == "de"
    assert result.analysis.sentiment == "negative"
    assert result.draft is not None and result.draft.action == "reply"
    assert "Bestellung" in result.draft.text and "Direktnachricht" in result.draft.text


def test_formal_voice_uses_sie_in_german(engine: EngagementEngine) -> None:
    item = comment("Die Lieferung kam beschädigt an, die Tasse ist kaputt", brand="lumora")
    draft = one(engine, item).draft
    assert draft is not None and draft.action == "reply"
    assert "Sie" in draft.text and " dich" not in draft.text


def test_spanish_comment_for_a_brand_without_spanish_goes_to_a_person(
    engine: EngagementEngine,
) -> None:
    draft = one(engine, comment("Mi pedido llegó roto y nadie responde")).draft
    assert draft is not None and draft.action == "human"
    assert "language 'es' is not one of Alpenglow's languages" in draft.note


def test_spanish_comment_for_a_spanish_brand(engine: EngagementEngine) -> None:
    draft = one(engine, comment("Mi pedido llegó roto y nadie responde", brand="lumora")).draft
    assert draft is not None and draft.action == "reply"
    assert "disculp" in draft.text.lower()


def test_language_without_cues_goes_to_a_person(engine: EngagementEngine) -> None:
    draft = one(engine, comment("Questo prodotto mi piace tantissimo, complimenti a tutti")).draft
    assert draft is not None and draft.action == "human"


def test_no_identical_text_to_the_same_author_twice_in_a_row(engine: EngagementEngine) -> None:
    texts = []
    for _ in range(4):
        result = one(engine, comment("Love it!", author="repeat.fan"))
        assert result.draft is not None
        texts.append(result.draft.text)
    assert all(a != b for a, b in pairwise(texts))


@pytest.mark.parametrize("platform", sorted(REPLY_LIMITS))
def test_replies_fit_every_platform(engine: EngagementEngine, platform: str) -> None:
    item = comment("what's your return policy?", platform=platform)
    draft = one(engine, item).draft
    assert draft is not None and draft.action == "reply"
    assert reply_length(draft.text, platform) <= REPLY_LIMITS[platform]
    if platform == "tiktok":
        assert "shortened to fit TikTok's 150 characters" in draft.note or len(draft.text) <= 150


def test_private_reply_window_warnings(engine: EngagementEngine) -> None:
    closing = one(engine, comment("my parcel never arrived", age=timedelta(days=6, hours=20)))
    assert closing.draft is not None and "window closes in 4 h" in closing.draft.note
    closed = one(
        engine, comment("my parcel never arrived", platform="facebook", age=timedelta(hours=30))
    )
    assert closed.draft is not None and "window closed 6 h ago" in closed.draft.note
    fresh = one(engine, comment("my parcel never arrived", age=timedelta(hours=1)))
    assert fresh.draft is not None and "window" not in fresh.draft.note


def test_angry_complaint_from_a_big_account_outranks_praise(engine: EngagementEngine) -> None:
    angry, happy = engine.run(
        [
            comment("Worst service ever, my order is 3 weeks late!!", followers=250_000),
            comment("Love it!", followers=250_000),
        ],
        NOW,
    )
    assert angry.analysis.priority > happy.analysis.priority + 30
    assert "250k followers" in angry.analysis.priority_reason


def test_post_visibility_raises_priority(engine: EngagementEngine) -> None:
    text = "Is the Summit shell waterproof?"
    quiet = engine.run([comment(text, post="quiet")], NOW)[0]
    loud = engine.run(
        [comment(text, post="loud")], NOW, post_impressions={"instagram:loud": 2_000_000}
    )[0]
    assert loud.analysis.priority > quiet.analysis.priority
    assert "post seen 2M times" in loud.analysis.priority_reason


def test_brand_own_comment_gets_no_draft(engine: EngagementEngine) -> None:
    result = one(engine, comment("Thanks everyone for the love! 💛", author="Alpenglow"))
    assert result.draft is None and result.analysis.intents == ("other",)


def test_unknown_brand_is_analysed_and_flagged(engine: EngagementEngine) -> None:
    result = one(engine, comment("Where is my refund?", brand="nobody"))
    assert result.review_receiver is None
    assert "complaint" in result.analysis.intents or "support" in result.analysis.intents
    assert result.draft is not None and "unknown brand 'nobody'" in result.draft.note


def test_repeated_spam_across_authors_within_one_batch(engine: EngagementEngine) -> None:
    text = "💰🚀📈💰🚀📈"
    results = engine.run([comment(text, post=f"s{i}") for i in range(4)], NOW)
    assert all(r.analysis.intents == ("spam",) for r in results)
    assert all(r.draft is not None and r.draft.action == "hide" for r in results)


@pytest.mark.parametrize("text", ["", "   ", "🔥", "?" * 3])
def test_edge_texts(engine: EngagementEngine, text: str) -> None:
    result = one(engine, comment(text))
    assert result.analysis.intents
    assert result.analysis.language is None


def test_ten_kilobyte_comment_is_read_in_part(engine: EngagementEngine) -> None:
    text = ("The delivery was slow and the box was damaged. " * 220)[:10_000]
    result = one(engine, comment(text))
    assert "complaint" in result.analysis.intents
    assert any(e.label == "length" for e in result.analysis.evidence)


def test_every_intent_has_evidence(engine: EngagementEngine) -> None:
    items = [
        comment(t)
        for t in (
            "Where is my order #4821? still waiting",
            "How much are the Scree boots? want them",
            "you morons",
            "follow me for free followers",
            "Amazing shell 😍",
        )
    ]
    for result in engine.run(items, NOW):
        labels = {e.label for e in result.analysis.evidence}
        assert set(result.analysis.intents) <= labels


def iter_drafts(results: list[Engagement]) -> Iterator[str]:
    for result in results:
        if result.draft is not None and result.draft.action == "reply":
            yield result.draft.text


def test_drafts_are_tidy_plain_text(engine: EngagementEngine) -> None:
    items = [
        comment(t, platform=p, brand=b)
        for t in (
            "Where is my order?",
            "Love it",
            "how much is it?",
            "my account is locked, help",
            "broken on arrival",
        )
        for p in ("instagram", "x", "youtube", "linkedin")
        for b in ("alpen", "lumora", "crumb")
    ]
    for text in iter_drafts(engine.run(items, NOW)):
        assert "  " not in text and " ." not in text and " ," not in text
        assert "None" not in text and "{" not in text and "&amp;" not in text
