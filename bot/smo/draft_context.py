"""What a reply's template is told once it is chosen: the reply context, whether the customer
is upset, a second matter, the area named, and the topic for each kind of template."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.smo.asks_answered import (
    answered_ask,
    email_asked,
    error_unshown,
    only_chases,
    problem_named,
    when_and_who_told,
)
from bot.smo.comment_patterns import (
    ASKED_FOR,
    PLACE_ASKED,
    PLACE_NAMED,
    RECOMMEND,
    REPEATED,
    SHARED,
    SUGGESTED,
    TOLD,
)
from bot.smo.draft_state import DraftState
from bot.smo.escalation import Escalation, find_let_down
from bot.smo.guardrails import ends_on_praise, is_real_question, negative_clause
from bot.smo.missed_visit import missed_visit
from bot.smo.moments import eager, failed_channel
from bot.smo.product_facts import names_no_product
from bot.smo.reply_context import reply_context
from bot.smo.reply_plan import ReplyContext
from bot.smo.second_matter import question_beside, second_matter
from bot.smo.shown_in_public import shown_in_public
from bot.smo.situations import (
    details_sent,
    developer_matter,
    given_details,
    place_code_given,
    taken_away,
)
from bot.smo.template_library import TemplateLibrary
from bot.smo.thread import (
    DM_CASE,
    MENTIONS,
    answer_to,
    chased,
    demands_fix,
    follow_up_kind,
    ongoing_dm,
    place_answer,
    quoted,
    said_before,
)
from bot.smo.tone import KUDOS, PLEASANTRY, WARM, chatty, cheer_fits, light

__all__ = ["continue_in_private", "frame_context", "tell_topic", "warn_exposed"]


def frame_context(s: DraftState) -> ReplyContext:
    """The reply context with whether the customer is upset, a second matter and the area."""
    parent = s.parent if s.follow_up or s.broadcast else None
    context = reply_context(
        s.comment,
        s.brand,
        s.plan,
        s.template,
        s.language,
        parent,
        # A thread of the customer's own (a second tweet under their first): what they told
        # there is read too, though that tweet is no reply of ours to answer.
        said_before(s.comment, s.parent) if parent is None else (),
    )
    if (
        not context.developer
        and s.brand.industry == "software"
        and s.parent is not None
        and developer_matter(s.parent.text)
    ):
        # A reply in a thread about deploying or configuring (the tweet it answers says so).
        context = replace(context, developer=True)
    if s.template == "concern" and s.concern_above is not None:
        # The complaint is the one in their tweet above, not what this one's words suggest.
        context = replace(
            context, concern=s.concern_above.kind, concern_label=s.concern_above.label
        )
    read_upset(s)
    context = replace(context, upset=s.upset, asking=is_real_question(s.said))
    if s.overcharged is not None:
        context = replace(context, overcharge=True)
    context = second_matter_named(s, context)
    if s.template == "outage" and (
        PLACE_NAMED.search(MENTIONS.sub(" ", s.comment.text)) or place_code_given(s.said)
    ):
        context = replace(context, given=",".join(filter(None, (context.given, "area"))))
    if s.template == "concern" and context.plan_wish:
        s.notes.append(
            "wants an upgrade or another plan, nothing said to have gone wrong — a sales"
            " question, not a fault"
        )
    if s.follow_up and s.parent is not None:
        s.notes.append(f"follow-up to our earlier reply: {quoted(s.parent)}")
    return context


def read_upset(s: DraftState) -> None:
    """Whether the reply owes a sorry rather than thanks or cheer."""
    # A sharp question ("why…", "you call this…?") or sarcasm gets no thanks and no cheer,
    # however mild its words read.
    s.upset = not s.how_to and (
        s.gripe is not None
        or s.why is not None
        # A visit we missed is owed a sorry, however calmly it is told.
        or missed_visit(s.said)
        or s.plan.sentiment == "negative"
        or s.plan.sarcasm
        or s.sharp is not None
        # "It needs fixing. For good. Now.": a demand, however plain its words read.
        or demands_fix(s.said)
        # Light words under our reply about a problem ("I was long gone by then"), however
        # the readers took their tone: the case goes on, with a sorry rather than thanks.
        # A question or a bare fact ("Alfreton", "the Platinum card") gets its thanks.
        or (
            s.kind == "info"
            and s.parent is not None
            and (
                chatty(s.said, s.plan)
                or (
                    "?" not in s.said
                    and not is_real_question(s.said)
                    and TOLD.search(s.said) is not None
                    and light(s.said, s.plan)
                )
            )
            and not cheer_fits(s.said, s.plan, s.parent)
        )
    )


def second_matter_named(s: DraftState, context: ReplyContext) -> ReplyContext:
    """Two matters in one comment: the reply names the second, so it is not dropped."""
    s.second = (
        second_matter(s.said, s.outage or s.gripe or "", s.brand.industry)
        if s.template == "outage"
        else question_beside(s.said)
        if s.template in ("complaint", "support") and not s.how_to
        else None
    )
    if s.second is not None:
        # Two matters in one comment: the reply names the second, so it is not dropped.
        also_kind, also = s.second
        s.notes.append(
            f"also asks {also} — answer it in this thread too"
            if also_kind == "question"
            else f"also raises {also} — answer that too, not only the first matter"
        )
        context = replace(context, also=also, also_kind=also_kind)
        s.by_hand = True
    return context


def warn_exposed(s: DraftState, context: ReplyContext) -> ReplyContext:
    """A bank's customer who shows their own card, account or phone number or email address in
    public is asked not to, where the reply says nothing of it already; the detail itself is
    never repeated. A detail that may not be theirs is left to the reviewer, as is the word on
    privacy in a reply not in English."""
    if s.brand.industry != "finance" or context.posted is not None:
        return context
    asked = s.parent.text if s.parent is not None and s.parent.own else ""
    brand = (s.brand.name, *s.brand.handles.values())
    shown = shown_in_public(s.comment.text, asked, brand)
    if shown.own and s.language not in ("", "en"):
        # The word on privacy is written in English only: the reviewer adds it.
        s.notes.insert(
            0,
            f"PRIVATE DETAILS posted in public ({', '.join(shown.own)}): check whether to hide"
            " the comment; the reply does not mention it — add a word asking them not to share"
            " personal details in public",
        )
        return context
    if shown.own:
        s.notes.insert(
            0,
            f"PRIVATE DETAILS posted in public ({', '.join(shown.own)}): check whether to hide"
            " the comment; the reply asks them not to share personal details in public",
        )
        return replace(context, exposed=" or ".join(shown.own))
    if shown.unsure:
        s.notes.insert(
            0,
            f"details posted in public ({', '.join(shown.unsure)}), perhaps not the customer's:"
            " check whether to hide the comment; the reply says nothing of them",
        )
    return context


def tell_topic(s: DraftState, context: ReplyContext, library: TemplateLibrary) -> ReplyContext:
    """The topic the template is told, by template; a follow-up may change template."""
    if s.template == "follow_up":
        return follow_up_topic(s, context, library)
    if s.template == "escalation" and s.escalation is not None:
        return escalation_topic(s, context, s.escalation)
    if s.template == "by_hand":
        return by_hand_topic(s, context)
    if s.template == "disruption" and s.announced:
        return replace(context, topic="update")
    if s.template == "disruption" and s.event is not None:
        return replace(context, topic="event", event=s.event.what, event_named=s.event.named)
    if s.template == "feedback":
        return feedback_topic(s, context)
    if s.template == "chat":
        return chat_topic(s, context)
    return context


def follow_up_topic(s: DraftState, context: ReplyContext, library: TemplateLibrary) -> ReplyContext:
    """How the conversation goes on: what the customer's answer to us is and what comes next."""
    topic = answer_topic(s, context)
    topic, context = details_received(s, context, topic)
    topic, context = ask_answered(s, context, topic)
    topic = praise_in_conversation(s, topic, library)
    context = replace(context, topic=topic)
    if topic == "place" and negative_clause(s.said) is not None:
        # "It was the Dunmore store, I don't have the receipt": a sorry, not a thanks.
        context = replace(context, upset=True)
    next_step_by_hand(s, context, topic, library)
    return context


def answer_topic(s: DraftState, context: ReplyContext) -> str:
    """How the comment answers our earlier reply ("agreed_dm", "tried", "plea", ...)."""
    topic = "resolved" if s.glad else follow_up_kind(s.comment.text, s.asked_dm)
    if topic == "agreed" and s.asked_dm:
        topic = "agreed_dm"  # "ok" to our "please DM us": we look out for it
    answer = answer_to(s.parent.text, s.comment.text) if s.parent is not None else None
    if answer in ("permitted", "will try") and topic in ("info", "agreed", "unresolved"):
        # A yes to our next step, or the customer taking it: no restart. "I'll do that
        # now" to our request for a DM is the DM on its way.
        topic = "agreed_dm" if answer == "will try" and s.asked_dm else answer
    elif answer == "not tried" and topic in ("info", "unresolved"):
        topic = answer  # "No" to "have you updated?": the next step, not a restart
    elif answer == "tried" and topic == "info":
        topic = answer
    elif topic == "thanks" and s.plan.sarcasm:
        topic = "unresolved"  # sarcastic thanks ("thanks a bunch 🙄") gets no "you're welcome"
    elif topic == "thanks" and SHARED.search(s.said):
        topic = "shared"
    elif topic == "thanks" and "reference" in given_details(s.said).split(","):
        # "Booking no ABC123. Thanks." sends what we need: no close, carry on.
        topic = "info"
    elif topic in ("info", "thanks", "agreed") and context.plea:
        topic = "plea"  # "I need help": what is happening, no thanks for nothing
    elif topic in ("info", "unresolved") and "fix" in given_details(s.said).split(","):
        # "Rebooting didn't help": a fix they tried themselves, so the next step.
        topic = "tried"
    if (
        topic in ("info", "thanks", "agreed")
        and s.parent is not None
        and s.parent.own
        and place_answer(s.parent.text, s.comment.text)
    ):
        # "Thanks. Mill Lane, Leeds" to our "which store was it?": the case goes on with
        # what happens next, never a sign-off.
        topic = "place"
    return topic


def details_received(s: DraftState, context: ReplyContext, topic: str) -> tuple[str, ReplyContext]:
    """The details we asked for, received: not asked again; private ones better deleted."""
    sent = (
        details_sent(s.comment.text, s.parent.text)
        if s.parent is not None and s.parent.own and ASKED_FOR.search(s.parent.text)
        else ()
    )
    told = (
        when_and_who_told(s.parent.text, s.comment.text)
        if s.parent is not None and s.parent.own and not is_real_question(s.said)
        else None
    )
    if topic in ("info", "thanks") and (sent or told):
        # The details we asked for (who served them and when, too): not asked again; what
        # happens next, and personal details posted in public are better deleted.
        assert s.parent is not None
        topic = "received"
        if told and not sent:
            s.notes.append(
                f"answers our question ({told}) — thank them; the team looks into it, nothing"
                " asked again"
            )
        store = PLACE_ASKED.search(s.parent.text) is not None
        posted = [d for d in sent if d != "reference" and not (d == "address" and store)]
        if posted:
            s.notes.insert(
                0,
                f"PRIVATE DETAILS posted in public ({', '.join(posted)}): the reply"
                " suggests deleting the tweet",
            )
        context = replace(context, posted=" and ".join(posted) or None)
    return topic, context


def ask_answered(s: DraftState, context: ReplyContext, topic: str) -> tuple[str, ReplyContext]:
    """The link or the device we asked about, given: thanked, and the next step asked."""
    answered = (
        answered_ask(s.parent.text, s.comment.text)
        if topic == "info" and s.parent is not None and s.parent.own
        else None
    )
    if answered is None:
        if topic in ("info", "unresolved") and s.parent is not None and s.parent.own:
            return chase_topic(s, context, topic)
        return topic, context
    # "A MacBook on the latest macOS" to our "which device?": no second generic ask for an
    # email by DM; thanks, and the next step a person may make more specific.
    s.notes.append(f"answers our question (the {answered}) — thank them and give the next step")
    # "What error do you see?" is the next step only for an error, a crash or a failure to
    # load or sign in whose message they have not shown; for a drained battery or a missing
    # effect it is no question at all, and the next step is the account by private message.
    ours, theirs = s.parent.text if s.parent is not None else "", s.comment.text
    error_ask = context.error is None and error_unshown(ours, theirs)
    # A link sent where we asked for the account's email as well: the email is still asked.
    return "answered", replace(
        context,
        answered=answered,
        error_ask=error_ask,
        problem=problem_named(ours, theirs),
        email_asked=email_asked(ours) and re.search(r"[\w.+-]@[\w-]+\.\w", theirs) is None,
    )


def chase_topic(s: DraftState, context: ReplyContext, topic: str) -> tuple[str, ReplyContext]:
    """A chase with nothing new ("Hello??"): sorry for the wait and our ask again, no restart."""
    assert s.parent is not None
    if not only_chases(s.comment.text):
        return topic, context
    # The matter was told already, and we asked for what we need: "a few details of what
    # happened" would restart it. The same ask again, with a sorry for the wait.
    s.notes.append("chases our earlier reply — sorry for the wait; check for their DM first")
    return "chased", replace(context, email_asked=email_asked(s.parent.text))


def praise_in_conversation(s: DraftState, topic: str, library: TemplateLibrary) -> str:
    """Delight or kudos in our conversation: thanks or a glad word, no "sorry"."""
    if (
        topic == "unresolved"
        and "praise" in s.plan.intents
        and s.plan.sentiment == "positive"
        and not {"complaint", "support"} & set(s.plan.intents)
        and s.trouble is None
    ):
        # Delight in our conversation ("can't wait to do it all over again", "I'll let
        # you know if it happens again, thanks!"): no "sorry it's still happening".
        s.notes.append("praise in a conversation, no problem in it")
        if WARM.search(s.said):
            topic = "thanks"
        elif not cheer_fits(s.said, s.plan, s.parent):
            topic = "resolved"  # good news after our apology: glad, no cheer
        else:
            s.template, topic = "chat", "chat"
            s.name = library.find(s.language, s.template, s.voice, s.comment.platform) or s.name
    if (
        topic == "info"
        and s.plan.sentiment != "negative"
        and s.why is None
        and s.trouble is None
        and not s.asks()
        and s.parent is not None
        and "?" not in s.parent.text  # an answer to our question is no praise
        and KUDOS.search(s.said) is not None
    ):
        # "Well done, guys" to our answer: thanks back, not a request for details.
        s.notes.append("praise in a conversation, no problem in it")
        topic = "praised"
    return topic


def next_step_by_hand(
    s: DraftState, context: ReplyContext, topic: str, library: TemplateLibrary
) -> None:
    """A fact in answer to our reply, or a traveller's answer with no booking: a person writes
    the next step."""
    # A fact in answer to our instructions ("the recipient is a contract line" to "ask
    # them to top up"), where we asked for nothing: a person says what happens next,
    # rather than a checklist or a cheer.
    stated = (
        topic == "info"
        and s.why is None
        and s.trouble is None
        and s.plan.sentiment != "negative"
        and not s.asks()
        and s.parent is not None
        and s.parent.own
        and "?" not in s.parent.text
        and not s.asked_dm
        and ASKED_FOR.search(s.parent.text) is None
        and PLEASANTRY.search(s.said) is None
    )
    if stated or (
        topic == "info"
        and context.industry == "travel"
        and not (context.booked or context.domain or context.channel)
        and context.concern != "access"
        and context.topic != "account"
    ):
        # The answer to our question, with no booking to look up: a person says what
        # happens next, rather than asking for "a few details" they just gave.
        s.notes.append(
            "a fact in answer to our earlier reply, nothing asked — write the next step"
            if stated
            else "the customer answered our question — write the next step"
        )
        s.template, s.by_hand = "by_hand", True
        s.name = library.find(s.language, s.template, s.voice, s.comment.platform) or s.name


def escalation_topic(s: DraftState, context: ReplyContext, escalation: Escalation) -> ReplyContext:
    """The escalation's kind, or "repeated" for support that failed more than once."""
    topic = escalation.kind
    if topic == "failed support" and REPEATED.search(escalation.cue):
        topic = "repeated"
    return replace(context, topic=topic, issue=s.plan.issue)


def by_hand_topic(s: DraftState, context: ReplyContext) -> ReplyContext:
    """What a holding reply for a person says, and the note on what is still to write."""
    # "Question" only where a reservation would have read as upset ("I do not wish …").
    asked_how = s.how_to and s.why is not None
    topic = (
        "timing"
        if s.timing is not None
        else "cost"
        if s.cost is not None
        else "lookup"
        if s.ref_lost is not None and s.escalation is None and s.feedback_asks is None
        else ("which_product" if asks_which_product(s) else "product")
        if s.product_fact
        else "pass_question"
        if s.feedback_asks is not None
        else "question"
        if asked_how or s.curious is not None
        else s.escalation.kind
        if s.escalation
        else "answer"
    )
    if topic == "lookup" and ("praise" in s.plan.intents or KUDOS.search(s.said)):
        # "Love you guys, lost my booking number though": the kind words thanked, then the
        # same offer to look it up (a "thanks!" closing the request is politeness, no praise).
        topic = "kind_lookup"
    context = replace(context, topic=topic)
    # The public text is a holding reply, sendable as it is; what is still to write is
    # the reviewer's, never a gap in the text.
    if topic in ("lookup", "kind_lookup"):
        # Not a holding reply: it asks for what finds the booking, and a person looks it up.
        s.notes.append("asks for what finds their booking or order — look it up from their DM")
        if topic == "kind_lookup":
            s.notes.append("kind words beside it — thanked first")
        return context
    gap = (
        "the price, or where it is set out"
        if topic == "cost"
        else "the service's recorded times"
        if topic == "timing"
        else "the next step or what to try"
        if topic == "info"
        else "the reply to their complaint above"
        if topic == "above"
        else context.gist or "the answer to their question"
    )
    s.notes.append(
        f"holding reply — replace it with the answer if you have it: {gap}; sent as it"
        " is, it says the answer follows in this thread (no time promised), so answer here"
        " once you know"
    )
    return context


def asks_which_product(s: DraftState) -> bool:
    """Whether a product-fact question leaves the product unsaid: no link, no product of the
    brand's named, and no post or comment above it that it could be about (on X a tweet
    to the brand stands alone; elsewhere a comment sits under the brand's own post)."""
    return (
        s.comment.platform == "x"
        and s.plan.product is None
        and s.parent is None
        and names_no_product(s.comment.text)
    )


def cut_title(words: str) -> str:
    """What a reply asks for by name of a title with parts missing, from the ``words`` that
    say so: "episode", "album", "track" or "title", or their plural where the words speak of
    several; empty where they name it by its number already ("episode 4")."""
    episode = re.search(r"(?<!\w)(?:episode|ep)(s?)(?!\w)( ?#?\d+)?", words)
    if episode is not None:
        return "" if episode.group(2) else "episode" + episode.group(1)
    if re.search(r"(?<!\w)(?:seasons?|series)(?!\w)", words):
        return "episodes"
    album = re.search(r"(?<!\w)(?:album|ep|record)(s?)(?!\w)", words)
    if album is not None:
        return "album" + album.group(1)
    track = re.search(r"(?<!\w)(?:song|track|single)(s?)(?!\w)", words)
    if track is not None:
        return "track" + track.group(1)
    return "title"


def feedback_topic(s: DraftState, context: ReplyContext) -> ReplyContext:
    """How feedback is acknowledged: thanks, sorry, a suggestion, a policy, a message passed on."""
    sore = s.plan.sentiment == "negative" or s.why is not None
    # A heads-up about a broken link is thanked, however negative its words read.
    topic = (
        "report"
        if s.slip is not None
        else "opinion"
        if s.opinion is not None
        else "sorry"
        if sore
        else "thanks"
    )
    if topic == "sorry" and s.feedback is not None and SUGGESTED.search(s.feedback):
        topic = "suggested"  # "you should add …" is passed on, never apologised for
    if topic != "report" and s.feedback is not None and taken_away(s.feedback):
        topic = "missed"  # a show, a product, a feature they miss: no "thanks"
    if s.missing_title is not None and s.feedback == s.missing_title:
        topic = "catalogue"
        if s.content_cut is not None:
            # Parts of a title missing: which one and where, for the team to check.
            topic = "content"
            context = replace(context, issue=cut_title(s.content_cut))
    if s.fellow is not None:
        topic = "others"
    elif s.policy is not None:
        topic = "policy"
        context = replace(context, issue=s.policy.name)
    elif s.pass_on is not None:
        topic = "pass_thanks" if s.pass_on.thanks else "pass_on"
        if "?" in s.said:
            topic = "pass_ask"  # "can you pass a message to …?": how to send it
    elif s.feedback is None:
        # Praise with a reservation: neither sorry nor thanks, unless it ends on praise.
        topic = "praised" if ends_on_praise(s.said) else "noted"
        if topic == "praised":
            s.notes.append("but it ends on praise — thank them")
    context = replace(context, topic=topic)
    return context


def chat_topic(s: DraftState, context: ReplyContext) -> ReplyContext:
    """Which light word back: a celebration, a greeting, a cheer, a campaign answer, banter."""
    tip = s.banter and RECOMMEND.search(s.said) is not None
    topic = (
        # Eagerness for something to come ("can't wait for the new collection") shares the
        # anticipation; an occasion or a bargain is celebrated.
        "anticipate"
        if s.celebrated is not None and eager(s.celebrated)
        else "celebrate"
        if s.celebrated is not None
        else "greeting"
        if s.greeted
        else "cheer"
        if s.rhetorical is not None
        else "campaign"
        if s.campaign
        else "tip"
        if tip
        else "banter"
        if s.banter
        else "chat"
    )
    context = replace(context, topic=topic)
    return context


def continue_in_private(
    s: DraftState, context: ReplyContext, library: TemplateLibrary
) -> ReplyContext:
    """A case already open in private messages is continued there, with no restart."""
    text = s.comment.text
    # "I sent a DM 3 days ago and nobody has answered": a DM the customer says went nowhere
    # is no case under way, and "we'll pick it up in your DM" would wave them off.
    let_down = (
        (s.escalation is not None and s.escalation.kind == "failed support")
        or find_let_down(text) is not None
        or failed_channel(text) is not None
    )
    ours = ongoing_dm("", s.parent)
    if s.template in (
        "follow_up",
        "complaint",
        "support",
        "escalation",
        "concern",
        "by_hand",
    ) and (ours or (not let_down and ongoing_dm(text, s.parent))):
        # The thread shows a case already open in private messages: continue it there.
        s.notes.append("an ongoing case in private messages — continue it there, no restart")
        s.template = "follow_up"
        # Sent, and still not fixed or still waiting: sorry for the wait, not a bare "got it".
        waiting = (
            let_down
            or chased(s.said)
            or (s.kind == "unresolved" and DM_CASE.search(s.said) is not None)
        )
        context = replace(
            context,
            topic="dm_chased" if waiting else "dm",
            # "Where we left off" only where we have answered in this thread.
            replied=s.parent is not None and s.parent.own,
        )
        s.name = library.find(s.language, s.template, s.voice, s.comment.platform) or s.name
    return context
