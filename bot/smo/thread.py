"""The conversation a comment belongs to: the comment it answers and how it answers the brand."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from bot.models import Comment

__all__ = ["ThreadMemory", "Turn", "follow_up_kind"]


@dataclass(frozen=True, slots=True)
class Turn:
    """An earlier comment in the thread: who wrote it, what it said, whether the brand did."""

    author: str
    text: str
    own: bool


# How a customer answers the brand's reply. Checked in this order: "working again" is resolved
# (the "again" is not a complaint), "nope, still down, thanks" is unresolved, not thanks.
_RESOLVED = re.compile(
    r"(?<!\w)(?:(?<!not )(?<!n't )(?:working|works|fine) (?:again|now)|(?:it'?s|its|it is|that'?s"
    r"|all|everything(?:'?s| is)?|problem(?:'?s| is| has been| was)?|issue(?:'?s| is| has been"
    r"| was)?|(?:has|have) been) (?:now )?(?:sorted|fixed|resolved|solved|working)"
    r"|(?:got|have) it (?:working|sorted|fixed)|(?:that|it) (?:worked|did the trick|helped)"
    r"|all good(?: now)?|never ?mind|(?:i'?m|i am) happy with|back (?:up|on|online) now"
    r"|(?:i|we) (?:managed|was able|were able) to|(?:got|get) it to work)(?!\w)",
)
# Words that mean something is still wrong, whatever else the follow-up says.
_STILL_WRONG = re.compile(r"(?<!\w)(?:but|still|not|n't|no longer|again and again|keeps?)(?!\w)")
_UNRESOLVED = re.compile(
    r"(?<!\w)(?:still|again|nope|no luck|didn'?t (?:work|help)|doesn'?t (?:work|help)"
    r"|not (?:working|fixed|resolved|yet|sorted)|same (?:problem|issue|thing)|any (?:update|news)"
    r"|already (?:did|tried|done|have)|tried (?:that|it|everything)|no (?:reply|response|answer)"
    r"|nothing (?:yet|happened|has changed)|wtf|seriously|\?\?)(?!\w)",
)
_SENT = re.compile(
    r"(?<!\w)(?:(?:just |have |i'?ve |i )?(?:sent|dm'?d|dm'?ed|dm(?= u | you )|messaged|replied"
    r"|emailed)(?: you| u)?(?: (?:a|the|my))? ?(?:dm|message|details|email|pm)?"
    r"|check (?:your|ur) dms?"
    r"|(?<!i'm )(?<!i am )(?<!we're )(?<!so )done|followed)(?!\w)",
)
_THANKS = re.compile(r"(?<!\w)(?:thanks|thank you|thx|ty|cheers|appreciate it|great, thanks)(?!\w)")


def follow_up_kind(text: str) -> str:
    """How ``text`` answers the brand: "resolved" (it works now), "unresolved", "sent"
    (details sent privately), "thanks", or "info" (more about the problem)."""
    # Lowercased: the patterns here are written in lower case, and a case-blind search costs
    # twice as much.
    text = text.replace("\u2019", "'").lower()
    resolved = _RESOLVED.search(text)
    if resolved is not None and not _STILL_WRONG.search(text[resolved.end() :]):
        return "resolved"
    if _UNRESOLVED.search(text):
        return "unresolved"
    if _SENT.search(text):
        return "sent"
    if _THANKS.search(text):
        return "thanks"
    return "info"


class ThreadMemory:
    """The last comments seen, by key, so a reply can read the comment it answers; bounded."""

    def __init__(self, size: int = 50_000) -> None:
        self._turns: OrderedDict[str, Turn] = OrderedDict()
        self._size = size

    def add(self, comment: Comment, own: bool) -> None:
        self._turns[comment.key] = Turn(comment.author, comment.text, own)
        if len(self._turns) > self._size:
            self._turns.popitem(last=False)

    def parent(self, comment: Comment) -> Turn | None:
        if not comment.parent_id:
            return None
        return self._turns.get(f"{comment.platform}:{comment.parent_id}")
