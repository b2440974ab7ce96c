"""The cue lexicons (English, German, Spanish) that the intent classifier compiles once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "ABUSE_STRONG",
    "ABUSE_WEAK",
    "COMPLAINT",
    "CONTRAST",
    "COURTESY",
    "CUE_LANGUAGES",
    "DIRECTED",
    "EMOJI_VALENCE",
    "GREETINGS",
    "HELP_REQUESTS",
    "NEEDS_ACTION",
    "NEGATORS",
    "PRAISE",
    "PURCHASE",
    "QUESTION_OPENERS",
    "QUESTION_PHRASES",
    "REPORTED_SPEECH",
    "SARCASM",
    "SARCASM_PRAISE",
    "SERVICE_COMPLAINT",
    "SPAM_PHRASES",
    "SUPPORT",
    "CueSpec",
]


# The languages these lexicons cover; comments in others get no intent from the text.
CUE_LANGUAGES: frozenset[str] = frozenset({"en", "de", "es"})


@dataclass(frozen=True, slots=True)
class CueSpec:
    """A regex fragment matched case-insensitively between word boundaries.

    ``tag`` names the complaint issue or support topic the cue points at; a cue that carries
    its own negation ("doesn't work") is not ``negatable``.
    """

    pattern: str
    tag: str = ""
    negatable: bool = True
    weight: int = 1


def _cues(tag: str, *patterns: str, negatable: bool = True, weight: int = 1) -> tuple[CueSpec, ...]:
    return tuple(CueSpec(p, tag, negatable, weight) for p in patterns)


def _join(*groups: tuple[CueSpec, ...]) -> tuple[CueSpec, ...]:
    return tuple(cue for group in groups for cue in group)


# Words that flip the cue that follows within the same clause (three tokens back).
NEGATORS: frozenset[str] = frozenset(
    {
        "not", "no", "never", "without", "hardly", "barely", "nothing", "nobody", "none",
        "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't", "arent",
        "aren't", "wasnt", "wasn't", "werent", "weren't", "cant", "can't", "cannot", "wont",
        "won't", "havent", "haven't", "hasnt", "hasn't", "aint", "ain't", "nor", "neither",
        "nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "nichts", "ohne",
        "nunca", "jamás", "jamas", "ni", "sin", "tampoco", "nada",
    }
)  # fmt: skip

# A second-person pronoun (not a possessive) before a mild insult makes it a personal attack.
DIRECTED: frozenset[str] = frozenset(
    {
        "you", "you're", "youre", "ur", "u", "yall", "y'all", "ya", "thou",
        "du", "ihr", "sie",
        "eres", "sois", "tu", "tú", "vosotros", "ustedes",
    }
)  # fmt: skip

# Words that make an insult reported speech rather than an attack ("they called me an idiot").
REPORTED_SPEECH: frozenset[str] = frozenset(
    {"called", "calling", "call", "calls", "said", "says", "saying", "named", "nannte", "llamó"}
)

QUESTION_OPENERS: tuple[str, ...] = (
    # en
    "how", "what", "whats", "what's", "when", "where", "which", "who", "why", "whose",
    "is it", "is there", "is this", "is that", "are there", "are they", "are you", "are these",
    "do you", "do they", "does it", "does this", "does anyone", "did you", "can i", "can you",
    "can we", "could you", "could i", "will it", "will you", "will there", "would it",
    "would you", "should i", "any chance", "any plans", "any update", "any news", "any idea",
    "anyone know", "anyone tried", "wondering if", "wondering whether", "i wonder if",
    "will the", "will this", "does the", "do the", "is the", "are the", "can it", "would this",
    "has anyone", "have you", "did anyone", "do u", "r u", "can u", "how's", "where's", "when's",
    # de
    "wie", "wann", "wo", "woher", "wohin", "welche", "welcher", "welches", "warum",
    "wieso", "weshalb", "gibt es", "kann man", "kann ich", "könnt ihr", "habt ihr", "ist das",
    "ist es", "seid ihr", "wird es",
    # es
    "cómo", "qué", "cuándo", "dónde", "cuál", "cuáles", "cuánto", "cuánta", "cuántos",
    "por qué", "hay", "tienen", "puedo", "se puede", "hacen envíos",
)  # fmt: skip

COMPLAINT: tuple[CueSpec, ...] = _join(
    _cues(
        "experience",
        r"nothing yet",
        r"(?:has|have)n'?t (?:moved|reached|come through)",
        r"never heard back",
        r"(?:not a single|no) (?:answer|reply|response|word)",
        r"still (?:get|getting|receive)",
        r"soaked",
        r"(?:is|are|was|were) gone",
        r"rude",
        r"sticky",
        r"dirty",
        r"not ok(?:ay)?",
        r"(?:isn'?t|not) the same",
        r"way off",
        r"error(?:ing|s)?",
        r"rings out",
        r"(?:prices?|costs?|fees?|delivery|shipping) (?:keeps? |went |go(?:es)? |gone )up",
        r"(?:keep|keeps) going up",
        r"which is it",
        r"same (?:thing|problem|issue) (?:happened|here)",
        r"mine too",
        r"what is going on",
        r"stopped (?:ordering|buying|using)",
        r"room (?:to|for) improve(?:ment)?",
        r"shame (?:the|that|about)",
        r"says delivered",
        r"not tested",
        r"clearly not",
        r"so nicht",
        r"antwortet (?:\w+ ){0,4}nicht",
        r"pessim[oa]",
        r"nessuna risposta",
        r"non è (?:ancora )?arrivat[oa]",
        r"abîmée?",
        r"inutilisable",
        r"déçue?",
        r"toujours pas",
        r"pas encore reçu",
        r"péssim[oa]",
        r"ainda não chegou",
        r"nunca chegou",
        r"deludente",
        r"rott[oa]",
        negatable=False,
    ),
    _cues(
        "delay",
        r"still waiting",
        r"(?:has|have)n'?t (?:arrived|come|shipped)",
        r"never (?:arrived|came|showed up)",
        r"(?:lost|misplaced) my (?:order|parcel|package|delivery)",
        r"not (?:arrived|here|received) yet",
        r"where(?:'s| is) my (?:order|package|parcel|refund)",
        r"(?:weeks?|days?) late",
        r"so late",
        r"delayed",
        r"no tracking update",
        r"noch nicht (?:angekommen|da)",
        r"warte (?:seit|immer noch)",
        r"immer noch nicht",
        r"todavía no (?:ha )?llega(?:do)?",
        r"sigo esperando",
        r"no (?:me )?ha llegado",
        r"nunca llegó",
        negatable=False,
    ),
    _cues(
        "damage",
        r"broken",
        r"broke",
        r"damaged",
        r"cracked",
        r"smashed",
        r"fell apart",
        r"ripped",
        r"torn",
        r"dented",
        r"leaking",
        r"leaked",
        r"kaputt",
        r"beschädigt",
        r"gebrochen",
        r"roto",
        r"rota",
        r"dañado",
        r"dañada",
    ),
    _cues(
        "defect",
        r"(?:does|do|did)n'?t work",
        r"not working",
        r"stopped working",
        r"won'?t (?:turn on|charge|work|open|load)",
        r"keeps? crashing",
        r"crashes",
        r"faulty",
        r"defective",
        r"glitch(?:y|es)?",
        r"funktioniert (?:nicht|nie)",
        r"geht nicht",
        r"no funciona",
        r"dejó de funcionar",
        negatable=False,
    ),
    _cues(
        "billing",
        r"charged (?:me )?twice",
        r"double[- ]charged",
        r"overcharged",
        r"hidden fees?",
        r"charged (?:me )?(?:again|without)",
        r"zweimal (?:abgebucht|belastet)",
        r"me cobraron (?:dos veces|de más)",
        negatable=False,
    ),
    _cues(
        "wrong item",
        r"wrong (?:item|size|colou?r|product|order)",
        r"(?:item|part|piece)s? (?:is |are |was |were )?missing",
        r"missing (?:item|part|piece)s?",
        r"not what i ordered",
        r"falsche[srn]? (?:artikel|größe|farbe)",
        r"producto equivocado",
        r"talla equivocada",
        negatable=False,
    ),
    _cues(
        "no answer",
        r"no ?one (?:answers|replies|responds|is answering|gets back)",
        r"nobody (?:answers|replies|responds)",
        r"no (?:reply|response|answer)(?: yet)?",
        r"ignor(?:ed|ing) (?:me|my)",
        r"on hold for",
        r"rude (?:staff|agent|support)",
        r"(?:customer )?(?:service|support) (?:is|was) (?:useless|terrible|awful|a joke)",
        r"keine antwort",
        r"niemand antwortet",
        r"nadie responde",
        r"sin respuesta",
        negatable=False,
    ),
    _cues(
        "quality",
        r"poor quality",
        r"bad quality",
        r"cheaply made",
        r"flimsy",
        r"faded",
        r"shr[ua]nk",
        r"pilling",
        r"peeling",
        r"stale",
        r"undercooked",
        r"burnt",
        r"mouldy",
        r"moldy",
        r"schlechte qualität",
        r"mala calidad",
    ),
    _cues(
        "experience",
        r"worst",
        r"(?:repulsive|revolting|inedible|soggy|disgraceful|disgusting|appalling)",
        r"terrible",
        r"awful",
        r"horrible",
        r"disappointed",
        r"disappointing",
        r"unacceptable",
        r"ridiculous",
        r"rip[- ]?off",
        r"waste of (?:money|time)",
        r"scam(?:med)?",
        r"fed up",
        r"frustrat(?:ed|ing)",
        r"useless",
        r"incompetent",
        r"never again",
        r"never (?:buying|ordering) (?:from you )?again",
        r"unhappy",
        r"sucks",
        r"(?:is|are|was) (?:trash|garbage|a joke)",
        r"(?:want|need) (?:my money back|a refund)",
        r"how (?:hard|difficult) (?:is|can) it be",
        r"enttäuscht",
        r"unverschämt",
        r"katastrophe",
        r"schrecklich",
        r"nie wieder",
        r"decepcionad[oa]",
        r"pésim[oa]",
        r"una vergüenza",
        r"estafa",
        r"nunca más",
    ),
    _cues(
        "experience",
        r"not (?:happy|satisfied|impressed)",
        r"not a fan",
        r"expected better",
        r"do better",
        r"lost (?:its|their) way",
        r"tone[- ]deaf",
        r"unfollow(?:ing|ed)?",
        r"greenwashing",
        r"(?:way|far|much) too (?:\w+)",
        r"(?:too|so) expensive",
        r"overpriced",
        r"junk",
        r"rubbish",
        r"crap",
        r"meh",
        r"misleading",
        r"confusing",
        r"nobody cares",
        r"ruin(?:ed|ing|s)",
        r"should be ashamed",
        r"barely (?:works?|working|loads?|usable|holds? a charge)",
        r"(?:even|much|way|so much|never been) slower",
        r"wasteful",
        r"just average",
        r"used to be (?:good|great|better)",
        r"(?:always|again) sold out",
        r"sold out again",
        r"without telling",
        r"no (?:thanks|thank you)",
        negatable=False,
    ),
    _cues(
        "defect",
        r"(?:does|do|did)n'?t (?:close|fit|open|charge|load|apply)",
        r"(?:is|was|been) down",
        r"keeps? (?:failing|crashing|freezing|logging me out)",
        r"logs? me out",
        r"can'?t (?:log|sign) ?in",
        r"fix your",
        r"snapped",
        r"came off",
        r"fell off",
        negatable=False,
    ),
    _cues(
        "delay",
        r"still no (?:refund|reply|answer|update|response|tracking)",
        r"(?:hasn'?t|not) shipped",
        r"only got (?:one|1|two|2)",
        r"never got (?:it|my|the)",
        r"(?:losing|lost) my \w+",
        r"cancell?(?:ed|ing) my order",
        negatable=False,
    ),
)

PRAISE: tuple[CueSpec, ...] = _join(
    _cues(
        "",
        r"impressive",
        r"(?:couldn'?t|could not) agree more",
        r"so true",
        r"never miss(?:es)?",
        r"wish more brands",
        r"zero complaints",
        r"(?:so|really|super|very) helpful",
        r"au top",
        r"merci",
        r"génial",
        r"j'adore",
        r"adoro",
        r"perfett[oa]",
        r"fantastic[oa]",
        r"grazie",
        r"lind[oa]",
        r"amei",
        r"maravilhos[oa]",
        r"obrigad[oa]",
        negatable=False,
    ),
    _cues(
        "",
        r"love(?:d|s)?(?: it| this| these| them| you| the| my| how| that)?",
        r"loving",
        r"amazing",
        r"awesome",
        r"great",
        r"best",
        r"beautiful",
        r"gorgeous",
        r"stunning",
        r"perfect",
        r"perfection",
        r"obsessed",
        r"fantastic",
        r"brilliant",
        r"incredible",
        r"excellent",
        r"superb",
        r"wonderful",
        r"lovely",
        r"adorable",
        r"cute",
        r"nice",
        r"so good",
        r"delicious",
        r"yummy",
        r"tasty",
        r"well done",
        r"good job",
        r"nailed it",
        r"(?:set|sets|setting|raise[sd]?|raising) the bar",
        r"favou?rite",
        r"(?:highly )?recommend(?:ed)?",
        r"impressed",
        r"happy with",
        r"can'?t wait",
        r"game ?changer",
        r"top notch",
        r"worth (?:it|every)",
        r"goals",
        r"slay(?:s|ed)?",
        r"(?:is|so|looks|straight|pure) fire",
        r"chef'?s kiss",
        r"made my day",
        r"the best",
        r"super (?:schön|lecker|toll|zufrieden)",
        r"toll",
        r"wunderschön",
        r"großartig",
        r"genial",
        r"liebe (?:es|euch|ihn|sie|das)",
        r"begeistert",
        r"perfekt",
        r"lecker",
        r"danke(?:schön)?",
        r"vielen dank",
        r"me encanta(?:n)?",
        r"precios[oa]s?",
        r"increíble",
        r"maravillos[oa]",
        r"buenísim[oa]",
        r"genial",
        r"gracias",
        r"excelente",
        r"lo mejor",
    ),
    _cues("", r"thank(?:s| you| u)(?! for nothing)", r"thx", r"thks", r"ty"),
    _cues(
        "",
        r"good(?! (?:morning|evening|night|luck|afternoon|question))",
        r"next level",
        r"slaps",
        r"smooth",
        r"reliable",
        r"approves?",
        r"finally",
        r"worth (?:the|every)",
        r"keep coming back",
        r"can'?t get enough",
        r"never disappoints?",
        r"no (?:issues|problems|complaints)",
        r"never had (?:a|any) (?:problem|issue)s?",
        r"10/10",
        r"5 stars",
        r"liked it",
        r"never looked better",
        r"couldn'?t be happier",
        r"to die for",
        r"excited",
        r"deserved",
        r"congrat(?:s|ulations)",
        r"appreciate",
        r"bonit[oa]s?",
        r"bellissim[oa]",
        r"complimenti",
        r"magnifique",
        r"adorei",
        negatable=False,
    ),
)

# Tagged "buy": a wish to buy in so many words, the only lead a comment with a problem holds.
PURCHASE: tuple[CueSpec, ...] = _join(
    _cues(
        "buy",
        r"link to (?:buy|order|shop)",
        r"might (?:get|buy|order)(?: one| it| this)?",
        r"(?:going to|gonna|will) (?:buy|order)",
        r"before i buy",
        r"where (?:can|do|could) (?:i|we) (?:buy|get|order)",
        r"where to (?:buy|get|order)",
        r"(?:want|need) (?:to buy|to order)",
        # "I want one!", not "you need it", "need it for my booking" or "need this fixed".
        r"(?<!you )(?<!u )(?<!guys )(?<!they )(?:want|need) (?:one|this|these|it|two)"
        r"(?:(?= (?:so bad|too|now|asap|please|pls|plz|of (?:those|these|them)|in my life"
        r"|for christmas|for my birthday))|(?! [a-z]))",
        r"take my money",
        r"shut up and take",
        r"i'?ll take (?:two|one|it|2|3)",
        r"i'?d buy",
        r"wo (?:kann ich|kaufen|gibt es)",
        r"quiero comprar",
        r"dónde (?:lo |la |los |las )?(?:puedo )?comprar",
    ),
    _cues(
        "",
        r"shipped to",
        r"ordering (?:the|a|one|two|it|this|now)",
        r"just ordered",
        r"versendet ihr",
        r"livrez",
        r"livraison",
        r"acheter",
        r"spedite",
        r"spedizione",
        r"comprare",
        r"prezzo",
        r"entregam",
        r"compro",
        r"preço",
        r"prix",
    ),
    _cues(
        "price",
        r"how much(?! (?:longer|more time|time|does (?:that|this|it) (?:help|matter)))",
        r"(?<!for the )price(?:s|d)?",
        r"pricing",
        r"costs?",
    ),
    _cues(
        "",
        r"add(?:ed|ing)? to (?:my )?(?:cart|basket)",
        r"(?:do|will) you (?:ship|deliver) to",
        r"ship(?:ping)? to",
        r"in stock",
        r"back in stock",
        r"restock(?:ed|ing)?",
        r"available in",
        r"available (?:for|to) (?:buy|order)",
        r"(?:pre-?order|preorder)",
        r"discount code",
        r"promo code",
        r"coupon",
        r"link (?:please|pls|plz)",
        r"link\?",
        r"sell (?:it|this|these|them)",
        r"sold out",
        r"(?:what|which) sizes?",
        r"size (?:guide|chart)",
        r"gift cards?",
        r"wholesale",
        r"bulk order",
        r"(?:a )?quote for",
        r"(?:book|get|schedule|request) a demo",
        r"free trial",
        r"(?:team|enterprise) plan",
        r"ordering (?:one|two|it|this|now)",
        r"gonna (?:buy|order)",
        r"was kostet",
        r"wie viel kostet",
        r"preis",
        r"liefert ihr",
        r"versand nach",
        r"bestellen",
        r"will (?:es |das |ich )?(?:haben|kaufen)",
        r"cuánto cuesta",
        r"precio",
        r"envío a",
        r"hacen envíos",
        r"lo quiero",
        r"la quiero",
        r"quiero comprar",
        r"ship(?:s|ping)? international(?:ly)?",
        r"deliver(?:y)? to",
        r"physical (?:store|shop)",
        r"try (?:it|them|one) on",
        r"pay (?:with|by)",
        r"paypal",
        r"klarna",
        r"cheaper",
        r"difference between",
        r"make (?:this|it|one|them) in",
        r"(?:in|a) size \w+",
        r"comes? in",
        r"engrav\w*",
        r"(?:black friday|summer|winter) sale",
        r"sale start",
        r"vegan options?",
        r"buy (?:it |this |one )?again",
        r"ordered (?:two|three|\d) more",
        r"(?:basic|pro|premium|free|starter) (?:tier|plan|kit)",
        r"true to size",
        r"runs? (?:small|large|big)",
        r"free (?:shipping|delivery)",
        r"shipping (?:cost|fee)s?",
        r"(?:in|every) (?:colou?r|size)s?",
        r"tienda",
        r"comprarl[oa]s?",
        r"ich will (?:es|das|ihn|sie)",
        r"auch in",
        r"in größe",
        r"quero",
    ),
)


SUPPORT: tuple[CueSpec, ...] = _join(
    _cues(
        "order",
        r"my order",
        r"i ordered",
        r"order (?:no\.?|number|#)\s*\w*",
        r"#\d{4,}",
        r"meine bestellung",
        r"invoice",
        r"receipt",
        r"ich habe (?:\w+ )?bestellt",
        r"mi pedido",
        r"hice un pedido",
    ),
    _cues(
        "shipping",
        r"my (?:package|parcel|delivery|shipment)",
        r"tracking(?: number| link| code)?",
        r"(?:has|have)n'?t (?:arrived|received|shipped)",
        r"not (?:yet )?(?:arrived|received|delivered)",
        r"courier",
        r"was never delivered",
        r"marked (?:as )?delivered",
        r"mein paket",
        r"meine lieferung",
        r"sendungsnummer",
        r"mi paquete",
        r"seguimiento",
        negatable=False,
    ),
    _cues(
        "refund",
        r"refund(?:ed)?",
        r"money back",
        r"return (?:it|this|them|my)",
        r"exchange (?:it|this|my)",
        r"chargeback",
        r"cancel(?:l?ed)? my (?:order|subscription)",
        r"charged (?:me )?twice",
        r"rückerstattung",
        r"geld zurück",
        r"zurückschicken",
        r"reembolso",
        r"devolución",
        r"devolver",
    ),
    _cues(
        "account",
        r"log ?in",
        r"sign ?in",
        r"my account",
        r"password",
        r"locked out",
        r"my subscription",
        r"verification (?:code|email)",
        r"2fa",
        r"can'?t access",
        r"reset (?:my )?password",
        r"unsubscribe",
        r"payment (?:card|method|details)",
        r"mein konto",
        r"passwort",
        r"mi cuenta",
        r"contraseña",
    ),
)

SPAM_PHRASES: tuple[CueSpec, ...] = _join(
    _cues(
        "self-promotion",
        r"dm (?:me |us )?(?:for|to) (?:an? )?(?:paid )?(?:collab\w*|promo\w*|earn|make|shout ?out)",
        r"ambassador (?:spots?|program\w*|wanted)",
        r"promote (?:this|it|your \w+) (?:on|to|with)",
        r"(?:message|dm|text|contact|send this to|hit up) @\w+",
        r"click here",
        r"we offer (?:\w+ ){0,3}services",
        r"seo services",
        r"(?:gain|get|buy) (?:\d+k? )?(?:real |cheap |free )?(?:followers|likes|subscribers|views)",
        r"(?:earn|make|made|making) \$?\d[\d,.]*k? (?:a|per|every|last|this) (?:day|week|month)",
        r"sugar (?:daddy|mommy)",
        r"ask me how",
        r"claim (?:yours|your \w+)",
        r"free (?:phone|iphone|money|gift)",
        weight=3,
    ),
    _cues(
        "self-promotion",
        r"check (?:out )?my (?:channel|page|profile|account|bio|ig|insta|stor(?:y|ies|e)|shop)",
        r"visit my (?:channel|page|profile|shop|store)",
        r"(?:sub(?:scribe)?|follow) (?:to )?my (?:channel|page)",
        r"link in (?:my )?bio",
        r"(?:check out |listen to |watch )?my new (?:song|track|video|single|album|mixtape|ep)",
        r"promote your (?:page|account|brand|business)",
        r"dm (?:me )?(?:for|to) (?:collab|promo|promotion|earn|make|shoutout)",
        r"collab\?",
        r"shout ?out for shout ?out",
        r"besucht meinen kanal",
        r"visita mi (?:canal|perfil)",
        weight=3,
    ),
    _cues(
        "follower bait",
        r"follow me",
        r"follow (?:back|4 ?follow|for follow)",
        r"f4f",
        r"l4l",
        r"sub4sub",
        r"free (?:followers|likes|subs|subscribers)",
        r"(?:gain|get|buy) (?:real |cheap )?(?:followers|likes|subscribers|views)",
        r"(?:1|2|5|10)k followers",
        r"sígueme",
        weight=3,
    ),
    _cues(
        "money bait",
        r"(?:earn|make|made|making) \$?\d[\d,.]*k? (?:a|per|every) (?:day|week|month)",
        r"work(?:ing)? from home",
        r"crypto",
        r"bitcoin",
        r"forex",
        r"investment (?:opportunity|manager|platform)",
        r"whatsapp \+?\d",
        r"telegram @?\w+",
        r"you(?:'ve| have) won",
        r"claim your (?:prize|reward|gift)",
        r"giveaway winner",
        r"onlyfans",
        r"hot singles",
        r"cash ?app",
        weight=3,
    ),
)

ABUSE_STRONG: tuple[CueSpec, ...] = _cues(
    "",
    r"imagine being (?:this|so) \w+",
    r"(?:and )?so are you",
    r"get a real job",
    r"nobody asked",
    r"losers?(?= *(?:$|[.!,😠😡💔]))",
    r"idiots?",
    r"morons?",
    r"imbeciles?",
    r"scumbags?",
    r"dickheads?",
    r"assholes?",
    r"bitch(?:es)?",
    r"piece of (?:shit|crap|garbage|trash)",
    r"f+u+c+k+ (?:you|u|off|your)",
    r"f\*+k? (?:you|off|yourselves|yourself)",
    r"go f\S* (?:yourselves|yourself)",
    r"stfu",
    r"shut (?:up|your (?:mouth|face))(?! and take)",
    r"kys",
    r"kill yourself",
    r"go die",
    r"hope (?:you|u|they|your \w+) (?:die|dies|rot|rots|burn|burns|get fired)(?: down)?",
    r"(?:i'?ll|i will|gonna|going to) (?:find|hurt|kill|beat) (?:you|u|your)",
    r"watch your back",
    r"deserve to die",
    r"get cancer",
    r"arschl[oö]ch(?:er)?",
    r"vollidiot(?:en)?",
    r"halt die fresse",
    r"verpiss dich",
    r"idiota?s?",
    r"imbéciles?",
    r"gilipollas",
    r"cállate",
    r"🖕",
    r"estúpid[oa]s",
)

# Mild insults: an attack only when aimed at someone ("you're pathetic"), not at a thing.
ABUSE_WEAK: tuple[CueSpec, ...] = _cues(
    "",
    r"a joke",
    r"stupid",
    r"dumb",
    r"pathetic",
    r"worthless",
    r"ugly",
    r"disgusting",
    r"clowns?",
    r"losers?",
    r"trash",
    r"garbage",
    r"clueless",
    r"liars?",
    r"thie(?:f|ves)",
    r"dumm",
    r"erbärmlich",
    r"lügner",
    r"estúpid[oa]",
    r"patétic[oa]s?",
    r"mentiros[oa]s?",
)

SARCASM: tuple[CueSpec, ...] = _cues(
    "",
    r"/s",
    r"yeah,? right",
    r"thanks? for nothing",
    r"#thanksfornothing",
    # Thanks for harm done ("thank you for ruining my phone") is no thanks.
    r"thank(?:s| you)(?: (?:so|very) much)? for (?:ruining|breaking|wasting|destroying|messing up"
    r"|screwing (?:me|up)|ignoring (?:me|us|my))",
    r"oh,? (?:great|wonderful|perfect|lovely|fantastic)",
    r"just (?:great|perfect|wonderful|brilliant|fantastic)",
    r"as if",
    r"sure,? (?:jan|buddy)",
    r"what a (?:joke|surprise)",
    r"slow clap",
    r"🙄",
    r"🙃",
    r"ja klar",
    r"na toll",
    r"sí,? claro",
    negatable=False,
)

# Praise words that turn sarcastic when the same comment also complains ("love waiting 3 weeks").
SARCASM_PRAISE: tuple[CueSpec, ...] = _cues(
    "",
    r"love (?:how|that|waiting|it when)",
    r"great (?:job|work)",
    r"well done",
    r"thanks a lot",
    r"so glad",
    r"amazing how",
    r"wow,? thanks",
    r"bravo",
    r"congrats on",
    negatable=False,
)

# Emojis VADER reads by their names ("fire" is negative there); our own valence replaces them.
EMOJI_VALENCE: dict[str, float] = {
    "😍": 3.0, "🥰": 3.0, "😘": 2.5, "❤": 3.0, "❤️": 3.0, "💕": 2.8, "💖": 2.8, "💗": 2.6,
    "💙": 2.5, "💚": 2.5, "💛": 2.5, "💜": 2.5, "🧡": 2.5, "🖤": 2.0, "🤍": 2.0, "♥": 2.8,
    "♥️": 2.8, "😊": 2.2, "🙂": 1.2, "😀": 2.0, "😃": 2.0, "😄": 2.2, "😁": 2.0, "😆": 1.8,
    "😂": 1.6, "🤣": 1.6, "😅": 0.8, "😉": 1.2, "🤩": 3.0, "🥳": 2.8, "👍": 1.8, "👏": 2.2,
    "🙌": 2.5, "💯": 2.4, "🔥": 2.6, "✨": 1.6, "🎉": 2.4, "🤤": 2.0, "😋": 2.2, "💪": 1.8,
    "⭐": 1.8, "🌟": 2.0, "👌": 1.8, "🙏": 1.4, "🤗": 2.2, "😎": 1.6, "🏆": 2.0, "🥇": 2.0,
    "💀": 0.6,
    "😡": -3.0, "🤬": -3.4, "😠": -2.6, "👎": -2.2, "😤": -2.0, "😞": -2.0, "😢": -1.8,
    "😭": -1.2, "😒": -1.8, "😩": -1.8, "😫": -1.8, "🤮": -3.0, "🤢": -2.6, "💩": -2.4,
    "😣": -1.8, "😔": -1.6, "😕": -1.2, "🙁": -1.6, "☹": -1.8, "☹️": -1.8, "😖": -1.8,
    "🖕": -3.4, "😑": -0.8, "😐": -0.4, "🤦": -1.6, "🤦‍♀️": -1.6, "🤦‍♂️": -1.6, "🙄": -1.6,
    "💔": -2.4,
}  # fmt: skip


def _service_cues() -> dict[str, Any]:
    """The service-conversation phrase banks (package data), checked as they load: a bad
    pattern names its section and entry rather than failing at first use."""
    source = resources.files("bot.smo").joinpath("service_cues.yaml")
    loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{source}: expected a mapping of cue sections")
    for section, entries in _pattern_lists(loaded):
        for entry in entries:
            if not isinstance(entry, str):
                raise ValueError(f"{source}: {section}: expected a pattern, got {entry!r}")
            try:
                re.compile(entry)
            except re.error as error:
                raise ValueError(f"{source}: {section}: bad pattern {entry!r}: {error}") from None
    return loaded


def _pattern_lists(loaded: dict[str, Any]) -> list[tuple[str, list[str]]]:
    lists = [(f"complaint.{issue}", list(p)) for issue, p in loaded["complaint"].items()]
    for section in ("help", "questions", "question_openers", "greetings", "contrast", "courtesy"):
        lists.append((section, list(loaded[section])))
    return lists


_SERVICE = _service_cues()

# Service-failure, churn and no-answer wording of telco, software, games, travel, food and
# retail customers; each carries its own negation ("won't load"), so none is negatable.
SERVICE_COMPLAINT: tuple[CueSpec, ...] = tuple(
    CueSpec(str(pattern), issue, negatable=False)
    for issue, patterns in _SERVICE["complaint"].items()
    for pattern in patterns
)
# Complaint issues that make the comment a support case: someone has to act on it.
NEEDS_ACTION: frozenset[str] = frozenset(_SERVICE["needs_action"])
# Explicit requests for someone to act ("please look into this", "DM sent", "#help").
HELP_REQUESTS: tuple[CueSpec, ...] = _cues(
    "help", *(str(p) for p in _SERVICE["help"]), negatable=False
)
# Asking without a question mark ("any tips on getting a refund", "let me know").
QUESTION_PHRASES: tuple[CueSpec, ...] = _cues(
    "question", *(str(p) for p in _SERVICE["questions"]), negatable=False
)
QUESTION_OPENERS = (*QUESTION_OPENERS, *(str(o) for o in _SERVICE["question_openers"]))
# Words a comment may open with before its question ("hi @brand, how do I ...").
GREETINGS: tuple[str, ...] = tuple(str(g) for g in _SERVICE["greetings"])
# Words after which a negative clause turns a positive one into a mixed comment.
CONTRAST: tuple[str, ...] = tuple(str(c) for c in _SERVICE["contrast"])
# Praise words that are politeness in a comment that also complains, asks or needs help.
COURTESY: tuple[str, ...] = tuple(str(c) for c in _SERVICE["courtesy"])
