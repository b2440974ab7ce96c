"""Drafts a head of community would send: each kind of bad draft, made up here, is avoided."""

from __future__ import annotations

import pytest

from bot.models import Comment, Draft
from bot.smo.brand import BrandProfile
from bot.smo.drafting import URGENT, Drafter, ReplyPlan, TemplateLibrary, default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.smo.escalation import find_escalation
from bot.smo.guardrails import has_emoji, negative_clause
from bot.smo.thread import follow_up_kind
from tests.smo.drafting_kit import NOW, Talk
from tests.smo.drafting_kit import drafted as draft_for

FIBRE = BrandProfile(id="fibre", name="Nimbus Fibre", voice="playful", industry="telco")
PIXEL = BrandProfile(id="pixel", name="Pixelnote", industry="software")
DINER = BrandProfile(id="diner", name="Pepper Pot Diner", industry="restaurant")
WINGS = BrandProfile(id="wings", name="Skylark Air", industry="travel")
VAULT = BrandProfile(id="vault", name="Harbor Credit", voice="formal", industry="finance")
SHOP = BrandProfile(id="shop", name="Alpenglow Outfitters", industry="retail")
BRANDS = {b.id: b for b in (FIBRE, PIXEL, DINER, WINGS, VAULT, SHOP)}
TALK = Talk(BRANDS.values(), "s", brand="fibre", post="p1")
comment = TALK.comment


engine = TALK.engine_fixture()


@pytest.fixture(scope="module")
def library() -> TemplateLibrary:
    return TemplateLibrary(default_templates_dir())


def planned(
    library: TemplateLibrary, item: Comment, intents: tuple[str, ...], sentiment: str = "neutral"
) -> Draft | None:
    """The draft for ``item`` read as ``intents``: what the drafter does with a given reading."""
    plan = ReplyPlan(intents, "en", None, None, None, False, None, sentiment, 0.0)
    return Drafter(library).draft(item, BRANDS[item.brand], plan, NOW, known=True)


def test_a_churn_threat_gets_an_acknowledgement_and_a_next_step(engine: EngagementEngine) -> None:
    # Was: the curt "sorry about your experience, DM us" any complaint gets.
    draft = draft_for(
        engine,
        comment("third outage this month. seriously thinking of switching to another provider"),
    )
    assert draft.action == "reply" and "churn risk" in draft.note
    lowered = draft.text.lower()
    assert "lose you" in lowered or "before you decide" in lowered
    assert "one person from our team" in lowered and "dm" in lowered
    assert not has_emoji(draft.text) and "thank" not in lowered


def test_a_complaint_about_failed_support_does_not_restart_the_conversation(
    engine: EngagementEngine,
) -> None:
    draft = draft_for(
        engine,
        comment(
            "Called your helpline 4 times this week about the login loop, already reinstalled "
            "twice and it still logs me out",
            "pixel",
        ),
    )
    assert "let down by support already" in draft.note
    lowered = draft.text.lower()
    assert "start again" in lowered or "start over" in lowered
    assert "already" in lowered or "told so far" in lowered


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("The cashier at your Elm Road branch was incredibly rude to my dad", "about staff"),
        ("your gate agent yelled at me in front of everyone", "about staff"),
        ("one of your drivers grabbed my arm when I got out, not ok", "harassment"),
    ],
)
def test_a_complaint_about_staff_goes_to_a_person_urgently(
    engine: EngagementEngine, text: str, topic: str
) -> None:
    # Was: an ordinary complaint reply, published like any other.
    item = comment(text, "wings")
    (result,) = engine.run([item], NOW)
    draft = result.draft
    assert draft is not None and draft.action == "human"
    assert draft.note.startswith(URGENT) and topic in draft.note
    assert result.analysis.priority == 100.0
    assert draft.text and not has_emoji(draft.text)
    for admits in ("our fault", "make it right", "apologise for", "won't happen again"):
        assert admits not in draft.text.lower()


def test_it_works_now_in_a_thread_we_did_not_see_is_not_read_as_a_complaint(
    engine: EngagementEngine,
) -> None:
    # Was: "sorry to hear about the trouble with your service" to "working again".
    draft = draft_for(engine, comment("@nimbusfibre all working again now, cheers", parent="x9"))
    assert draft.action == "reply"
    assert "sorry" not in draft.text.lower() and "DM" not in draft.text
    assert "resolved" in draft.note


def test_a_thanks_that_still_has_a_problem_is_not_closed(engine: EngagementEngine) -> None:
    item = comment("thanks for replying. the screen still goes black every time I sync", "pixel")
    draft = draft_for(engine, item)
    assert "welcome" not in draft.text.lower() and "Any time" not in draft.text
    in_thread = draft_for(engine, comment(item.text, "pixel", parent="x10"))
    assert "welcome" not in in_thread.text.lower() and "Any time" not in in_thread.text


def test_sent_you_a_dm_in_a_thread_is_acknowledged() -> None:
    assert follow_up_kind("just DM'd you the details") == "sent"
    assert follow_up_kind("I have DM u my reference") == "sent"
    assert follow_up_kind("I'm done with this") != "sent"
    assert follow_up_kind("it's working again, ta") == "resolved"
    assert follow_up_kind("not working again") == "unresolved"


def test_a_question_for_information_gets_an_answer_skeleton_not_a_dm_request(
    engine: EngagementEngine,
) -> None:
    # Was: "we can look into the app for you… send us a DM with your email".
    draft = draft_for(engine, comment("is there a way to export a whole notebook as PDF?", "pixel"))
    assert draft.action == "human" and "holding reply" in draft.note
    assert "[" not in draft.text
    assert "DM" not in draft.text and "email address" not in draft.text


def test_more_details_in_a_thread_get_a_person_and_a_skeleton(library: TemplateLibrary) -> None:
    # Was: no draft at all for the customer's answer to our question.
    item = comment("@pixelnote Galaxy S21, version 4.2", "pixel", parent="x11")
    draft = planned(library, item, ("other",))
    assert draft is not None and draft.action == "human" and draft.text
    assert "continue the conversation" in draft.note


def test_a_problem_the_readers_missed_is_not_dropped(library: TemplateLibrary) -> None:
    # Was: None — nothing read, so nothing drafted.
    draft = planned(
        library, comment("you charged me twice for one top-up, ugh", "vault"), ("other",)
    )
    assert draft is not None and draft.action == "human" and draft.text
    assert "charged me" in draft.note


def test_a_customer_read_as_spam_with_a_problem_is_not_hidden(library: TemplateLibrary) -> None:
    item = comment("look at my speed test, been like this all day https://t.example/x")
    draft = planned(library, item, ("spam",))
    assert draft is not None and draft.action != "hide" and draft.text
    assert "read as spam" in draft.note
    # Real spam is still hidden.
    spam = planned(library, comment("cheap followers at https://t.example/y"), ("spam",))
    assert spam is not None and spam.action == "hide"


def test_a_swearing_customer_with_a_problem_is_answered_not_hidden(
    library: TemplateLibrary,
) -> None:
    item = comment("my bloody router has been dead since friday, sort it out", "fibre")
    draft = planned(library, item, ("abuse", "complaint"), "negative")
    assert draft is not None and draft.action == "human" and draft.text
    assert "answer it rather than hide it" in draft.note
    insult = planned(library, comment("you lot are idiots"), ("abuse",), "negative")
    assert insult is not None and insult.action == "hide_and_escalate"


@pytest.mark.parametrize(
    ("brand", "text", "asks", "never"),
    [
        ("vault", "my account is acting up for two days, not good", "card, a payment", "order"),
        ("diner", "our order was stone cold and half of it missing", "delivery or a visit", "item"),
        ("wings", "my suitcase arrived cracked down one side", "luggage", "not working"),
        ("wings", "my suitcase came off the belt smashed to pieces", "DM", "not working"),
        ("pixel", "the sync is broken again, notes gone", "software version", "your order"),
    ],
)
def test_industry_words_and_diagnostic_questions(
    engine: EngagementEngine, brand: str, text: str, asks: str, never: str
) -> None:
    draft = draft_for(engine, comment(text, brand))
    assert asks in draft.text and never not in draft.text


def test_escalation_cues() -> None:
    churn = find_escalation("if this isn't fixed I'm cancelling my subscription")
    assert churn is not None and churn.kind == "churn"
    failed = find_escalation("already tried that, didn't help")
    assert failed is not None and failed.kind == "failed support"
    assert find_escalation("the code doesn't work") is None
    assert find_escalation("Last time I ordered it came fast") is None


def test_praise_that_names_a_problem_gets_no_cheer(library: TemplateLibrary) -> None:
    # Was: "So glad to hear it!" to sarcasm the readers took for praise.
    item = comment("wow, love how you keep throttling my broadband every evening", "fibre")
    draft = planned(library, item, ("praise",), "positive")
    assert draft is not None and draft.text
    lowered = draft.text.lower()
    assert "glad" not in lowered and "thank" not in lowered and not has_emoji(draft.text)


def test_a_question_after_a_greeting_is_a_question_not_praise(library: TemplateLibrary) -> None:
    # Was: "Thank you! 💛" to a question with no question mark.
    item = comment("hi folks, is it running normally to Dover on Sunday. cheers", "wings")
    draft = planned(library, item, ("praise",), "positive")
    assert draft is not None and draft.action == "human" and "holding reply" in draft.note
    assert "[" not in draft.text


def test_tracked_down_is_not_an_outage() -> None:
    assert negative_clause("the crew tracked down my bag within the hour, stars") is None
    assert negative_clause("the app is down again") is not None


def test_thanks_with_an_html_ampersand_closes_the_thread(engine: EngagementEngine) -> None:
    text = "Thank you for the call &amp; help earlier. Got my new tickets now."
    draft = draft_for(engine, comment(text, "wings", parent="x12"))
    assert draft.action == "reply" and "DM" not in draft.text


def test_a_website_problem_is_not_called_an_item(engine: EngagementEngine) -> None:
    # Was: "sorry about your item not working as it should" for a checkout page.
    draft = draft_for(engine, comment("your checkout page won't load, tried three times", "shop"))
    assert "item" not in draft.text and "website" in draft.text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Hair in salad again from the Elm Road kitchen", "foreign object"),
        ("queued 2 hours because your staff can't do their job", "about staff"),
        ("the agent argued with me at the desk like I was lying", "about staff"),
    ],
)
def test_more_safety_and_staff_cues(engine: EngagementEngine, text: str, topic: str) -> None:
    draft = draft_for(engine, comment(text, "diner"))
    assert draft.note.startswith(URGENT) and topic in draft.note


@pytest.mark.parametrize(
    "text",
    ["sent you a DM yesterday and no one has replied", "5 emails in and I keep explaining it"],
)
def test_more_failed_support_cues(text: str) -> None:
    found = find_escalation(text)
    assert found is not None and found.kind == "failed support"


def test_a_safety_concern_goes_to_a_person(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("the host didn't care about our safety at all", "wings"))
    assert draft.note.startswith(URGENT) and "personal safety" in draft.note


def test_managed_to_in_a_thread_is_resolved() -> None:
    assert follow_up_kind("I managed to pay in the end, didn't lose my slot") == "resolved"


def test_not_hearing_back_is_failed_support_but_bad_service_alone_is_not() -> None:
    found = find_escalation("messaged you days ago and haven't heard back")
    assert found is not None and found.kind == "failed support"
    assert find_escalation("horrible service from the host") is None


def test_a_bug_in_the_app_is_no_foreign_object(engine: EngagementEngine) -> None:
    # Was: URGENT "foreign object" for a software bug.
    draft = draft_for(engine, comment("when will the bug in the notes app be fixed", "pixel"))
    assert not draft.note.startswith(URGENT)
    food = draft_for(engine, comment("there was a bug in my salad at lunch", "diner"))
    assert food.note.startswith(URGENT) and "foreign object" in food.note


def test_they_were_rude_is_a_staff_complaint(engine: EngagementEngine) -> None:
    draft = draft_for(engine, comment("waited an hour on the phone and they were so rude", "wings"))
    assert draft.note.startswith(URGENT) and "about staff" in draft.note


def test_praise_asking_a_shout_out_for_the_crew_is_praise(library: TemplateLibrary) -> None:
    # Was: "happy to help with your booking… DM us" to a compliment.
    item = comment(
        "the crew on this morning's flight were brilliant, they need a shout out!", "wings"
    )
    draft = planned(library, item, ("praise",), "positive")
    assert draft is not None and "DM" not in draft.text and "booking" not in draft.text


def test_a_how_to_question_read_as_support_gets_an_answer_skeleton(
    library: TemplateLibrary,
) -> None:
    item = comment("how do I add a family member to my plan?", "fibre")
    draft = planned(library, item, ("support", "question"))
    assert draft is not None and draft.action == "human" and "holding reply" in draft.note
    assert "[" not in draft.text


def test_spam_that_asks_something_goes_to_a_person_with_a_skeleton(
    library: TemplateLibrary,
) -> None:
    item = comment("please look at my latest post and help me", "fibre", parent="x13")
    draft = planned(library, item, ("spam",))
    assert draft is not None and draft.action == "human" and draft.text


def test_a_thanks_with_a_question_after_it_is_no_closing() -> None:
    assert follow_up_kind("thank you Sam, will it be preorder only or on general sale too?") == (
        "info"
    )
    assert follow_up_kind("thanks! that fixed my order") != "info"
    assert follow_up_kind("thanks so much") == "thanks"
