"""Which reply template answers a comment, from the intents the engine read in it."""

from __future__ import annotations

import re

from bot.models import Comment
from bot.smo.comment_patterns import ASKS, TROUBLE
from bot.smo.faq import FAQ_THRESHOLD
from bot.smo.guardrails import is_real_question, only_reservations, plain_quotes
from bot.smo.reply_plan import ReplyPlan

__all__ = ["choose_template"]

# Praise that reads like a request ("they need a shout-out"): no request for help.
_PRAISE_ASK = re.compile(
    r"(?<!\w)(?:needs?|deserves?|want|wanted) (?:a |an )?(?:big )?(?:shout ?-?outs?|raise|promotion"
    r"|bonus|recognition|medal|award|pay ?rise)(?!\w)",
    re.IGNORECASE,
)


def choose_template(
    plan: ReplyPlan, notes: list[str], why: str | None, comment: Comment
) -> str | None:
    """The template that answers ``comment`` by its intents, or None; what the reviewer should
    know of the choice (an FAQ match, praise with a problem) goes to ``notes``; ``why`` is what
    makes the customer unhappy, if anything."""
    intents = plan.intents
    faq = plan.faq
    answered = faq is not None and faq.score >= FAQ_THRESHOLD
    question = "question" in intents
    if answered and question and (why is not None or not is_real_question(comment.text)):
        # An FAQ answer only answers a real question from a customer who is not unhappy.
        assert faq is not None
        reason = why or "it asks no question"
        notes.append(f'FAQ "{faq.question}" (score {faq.score:.2f}) not used: {reason}')
        answered = False
        faq = None
    if "complaint" in intents:
        template = "complaint"
    elif "purchase_intent" in intents and why is None:
        template = "purchase_intent"
    elif question and answered:
        template = "question"
    elif "support" in intents:
        template = "support"
    elif question:
        template = "question"
    elif "purchase_intent" in intents:
        template = "support"
    elif "praise" in intents:
        # No thanks where a clause or a reading says something is wrong, nor where the
        # customer asks for something.
        text = plain_quotes(comment.text)
        if (
            why is not None
            and plan.sentiment == "positive"
            and not plan.sarcasm
            and TROUBLE.search(text.lower()) is None
            and not is_real_question(text)
            and ASKS.search(_PRAISE_ASK.sub(" ", text)) is None
            and only_reservations(text)
        ):
            # Praise with a reservation ("nothing short of amazing", "but lately they've
            # been great"): no apology and no request for details, and no thanks on a
            # negative clause either — say it is passed on.
            template = "feedback"
            notes.append(f"praise with a reservation: {why} — no apology and no thanks")
        elif why is not None:
            template = "complaint"
            notes.append(f"praise with a problem: {why}")
        elif is_real_question(text):
            template = "question"
            notes.append("praise with a question")
        elif ASKS.search(_PRAISE_ASK.sub(" ", text)):
            template = "support"
            notes.append("praise with a request")
        else:
            template = "praise"
    else:
        return None
    if faq is not None and answered:
        hint = "FAQ match" if template in ("question", "purchase_intent") else "FAQ may help"
        notes.append(f'{hint}: "{faq.question}" (score {faq.score:.2f})')
    elif faq is not None and template in ("question", "purchase_intent"):
        notes.append(
            f'no FAQ entry is close enough (best "{faq.question}" scored '
            f"{faq.score:.2f} < {FAQ_THRESHOLD:.2f}) — answer by hand"
        )
    elif template == "question":
        notes.append("a question and no FAQ to answer from — answer by hand")
    return template
