"""What a reply is drafted from: the engine's reading of a comment and the template's context."""

from __future__ import annotations

from dataclasses import dataclass

from bot.smo.faq import FaqMatch
from bot.smo.guardrails import Readings

__all__ = ["ReplyContext", "ReplyPlan"]


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What a reply template may use; every field is always present (None when unknown)."""

    addressee: str
    author: str
    brand: str
    sign_off: str
    voice: str
    platform: str
    language: str
    product: str | None
    issue: str | None
    topic: str | None
    faq_question: str | None
    faq_answer: str | None
    link: str | None
    private: str | None
    contact: str | None
    # What the brand sells (see ``BrandProfile.industry``); ``short`` leaves out the optional
    # sentences (the diagnostic question) when a platform's limit is tight.
    industry: str = "retail"
    short: bool = False
    # Where the trouble is when the comment names it: "website" or "app" (else None).
    channel: str | None = None
    # Whether the comment talks about an order, a delivery, a booking or a trip: only then
    # does a reply ask for an order number or speak of an order.
    ordered: bool = True
    # What the comment talks about ("food", "ride", "flight", "mobile", "broadband"), which
    # picks the words before the brand's industry default; and what it already gave
    # ("device,version,symptom,reference"), so a reply asks only for what is missing.
    domain: str | None = None
    given: str = ""
    # What the message is about beyond a fault ("access", "promo", "staff", …; see
    # ``bot.smo.topics``) and a fixed phrase naming it ("the PIN or password").
    concern: str | None = None
    concern_label: str | None = None
    # What praise names, from a fixed list ("the team", "the lounge"), and its kind.
    praised: str | None = None
    praised_kind: str | None = None
    # The customer is unhappy: no cheer ("happy to help") and no thanks in the reply; and
    # whether they ask a question (a question whose words read a little negative, "is it too
    # late to …?", is no report of trouble).
    upset: bool = False
    asking: bool = False
    # A "how do I …" question as "how to …", for the slot a person fills with the answer.
    gist: str | None = None
    # The brand's earlier reply in the thread already asked for a private message.
    dm_asked: bool = False
    # The brand has answered in this thread already (an earlier turn to carry on from).
    replied: bool = False
    # A software customer's matter is their account, not a fault on a device: "billing" (a
    # subscription, a renewal, a charge), "login" (signing in), "account" (its settings, its
    # region), "support" (how our support treated them) or "contact" (our support named with
    # no judgement: "call me back, the line rings out"). A reply asks account questions, never
    # "which device and software version?".
    account_matter: str | None = None
    # A developer's matter with a cloud or software product (deploying, configuring, an API):
    # the reply asks which service or resource, the error and what was tried, not the device.
    developer: bool = False
    # A restaurant's customer speaks of food, an order or a visit (not a courier or a partner
    # restaurant about their own account, nor a wish for a phone line): only then does a reply
    # ask "a delivery or a visit?" or speak of "your order".
    meal: bool = True
    # A travel customer speaks of a booking, a ticket or a journey: only then does a reply
    # say "your booking" or ask for a booking reference.
    booked: bool = True
    # The service a telco customer names, as a reply names it ("your home phone line").
    service: str | None = None
    # A travel customer speaks of a train or a station (where staff on the spot can help).
    rail: bool = False
    # The trouble is with our website or app, or getting into an account (a login, an
    # outage), and no order or booking of the customer's is in question: a reply asks for the
    # account's email address, never an order number or a booking reference they may not have.
    account_trouble: bool = False
    # A purchase failed on its way, before there was a booking or order ("trouble booking").
    buying: str | None = None
    # The error code the customer quotes ("03059"; letters, digits and a dash only).
    error: str | None = None
    # The personal details the customer posted in public ("phone number and email address").
    posted: str | None = None
    # A bank's customer showed personal details in public unasked ("email address"): the reply
    # asks them not to share such details in public, naming only their kind.
    exposed: str | None = None
    # The customer gave details a reply may thank for (a number, steps, a long description).
    detailed: bool = False
    # What the customer's reply gives in answer to our own question ("link", "device"): it
    # is thanked for and the case moves to its next step, never the same ask again.
    answered: str | None = None
    # The problem is an error or a failure to load or sign in whose message the customer has
    # not shown: what they see is the next thing to ask.
    error_ask: bool = False
    # The customer's problem as a reply may name it back ("the battery drain").
    problem: str | None = None
    # Our earlier reply asked for the email address on the account: a chase is asked it again.
    email_asked: bool = False
    # The customer's greeting that names the time of day ("Good morning"), mirrored in a reply.
    greeting: str | None = None
    # An upgrade or a change of plan the customer wants, with nothing said to have gone wrong
    # with it: a sales question, never "sorry about the trouble with your upgrade".
    # The customer asks to open an account and has none yet: "opening an account", never
    # "your account" or an offer to check it.
    opening_account: bool = False
    plan_wish: bool = False
    # A gripe about how upgrades are given ("only one person got upgraded"): acknowledged and
    # passed on, never "we'll see what's possible" after the fact.
    upgrade_gripe: bool = False
    # The account in question is someone else's ("my friend's account"): a reply asks only
    # for the customer's own details.
    for_someone: bool = False
    # The customer counts a long wait ("wait") or says they have asked before ("again"): a
    # reply opens by owning it.
    waited: str | None = None
    # A visit the brand booked and missed ("install no-show", "the engineer never came"): a
    # reply is sorry for the missed appointment and offers to rebook, asking nothing told.
    missed_visit: bool = False
    # The brand's public service-status page, which an outage reply points to (None: none).
    status: str | None = None
    # The side of the Atlantic the customer writes from ("us", "uk"; None: no telling): a
    # reply asks for a "ZIP code" or a "postcode" in their own terms.
    region: str | None = None
    # The customer lost a code or voucher, or it never arrived: no error message to ask for.
    code_lost: bool = False
    # The customer lost or has no booking or order reference: a reply asks for what finds it
    # (the name and email address on it), never for the reference itself.
    ref_lost: bool = False
    # A service that ran wrong ("the train leaving early", a fixed phrase) and whether the
    # comment names which one (its time or route): a sorry for it, no booking asked for.
    event: str | None = None
    event_named: bool = False
    # The comment says nothing but that the customer needs help: a reply asks what is
    # happening, never a checklist for a fault nobody named, and thanks for nothing.
    plea: bool = False
    # The customer says they were charged twice or more than agreed: a reply asks which
    # charge (and never the amount they named).
    overcharge: bool = False
    # A second matter in the same comment that the reply names so it is not dropped: a
    # how-to question ("how to export your playlists", ``also_kind`` "question") or another
    # problem ("your bill", ``also_kind`` "issue").
    also: str | None = None
    also_kind: str | None = None


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """What the engine understood that drafting needs, for one comment."""

    intents: tuple[str, ...]
    language: str | None
    issue: str | None
    topic: str | None
    product: str | None
    sarcasm: bool
    faq: FaqMatch | None
    sentiment: str = "neutral"
    score: float = 0.0

    def readings(self) -> Readings:
        return Readings(
            self.sentiment, self.score, self.intents, self.sarcasm, self.faq, self.language
        )
