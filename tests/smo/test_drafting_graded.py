"""Drafts for the kinds a head of community graded as needing a rewrite: a close read as a
close, praise that is no contest entry, a fee argued, a wish or removed content, a message for
staff, serious conduct, and a plain greeting."""

from __future__ import annotations

import re

import pytest

from bot.models import Draft
from bot.smo.brand import BrandProfile
from bot.smo.drafting import URGENT
from bot.smo.engine import EngagementEngine
from bot.smo.guardrails import has_emoji
from bot.smo.situations import find_pass_on, find_policy, greeting
from bot.smo.thread import answer_to
from tests.smo.drafting_kit import NOW, Talk
from tests.smo.drafting_setup import BRIGHTWAVE, PEPPER_POT, SKYLARK_AIR, ZOOMCAB

BRANDS = (
    BRIGHTWAVE,
    SKYLARK_AIR,
    ZOOMCAB,
    BrandProfile(id="tv", name="Streamly", industry="software", handles={"x": "streamly"}),
    BrandProfile(id="shop", name="Cornershop", industry="retail", handles={"x": "cshop"}),
    PEPPER_POT,
)
TALK = Talk(BRANDS, "g")
draft_for = TALK.draft_for
answer_to_us = TALK.answer_to_us

# Words of a reply that opens (or reopens) a case: a request for details or an apology.
_RESTART = re.compile(
    r"send us a dm with|account holder|booking reference|order number|email address|sorry",
    re.IGNORECASE,
)
# Words of a reply that looks a case up or troubleshoots it.
_LOOK_UP = re.compile(
    r"booking|order number|account|device|software version|what's going wrong|date and time",
    re.IGNORECASE,
)


engine = TALK.engine_fixture()


def answer_to_campaign(engine: EngagementEngine, post: str, theirs: str, brand: str) -> Draft:
    """The draft for ``theirs``, an answer to the brand's own post to everyone, ``post``."""
    first = TALK.comment(post, brand, author=TALK.brands[brand].handles["x"])
    second = TALK.comment(theirs, brand, parent=first.id, author="kim")
    draft = engine.run([first, second], NOW)[1].draft
    assert draft is not None, theirs
    return draft


# 1. A customer who answered us or closed the matter is not asked to start again.


@pytest.mark.parametrize(
    ("brand", "ours", "theirs", "said"),
    [
        (
            "tv",
            "@sam Happy to look into it with you. Please reach out to us by DM.",
            "ok cool",
            "look out for|keep an eye out",
        ),
        (
            "cell",
            "@sam Could you DM us the postcode so we can check the area?",
            "I already sent it",
            "we'll pick (?:this|it) up|look out for",
        ),
        (
            "cell",
            "@sam Send us a DM and we can chat about your plan",
            "I did mate",
            "we'll pick (?:this|it) up|look out for",
        ),
        (
            "cell",
            "@sam Glad you're with us! Shout if you need anything",
            "will do",
            "give us a shout|here if you need",
        ),
        (
            "tv",
            "@sam Some titles leave for licensing reasons; we hope to bring it back soon.",
            "Well done, guys 👍",
            "thank|love hearing",
        ),
        (
            "tv",
            "@sam Have you tried signing out and back in?",
            "yes that fixed it, cheers",
            "good to hear|good news",
        ),
    ],
)
def test_an_answer_that_closes_or_does_what_we_asked_is_not_a_restart(
    engine: EngagementEngine, brand: str, ours: str, theirs: str, said: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, brand)
    assert draft.action == "reply", draft.note
    assert not _RESTART.search(draft.text), draft.text
    assert re.search(said, draft.text, re.IGNORECASE), draft.text


def test_already_sent_with_no_reply_since_is_still_a_letdown(engine: EngagementEngine) -> None:
    draft = answer_to_us(
        engine,
        "@sam Please DM us and we'll check",
        "I already sent it three days ago and nobody has replied",
        "cell",
    )
    assert "let down by support" in draft.note


# 2. Praise in answer to our own post is thanked as praise, never as an entry.


@pytest.mark.parametrize(
    ("brand", "post", "theirs"),
    [
        (
            "wings",
            "Every trip has a story. Share yours with #SkyStories, we'll feature our favourites!",
            "Flew with you every month this year and the cabin crew always make my day, A+ service",
        ),
        (
            "diner",
            "What's your go-to order? Tell us below #PepperFaves",
            "Honestly everything, the staff at the Elm Road branch are so lovely every visit",
        ),
    ],
)
def test_praise_in_answer_to_a_campaign_post_is_no_contest_entry(
    engine: EngagementEngine, brand: str, post: str, theirs: str
) -> None:
    draft = answer_to_campaign(engine, post, theirs, brand)
    assert draft.action == "reply", draft.note
    assert not re.search(r"pick|playing along|joining in|taking part", draft.text), draft.text


def test_a_pick_in_answer_to_a_campaign_post_is_still_a_pick(engine: EngagementEngine) -> None:
    draft = answer_to_campaign(engine, "Trick or treat? Tell us #PepperBoo", "Treat!", "diner")
    assert draft.action == "reply"
    assert "pick" in draft.text or "joining in" in draft.text


# 3. A fee or a rule argued gets an acknowledgement of the point, no account details.


@pytest.mark.parametrize(
    ("brand", "text", "named"),
    [
        (
            "wings",
            "@skylark £45 to check a second bag is daylight robbery, the baggage rules are absurd",
            "the baggage rules",
        ),
        (
            "shop",
            "@cshop your refund policy is a joke, 10 days is not enough to send anything back",
            "the refund policy",
        ),
        ("cell", "@bwave why should I pay an exit fee when your coverage is this poor", "fees"),
        (
            "wings",
            "@skylark why do you not allow seat selection without paying more? awful policy",
            "the seating rules",
        ),
    ],
)
def test_a_fee_or_rule_argued_is_acknowledged_and_passed_on(
    engine: EngagementEngine, brand: str, text: str, named: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert named in draft.text
    assert re.search(r"pass (?:it|your \w+) on|share (?:it|your \w+)", draft.text)
    assert not re.search(r"DM|booking reference|order number|account", draft.text), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@skylark my bag was lost on the way to Rome and this is ridiculous",
        "@bwave you charged me twice this month, ridiculous",
    ],
)
def test_a_case_of_ones_own_is_no_policy_argument(text: str) -> None:
    assert find_policy(text) is None


# 4. A wish for a feature or a complaint about removed content is feedback, not a fault.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("tv", "@streamly add dark mode to the app please"),
        ("tv", "@streamly why did you remove Harbour Lights? it was the only thing I watched"),
        ("tv", "@streamly how come season 3 has been removed from the app??"),
        ("shop", "@cshop bring back the lemon slices, miss them so much"),
        ("shop", "@cshop why have you discontinued the big oat bars"),
        ("cell", "@bwave can we get a dark theme option in the app"),
        ("tv", "@streamly why remove the best film on the whole service?"),
        ("tv", "@streamly put the kids profile option on smart TVs already, it's been months"),
        ("wings", "@skylark might be a good idea to have working screens on a 9 hour flight"),
        (
            "tv",
            "@streamly no idea how the trailer picks the scene it shows. Love the app, but maybe"
            " a custom preview option?",
        ),
        ("tv", "@streamly how about a sleep timer setting for the kids profiles?"),
    ],
)
def test_a_wish_or_removed_content_is_passed_on_without_troubleshooting(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert re.search(r"pass (?:it|your \w+) on|share (?:it|your \w+)", draft.text), draft.text
    assert not _LOOK_UP.search(draft.text), draft.text
    assert "didn't work out" not in draft.text


# 5. A message for someone at the brand is passed on, with no look-up.


@pytest.mark.parametrize(
    ("brand", "text", "thanks"),
    [
        (
            "wings",
            "@skylark please pass on my thanks to the crew of flight 77 today, they were lovely",
            True,
        ),
        (
            "shop",
            "@cshop please pass my thanks to Priya at the Bridge St store, she went the extra mile",
            True,
        ),
        (
            "diner",
            "@pepper please tell the staff at the Quay branch they did a brilliant job on Friday",
            True,
        ),
        ("shop", "@cshop please say hi to the lady on the deli counter for me", False),
    ],
)
def test_a_message_for_staff_is_passed_on(
    engine: EngagementEngine, brand: str, text: str, thanks: bool
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert "pass" in draft.text or "make sure" in draft.text, draft.text
    assert ("thanks" in draft.text) is thanks, draft.text
    assert not _LOOK_UP.search(draft.text), draft.text


def test_a_complaint_to_pass_on_is_still_a_complaint(engine: EngagementEngine) -> None:
    assert find_pass_on("@pepper please pass my thanks to the chef") is not None
    draft = draft_for(engine, "@pepper please pass this on, my pizza was cold again", "diner")
    assert "a message to pass on" not in draft.note


# 6. Serious conduct goes to a person, urgently, with a holding reply that admits nothing.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cab", "@zoomcab my driver was speeding and on his phone the whole way, I was shaking"),
        ("cab", "@zoomcab the driver ran two red lights and nearly hit a cyclist"),
        ("shop", "@cshop a staff member followed me round the store because I'm black"),
        ("cab", "@zoomcab driver refused to take us because of my guide dog"),
        ("cab", "@zoomcab the driver kept making sexual comments the entire ride"),
        (
            "cab",
            "@zoomcab the driver started stroking my hair at the lights and tried to touch my leg",
        ),
        (
            "cab",
            "@zoomcab why is my account blocked when I report a driver with a knife in his car??",
        ),
        ("cab", "@zoomcab my driver threatened me when I asked him to slow down"),
        ("cab", "@zoomcab the driver accuses me of taking his cash, then finds it under his seat"),
        ("wings", "@skylark 9 hours, no wifi. Staff rude. Never again"),
    ],
)
def test_serious_conduct_goes_to_a_person_urgently(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "human"
    assert draft.note.startswith(URGENT), draft.note
    assert draft.text and not has_emoji(draft.text)
    assert not re.search(r"(?<!\w)(?:we were wrong|our fault|we apologi[sz]e for)", draft.text)


@pytest.mark.parametrize(
    "text",
    [
        "@streamly my phone runs hot when I stream, is that normal",
        "@bwave almost a week of no 4g",
        "@streamly my phone gets hot, like it's holding a gun to my battery lol",
    ],
)
def test_everyday_words_are_no_conduct_complaint(engine: EngagementEngine, text: str) -> None:
    brand = "tv" if "streamly" in text else "cell"
    (result,) = engine.run([TALK.comment(text, brand)], NOW)
    assert result.draft is None or not result.draft.note.startswith(URGENT)


# 7. A plain greeting gets a short friendly reply.


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("cell", "@bwave hi"),
        ("shop", "good morning @cshop"),
        ("tv", "@streamly hello!"),
        ("wings", "@skylark happy friday"),
        ("diner", "hey @pepper how's it going"),
        ("shop", "@cshop night Ruth"),
    ],
)
def test_a_plain_greeting_gets_a_friendly_reply(
    engine: EngagementEngine, brand: str, text: str
) -> None:
    draft = draft_for(engine, text, brand)
    assert draft.action == "reply", draft.note
    assert not _LOOK_UP.search(draft.text), draft.text
    assert not re.search(r"\[|sorry", draft.text), draft.text


@pytest.mark.parametrize(
    "text",
    [
        "@bwave hi, my phone won't charge",
        "@bwave hello? anyone there??",
        "@bwave thanks",
        "@bwave hi help",
        "@bwave hello anyone",
    ],
)
def test_a_greeting_with_more_in_it_is_not_only_a_greeting(text: str) -> None:
    assert not greeting(text)


def test_a_wish_to_remove_something_is_no_loss(engine: EngagementEngine) -> None:
    draft = draft_for(
        engine, "@cshop can you remove the gift wrap option from the checkout page??", "shop"
    )
    assert re.search(r"pass (?:it|your \w+) on|share (?:it|your \w+)", draft.text), draft.text
    assert "enjoy goes" not in draft.text and "missed" not in draft.text


# A yes to our asking leave to act, or the customer taking the step we suggested: the case
# goes on, it does not restart with a request for account details.


@pytest.mark.parametrize(
    ("ours", "theirs", "said"),
    [
        (
            "@sam No outage in your area. Is it alright if I send a reset signal to your router?",
            "@bwave You may",
            "that now",
        ),
        ("@sam Would you like us to refresh your line from here?", "@bwave yes please", "that now"),
        (
            "@sam Which phone is it? Is the latest software update installed on it?",
            "@bwave nope, still on the old one but it says an update is there so I'll do that now",
            "let us know how",
        ),
        (
            "@sam Have you restarted the router since?",
            "@bwave not yet, let me do that now",
            "let us know how",
        ),
    ],
)
def test_a_yes_to_our_next_step_goes_on_with_the_case(
    engine: EngagementEngine, ours: str, theirs: str, said: str
) -> None:
    draft = answer_to_us(engine, ours, theirs, "cell")
    assert said in draft.text.lower(), draft.text
    assert not _RESTART.search(draft.text), draft.text


def test_i_will_do_that_to_our_request_for_a_dm_is_the_dm_on_its_way(
    engine: EngagementEngine,
) -> None:
    draft = answer_to_us(
        engine,
        "@sam Please send us a DM with your account number.",
        "@bwave ok I'll do that now",
        "cell",
    )
    assert "look out for" in draft.text or "keep an eye out" in draft.text, draft.text


def test_an_app_that_will_not_let_them_is_no_step_taken() -> None:
    ours = "@sam One email address can be used on more than one account."
    assert answer_to(ours, "@bwave it won't let me do that, do I need to call?") is None
    assert answer_to(ours, "@bwave ok let me try that") == "will try"
