"""What a reply template is told about a comment: its order, wait, channel, details and concern."""

from __future__ import annotations

import re

from bot.models import Comment
from bot.smo.asks import bare_plea, code_missing
from bot.smo.brand import BrandProfile
from bot.smo.faq import FAQ_THRESHOLD
from bot.smo.guardrails import plain_quotes
from bot.smo.missed_visit import missed_visit
from bot.smo.openings import addressee_for
from bot.smo.platforms import PRIVATE_CHANNEL
from bot.smo.reply_plan import ReplyContext, ReplyPlan
from bot.smo.service_asks import reference_lost
from bot.smo.situations import (
    area_named,
    bought_online,
    developer_matter,
    domain_of,
    error_code,
    food_brought,
    gave_details,
    given_details,
    not_answered_by_others,
    reference_known,
    region_of,
    reward_trouble,
    someone_elses_account,
    third_party,
    time_greeting,
    visited_store,
    waited_long,
)
from bot.smo.thread import (
    Turn,
    addressed,
    asks_for_dm,
    names_problem,
    said_before,
)
from bot.smo.topics import (
    Concern,
    alerts_missing,
    concern_of,
    meal_on_trip,
    mobile_use_named,
    plan_trouble,
    praised,
    question_gist,
    sequence_masked,
    service_named,
    speaks_of_booking,
    talks_of_order,
    told_when,
    upgrade_gripe,
)

__all__ = ["OWN_THING", "reply_context", "reward_concern"]

# A parcel on its way to the customer (searched in lowercased text).
_PARCEL = re.compile(
    r"(?<![\w-])(?:parcels?|packages?|tracking|courier|shipped|shipping|shipment|delivered"
    r"|out for delivery|left (?:it|my \w+) (?:outside|at|in))(?![\w-])"
)
# Words that put an order, a delivery, a booking or a trip in the comment.
_ORDER_TALK = re.compile(
    r"(?<![\w-])(?:orders?|ordered|ordering|deliver\w*|arriv\w*|parcels?|packages?|ship\w*"
    r"|booking|booked|trips?|flights?|purchas\w*|bought|returns?|returned|refund\w*|items?"
    r"|courier|tracking|dispatch\w*|online|website|app|came|received|sent)(?![\w-])",
    re.IGNORECASE,
)
# How a telco reply's questions follow the service named: alerts and a home phone line have
# checks of their own; the internet and TV share the broadband ones.
_TELCO_DOMAINS = {"mobile": "mobile", "home phone": "landline", "alerts": "alerts"}
_DIAL_TONE = re.compile(r"(?<!\w)dial ?-?tone(?!\w)")
# What makes a software customer's matter one of their account rather than of a device, in
# the order tried: a subscription or a charge, signing in, the account itself, our support.
_ACCOUNT_MATTERS = (
    (
        "billing",
        re.compile(
            # A renewal of a plan, not a product named "... Renewal".
            r"(?<!\w)(?:subscri\w+|auto[- ]?renew\w*|renew(?:al|ed|s)? (?:of )?(?:my |our |the )?"
            r"(?:plan|subscription|membership|account|licen[cs]e)|(?:plan|subscription|membership"
            r"|licen[cs]e) (?:renew\w*)|membership|billing|billed|invoices?"
            r"|receipts?|charged|charges?|payments?|refund\w*|free trial|trial period)(?!\w)"
        ),
    ),
    (
        "login",
        re.compile(
            r"(?<!\w)(?:passwords?|passcodes?|log ?-?in|logging in|sign ?-?in|signing in|locked out"
            r"|verification codes?|two[- ](?:factor|step)|2fa)(?!\w)"
        ),
    ),
    (
        "account",
        re.compile(
            r"(?<!\w)(?:apple ?id|accounts?|region|country|username|user ?name|email address"
            r"|family (?:sharing|plan)|student (?:account|discount|plan))(?!\w)"
        ),
    ),
    (
        "support",
        re.compile(
            r"(?<!\w)(?:(?:your |the )?(?:customer )?(?:support|service|care)(?: team)?"
            r" (?:is|are|was|were|sucks?|has been)|(?:phone|support|help) lines?|technicians?"
            r"|advisors?|agents?|reps?)(?!\w)"
        ),
    ),
)


def _account_matter(
    said: str,
    industry: str,
    given: str,
    error: str | None,
    concern: Concern | None,
    before: tuple[str, ...] = (),
) -> str | None:
    """Which account matter a software comment raises (see ``ReplyContext.account_matter``),
    or None where it names a device, a version, a symptom or an error: a fault to diagnose.
    A failure to sign in is a symptom of the account's, never a device's; the customer's own
    words higher up the thread ("I can't log in", then "and now my subscription is cancelled")
    say what the matter is as much as the comment does."""
    told = given.split(",")
    if industry != "software":
        return _support_judged(said, told, error, concern)
    if (
        error is not None
        or any(d in told for d in ("device", "version"))
        or (concern is not None and concern.kind in ("device", "outage"))
    ):
        return None
    kinds = [
        next((kind for kind, words in _ACCOUNT_MATTERS if words.search(text.lower())), None)
        for text in (said, *before)
    ]
    kind = kinds[0] or next((k for k in kinds if k in ("login", "billing")), None)
    if "symptom" in told and "login" not in kinds:
        return None
    if kind == "support" and _JUDGED.search(said.lower()) is None:
        return "contact"  # "call me back, the line just rings out" asks for help, judges no one
    return kind


# Our support named outside software ("your customer service", "the reps", "a supervisor").
# A telco's "your service is terrible" is its network: only "customer service" is support.
_OUR_SUPPORT = re.compile(
    r"(?<!\w)(?:(?:customer|costumer|client)\s+(?:service|support|care)|(?:support|care) team"
    r"|reps?|representatives?|agents?|advisors?|supervisors?|(?:phone|support|help) lines?)(?!\w)"
)
# How a customer judges it beyond ``_JUDGED``: bad, worse than anyone's, hanging up on them.
_JUDGED_MORE = re.compile(r"(?<!\w)(?:bad|worse|disgust\w*|hanging up|hung up|hang up)(?!\w)")


def _support_judged(
    said: str, told: list[str], error: str | None, concern: Concern | None
) -> str | None:
    """ "support" where a customer outside software judges our support and names no fault, no
    error and no other concern ("your customer service is a joke"): the reply is sorry for
    their experience with it and asks no checklist question (which card, which service)."""
    lowered = said.lower()
    if (
        error is not None
        or concern is not None
        or any(d in told for d in ("device", "version", "symptom", "amount", "reference"))
        or _OUR_SUPPORT.search(lowered) is None
        or (_JUDGED.search(lowered) is None and _JUDGED_MORE.search(lowered) is None)
    ):
        return None
    return "support"


# A judgement of our support that makes it the customer's grievance ("useless", "rude").
_JUDGED = re.compile(
    r"(?<!\w)(?:suck\w*|useless|rude|awful|terrible|horrible|horrendous|pathetic|joke|worst"
    r"|incompetent|unhelpful|hopeless|clueless|appalling|dreadful|shocking|disgrace\w*|lazy"
    r"|no help|of no use|waste of (?:time|space)|ridiculous|a nightmare|garbage|trash|crap"
    r"|the pits|lied|lying|liars?|disrespectful|dismissive|condescending|arrogant)(?!\w)"
)


# Food or drink a restaurant's customer names beyond the situation words ("two coffees"),
# or an order of it: at a restaurant these make it a meal whoever else is spoken of.
_MEAL = re.compile(
    r"(?<!\w)(?:breakfast|lunch|dinner|brunch|snacks?|sandwich\w*|coffees?|teas?|drinks?|sauces?"
    r"|dips?|chicken|nuggets|salads?|soups?|wings|bagels?|donuts?|doughnuts?|muffins?|bread"
    r"|shakes?|fries|chips|tacos?|burritos?|wraps?|subs?|slices?|toppings?|crusts?|pizzas?"
    r"|burgers?|pasta|steaks?|curry|curries|meals?|food|catering|orders?|ordered)(?!\w)"
)
# Someone who works with a restaurant brand rather than eats from it, or who wants a phone
# line to call: a courier, a partner restaurant about its own menu, prices or payouts. Their
# matter is no meal of theirs. "My business" alone is no partner: a diner's lunch may be one.
_NO_MEAL = re.compile(
    r"(?<!\w)(?:(?:i|we) (?:\w+ )?(?:drive|deliver|dash|work|ride) (?:for|with) (?:you|u|y'?all"
    r"|your company)|(?:our|my) (?:restaurant|cafe|café|diner|kitchen)(?:'s)?(?! booking)"
    r"|(?:our|my) (?:shop|store|business)(?:'s)? (?:menu|prices|listing|payouts?|account)"
    r"|(?:our|my) menu|menu (?:updates?|changes?|edits?)|fleet|merchants?|payouts?"
    r"|partner (?:portal|account|support|team)"
    r"|(?:should|need to|needs to|ought to|please) (?:\w+ ){0,2}(?:have|get|add|set up|open)"
    r" (?:a |an )?(?:\w+ ){0,2}(?:phone|telephone|contact) (?:number|line))(?!\w)"
)
# A late or cancelled flight or train, for a travel brand.
_DELAYED = re.compile(
    r"(?<!\w)(?:delay\w*|late|cancell?ed|cancell?ation|(?:\d+|an?|one|two|three|four|five|six"
    r"|several) (?:hours?|hrs))(?!\w)",
    re.IGNORECASE,
)
# A traveller's bag damaged, lost or late ("look what you did to my suitcase", "lost my bag"):
# a baggage claim, not a booking to look up.
_BAGGAGE = re.compile(
    r"(?<!\w)(?:(?:lost|damaged|broke|broken|missing|delayed|ripped|torn|smashed|destroyed"
    r"|wrecked|cracked) (?:\w+ )?(?:bags?|baggage|luggage|suitcases?)"
    r"|(?:bags?|baggage|luggage|suitcases?) (?:\w+ ){0,5}?(?:lost|damaged|broken|missing|delayed"
    r"|ripped|torn|smashed|destroyed|wrecked|cracked|never (?:arrived|came|showed))"
    r"|did to (?:my|our) (?:\w+ )?(?:bags?|baggage|luggage|suitcases?)"
    r"|where (?:is|are) (?:my|our) (?:bags?|luggage|suitcases?))(?!\w)"
)
# A ride-hailing trip: a fare, a charged or cancelled trip, with no flight, train or stay.
_RIDE_TRIP = re.compile(
    r"^(?!.*(?<!\w)(?:flights?|plane|airport|trains?|rail|station|platform|hotel|room|stay)(?!\w))"
    r".*(?<!\w)(?:surge|tip(?:ped)?|(?:trip|trips) (?:\w+ ){0,6}?(?:charg\w*|cancel\w*"
    r"|driver|fee)|(?:charg\w*|cancel\w*|fee) (?:\w+ ){0,6}?(?:trip|trips))(?!\w)",
    re.DOTALL,
)
# Getting into or using an account: a login, a password, a code, a lockout.
_ACCOUNT_TROUBLE = re.compile(
    r"(?<!\w)(?:log ?-?in\w*|logging (?:in|on)|log(?:s|ged)? me (?:in|out)"
    r"|sign(?:ing)? ?-?(?:in|on)|password|locked out|account|verification code|two[- ]step|2fa)"
    r"(?!\w)",
    re.IGNORECASE,
)
# A purchase that fails on its way ("trying to book a flight and an error comes up"): there
# is no booking or order yet, so none is spoken of or asked for.
_BUYING_STUCK = re.compile(
    r"(?<!\w)(?:(?:trying|tried|try|attempting|attempted|unable|won'?t let me|doesn'?t let me)"
    r" to|can'?t|cannot|couldn'?t) (book|buy|order|purchase|pay|check ?out|reserve)(?!\w)",
    re.IGNORECASE,
)
# A checkout that fails ("errors in the checkout process"): a purchase stuck all the same.
_CHECKOUT_FAILED = re.compile(
    r"(?<!\w)(?:errors?|error messages?|stuck|fail\w*|crash\w*|freez\w*) (?:\w+ ){0,2}?"
    r"(?:at|in|on|during) (?:the )?(check ?-?out)(?!\w)",
    re.IGNORECASE,
)
# What the reply calls the purchase that failed ("sorry about the trouble booking").
_BUYING_WORDS = {
    "book": "booking",
    "reserve": "booking",
    "buy": "placing your order",
    "order": "placing your order",
    "purchase": "placing your order",
    "checkout": "checking out",
    "pay": "paying",
}
# An order, a booking or a parcel of the customer's own: its number is worth asking for.
OWN_THING = re.compile(
    r"(?<!\w)(?:(?:my|our|the|this|that) (?:\w+ )?(?:bookings?|reservations?|flights?|trips?"
    r"|rides?|tickets?|food|meal|pizza)|(?:my|our|the|this|that|an?) (?:\w+ )?(?:orders?"
    r"|parcels?|packages?|deliver(?:y|ies)|refund|return|purchase|shipment)|order (?:no|number|#)"
    r"|booking ref\w*|confirmation|tracking|ordered|booked|delivered|bought|purchased"
    r"|ship(?:ped|ping|s)?)(?!\w)",
    re.IGNORECASE,
)
# An account the customer wants to open ("info about opening a current account"): they have
# none yet, so a reply neither calls it "your account" nor offers to check it.
_TO_OPEN = re.compile(
    r"(?<!\w)(?:open|opening|set up|setting up|start|starting) (?:an? |a new |new )?(?:\w+ )?"
    r"account(?!\w)",
    re.IGNORECASE,
)
_HAS_ONE = re.compile(r"(?<!\w)(?:my|our) (?:\w+ )?accounts?(?!\w)", re.IGNORECASE)
_RAIL = re.compile(r"(?<!\w)(?:trains?|rail|railway|station|platform|carriage|tube)(?!\w)")
# Words of a wait: "sorry about the wait" only where the customer speaks of one.
_WAITED = re.compile(
    r"(?<!\w)(?:wait\w*|delay\w*|late|still|yet|hours?|days?|weeks?|months?|took|taking|slow"
    r"|overdue|never (?:came|arrived|showed)|hasn'?t (?:arrived|come|shown))(?!\w)",
    re.IGNORECASE,
)
# How a reply names rewards that did not come through, or an offer that was not honoured.
_REWARD_LABELS = {"points": "your rewards points", "offer": "the offer"}


_CHANNEL = re.compile(
    r"(?<!\w)(?:(?P<website>website|web ?site|site|web page|webpage|checkout page|online checkout)"
    r"|(?P<app>app))(?!\w)",
    re.IGNORECASE,
)


# The app or the site as the customer's own check that all is well ("the app says the
# internet is fine"): the trouble is elsewhere.
_CHANNEL_ALL_WELL = re.compile(
    r"(?<!\w)(?:app|site|website) (?:says|said|shows|showed|reports|tells me)(?: \w+){0,3}?"
    r" (?:is |are |it'?s |everything'?s )?(?:fine|ok|okay|normal|working|connected|online"
    r"|no (?:problems?|issues?|outages?))(?!\w)",
    re.IGNORECASE,
)


def _channel(text: str) -> str | None:
    """Where the comment says the trouble is: "website", "app" or None."""
    lowered = text.lower()
    if "app" not in lowered and "site" not in lowered and "checkout" not in lowered:
        return None  # most comments: no search
    match = _CHANNEL.search(text)
    if match is None or _CHANNEL_ALL_WELL.search(text):
        return None
    return "website" if match.group("website") else "app"


def reward_concern(said: str, parent: Turn | None) -> Concern | None:
    """Rewards or points that did not come through, or an offer that was not honoured: no
    order, visit or outage questions."""
    # Only the brand's own post to everyone holds an offer ("$2 off with …"), not its reply to
    # someone ("we'd like to offer you …").
    post = parent.text if parent is not None and parent.own and not addressed(parent.text) else None
    kind = reward_trouble(said, post)
    return None if kind is None else Concern("reward", _REWARD_LABELS[kind])


def _told(text: str, industry: str) -> list[str]:
    """What ``text`` already tells a reply, for a brand in ``industry``: the details of
    ``given_details`` and "when", "area", "brought", "online" and "visit", in that order."""
    said = sequence_masked(plain_quotes(text))
    told = [d for d in given_details(text).split(",") if d]
    for detail, found in (
        ("when", told_when(said)),
        ("area", area_named(said, industry)),
        ("brought", industry == "restaurant" and food_brought(said)),
        ("online", bought_online(said)),
        ("visit", visited_store(said)),
    ):
        if found:
            told.append(detail)
    return told


def _thread_meal(before: tuple[str, ...], parent: Turn | None) -> bool:
    """Whether the thread above a restaurant customer's comment (their first tweet, our
    reply) speaks of food or an order ("is one a pan crust?", "refunding your order")."""
    above = " ".join((*before, parent.text if parent is not None else "")).lower()
    return bool(above.strip()) and (
        talks_of_order(above)
        or _MEAL.search(above) is not None
        or domain_of(above) in ("food", "delivery")
    )


def reply_context(
    comment: Comment,
    brand: BrandProfile,
    plan: ReplyPlan,
    template: str,
    language: str,
    parent: Turn | None = None,
    earlier: tuple[str, ...] = (),
) -> ReplyContext:
    """The context a reply template renders ``comment`` with, as ``template`` in ``language``
    (``parent``: the turn it answers, when seen; ``earlier``: what the customer wrote above
    the comment in a thread of their own, when that turn is not passed as ``parent``)."""
    faq = plan.faq if plan.faq is not None and plan.faq.score >= FAQ_THRESHOLD else None
    if template not in ("question", "purchase_intent"):
        faq = None
    # An FAQ answer is written in the brand's default language; don't mix it into another.
    if language != brand.default_language:
        faq = None
    said = sequence_masked(plain_quotes(comment.text))
    ordered = _ORDER_TALK.search(said) is not None
    issue = plan.issue if template in ("complaint", "follow_up", "escalation") else None
    if issue == "no answer" and not_answered_by_others(said):
        issue = None  # the seller or the driver did not answer, not us
    if (
        issue == "delay"
        and language == "en"
        and (
            _WAITED.search(said) is None
            or (brand.industry == "software" and not talks_of_order(said))
        )
    ):
        issue = None  # no "sorry about the wait" where no wait is spoken of
    elif (
        template == "complaint"
        and language == "en"
        and issue in (None, "experience")
        and brand.industry == "travel"
        and _DELAYED.search(said)
    ):
        issue = "delay"
    domain = domain_of(said)
    if domain == "food" and brand.industry == "travel" and meal_on_trip(said):
        domain = "flight"  # a meal on board, not one delivered
    lowered = said.lower()
    if domain is None and brand.industry == "retail" and _PARCEL.search(lowered):
        domain = "delivery"  # a parcel is no visit to a store: no "which store?"
    if domain is None and brand.industry == "travel" and _RIDE_TRIP.search(lowered):
        domain = "ride"  # a fare or a charged trip with no flight, train or stay in it
    if brand.industry == "travel" and _BAGGAGE.search(lowered):
        domain = "baggage"  # on a flight or not, the bag is the matter
    service = service_named(said) if brand.industry == "telco" else None
    if brand.industry == "telco":
        # The words follow the service the customer names, not the first word matched; with
        # none named, the reply says "your service" rather than guess one (a YouTube
        # channel is no TV service).
        domain = None if service is None else _TELCO_DOMAINS.get(service.kind, "broadband")
    concern = reward_concern(said, parent) or concern_of(said, brand.industry)
    if template == "concern" and (party := third_party(said, brand.industry)) is not None:
        concern = Concern("third party", party)
    if template == "concern" and concern is not None and concern.kind == "refused":
        # A refund turned down after a late or cancelled journey: the reply is sorry for both.
        issue = plan.issue if plan.issue in ("delay", "disruption") else None
    thing = praised(said) if template in ("praise", "feedback") else None
    given = ",".join(_told(comment.text, brand.industry))
    if service is not None and (service.kind != "mobile" or mobile_use_named(said)):
        # Which service it is, named already ("can't make calls"): not asked again.
        given = f"{given},service" if given else "service"
    if service is not None and service.kind == "alerts" and alerts_missing(said):
        given = f"{given},missing" if given else "missing"  # alerts that stopped coming
    if service is not None and service.kind == "home phone" and _DIAL_TONE.search(lowered):
        given = f"{given},dial tone" if given else "dial tone"
    # What the customer wrote higher up the thread (their first tweet, above our reply) is
    # known too: an order number, a device or an area told there is not asked again.
    before = (*earlier, *said_before(comment, parent))
    for text in before:
        # Steps tried up there were answered by our reply already: not thanked for again.
        more = [
            d
            for d in _told(text, brand.industry)
            if d not in given.split(",") and d not in ("tried", "fix")
        ]
        given = ",".join(filter(None, [given, *more]))
    if before and not ordered:
        # An order or a delivery the first tweet speaks of (not a mere "came" or "sent").
        ordered = any(talks_of_order(sequence_masked(text)) for text in before)
    if parent is not None:
        # What the brand's earlier reply shows it knows is not asked again.
        known = {d for d in given_details(parent.text).split(",") if d in ("device", "version")}
        if parent.own and reference_known(parent.text):
            known.add("reference")
        if names_problem(parent.text):
            known.add("symptom")
        given = ",".join(sorted({*filter(None, given.split(",")), *known}))
    owns_one = OWN_THING.search(said) is not None
    stuck = None if owns_one else _BUYING_STUCK.search(said) or _CHECKOUT_FAILED.search(said)
    buying_stuck = stuck is not None
    return ReplyContext(
        addressee=addressee_for(comment.author, comment.platform),
        author=comment.author,
        brand=brand.name,
        sign_off=brand.sign_off,
        voice=brand.voice,
        platform=comment.platform,
        language=language,
        product=plan.product,
        issue=issue,
        topic=plan.topic,
        faq_question=faq.question if faq else None,
        faq_answer=faq.answer if faq else None,
        link=brand.shop_url,
        private=PRIVATE_CHANNEL.get(comment.platform),
        contact=brand.support_contact,
        status=brand.status_url,
        region=region_of(said),
        industry=brand.industry,
        channel=_channel(comment.text),
        domain=domain,
        given=given,
        ordered=ordered,
        concern=concern.kind if concern else None,
        concern_label=concern.label if concern else None,
        praised=thing.name if thing else None,
        praised_kind=thing.kind if thing else None,
        gist=question_gist(said) if template == "by_hand" else None,
        dm_asked=parent is not None and asks_for_dm(parent.text),
        booked=(
            brand.industry != "travel"
            or speaks_of_booking(said)
            or (parent is not None and speaks_of_booking(parent.text))
        )
        and not buying_stuck,
        service=service.label if service is not None else None,
        # At a restaurant a meal or an order is the matter unless a partner, a courier or a
        # wish for a phone line is spoken of with no food or order named.
        meal=brand.industry != "restaurant"
        or _NO_MEAL.search(lowered) is None
        or _MEAL.search(lowered) is not None
        or _thread_meal(before, parent),
        rail=brand.industry == "travel" and _RAIL.search(lowered) is not None,
        buying=_BUYING_WORDS.get(re.sub(r"[ -]", "", stuck.group(1).lower())) if stuck else None,
        error=error_code(comment.text),
        account_matter=_account_matter(
            said, brand.industry, given, error_code(comment.text), concern, before
        ),
        developer=brand.industry == "software"
        and any(developer_matter(t) for t in (said, *before, parent.text if parent else "")),
        detailed=gave_details(said),
        greeting=time_greeting(said),
        for_someone=someone_elses_account(said),
        waited=waited_long(said),
        missed_visit=missed_visit(said),
        code_lost=code_missing(said),
        ref_lost=reference_lost(said) is not None,
        plea=bare_plea(said),
        opening_account=_TO_OPEN.search(said) is not None and _HAS_ONE.search(said) is None,
        plan_wish=concern is not None
        and concern.kind == "upgrade"
        and not plan_trouble(said)
        and not upgrade_gripe(said),
        upgrade_gripe=concern is not None and concern.kind == "upgrade" and upgrade_gripe(said),
        account_trouble=(
            _channel(comment.text) is not None
            or (concern is not None and concern.kind in ("access", "outage"))
            or plan.topic == "account"
            or _ACCOUNT_TROUBLE.search(said) is not None
            or buying_stuck
        )
        and not owns_one,
    )
