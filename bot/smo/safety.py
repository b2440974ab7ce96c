"""Safety and legal topics in a comment that a person must answer: what and the words behind it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["SAFETY_TOPICS", "Hazard", "find_hazard"]


@dataclass(frozen=True, slots=True)
class Hazard:
    """A safety or legal topic a comment raises and the words that raised it."""

    topic: str
    cue: str


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


# In order: the first topic that matches names the hazard. Each pattern is a phrase a customer
# uses about themselves or what they bought, not a word that is also everyday hyperbole
# ("this game is sick", "killing it") — those stay with the ordinary drafts.
SAFETY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "self-harm",
        _words(
            r"kill(?:ing)? myself",
            r"end(?:ing)? (?:my|it) (?:life|all)",
            r"suicid\w*",
            r"self[- ]harm\w*",
            r"want to die",
        ),
    ),
    (
        "foreign object",
        _words(
            r"(?:hair|hairs|glass|plastic|metal|bone|insect|worm|maggots?|cockroach|roach|mould"
            r"|mold|a nail|band[- ]?aid|plaster|rodent|rat) (?:in|inside|baked into|on)"
            r" (?:(?:my|the|our|a|his|her) )?\w+",
            # Words with an everyday meaning in software ("a bug in the app") count only in food.
            r"(?:bug|bugs|a fly|flies|mouse|screw) (?:in|inside|baked into|on)"
            r" (?:(?:my|the|our|a|his|her) )?(?:\w+ )?(?:food|meal|pizza|burger|sandwich|salad"
            r"|soup|drink|coffee|chips|fries|bread|rice|curry|dinner|lunch|breakfast|takeaway"
            r"|cereal|milk|juice|fruit|veg\w*|pasta|noodles|chicken|meat)",
            r"found (?:a |an |some )?(?:hair|glass|plastic|metal|insect|bug|worm|maggots?"
            r"|cockroach|mould|mold|rodent|mouse|rat)",
        ),
    ),
    (
        "food safety",
        _words(
            r"food poisoning",
            r"(?:raw|undercooked|uncooked|pink) (?:chicken|pork|meat|burger|patty|inside)",
            r"(?:gone|went) off",
            r"out of date",
            r"past (?:the|its) (?:use[- ]by|expiry|sell[- ]by)",
            r"allerg(?:y|ic|ies|en|ens)",
            r"anaphyla\w*",
            r"contaminat\w*",
            r"mouldy|moldy",
            r"(?:got|has|had|with|covered in|full of|there'?s|was|is) (?:some |green |white )?"
            r"(?:mould|mold)",
            r"chemicals? in (?:my|your|the|our) \w+",
        ),
    ),
    (
        "illness or injury",
        _words(
            r"(?:got|made me|made us|made my \w+|been|was|were|am|are) (?:so |really |very )?"
            r"(?:sick|ill|poorly)",
            r"threw up|throwing up|vomit\w*",
            r"hospital\w*",
            r"a&e|emergency room",
            r"injur\w*",
            r"burn(?:ed|t) (?:me|my|him|her|us)",
            r"(?:cut|hurt) (?:me|my|myself|him|her|us)",
            r"(?:caught|catch(?:es)?) fire",
            r"explod\w*",
            r"electric shock",
            r"(?:fell|tripped|slipped) (?:on|over|in)",
        ),
    ),
    (
        "personal safety",
        _words(
            r"(?:not concerned|didn'?t care|don'?t care|no concern|no regard) (?:about|for)"
            r" (?:our|my|his|her|their|the passengers'?|customers'?) safety",
            r"(?:felt|feel|was|were|put (?:us|me|my \w+)) in danger",
            r"unsafe",
            r"(?:driver|he|she|they|man|guy|woman|passenger|someone|somebody) (?:\w+ ){0,3}?(?:had"
            r"|has|with|carrying|carries|pulled|pulls|showed|waving|waved) (?:a |an |his |her"
            r" |their )?(?:gun|knife|weapon|firearm|pistol)",
        ),
    ),
    (
        "legal action",
        _words(
            r"lawyers?",
            r"attorneys?",
            r"solicitors?",
            r"sue|suing|lawsuit",
            r"legal action",
            r"small claims",
            r"(?:take|taking) (?:you|this|it|them|(?:the |your )?\w+) to court",
            # "I recorded everything, I will go to court": a customer's own word for suing.
            r"(?:go|going|gone|went) to (?:the )?court",
            r"see you in court",
            r"trading standards",
            r"ombudsman",
            r"report(?:ing)? you to",
            r"fcc complaint|ftc complaint|bbb complaint",
            r"discriminat\w*",
        ),
    ),
    (
        # Someone's own work on the service without their leave, or someone posing as them: a
        # rights matter a person answers, whatever the customer calls it.
        "copyright or impersonation",
        _words(
            r"copyright\w*",
            r"intellectual property",
            r"dmca",
            r"trademark (?:infring\w*|violation|theft)",
            r"(?:my|our|his|her|their) (?:\w+ )?unreleased",
            r"(?:leaked|uploaded|posted|stole|stolen) (?:\w+ ){0,3}?unreleased",
            r"unreleased (?:songs?|music|tracks?|material|demos?|recordings?) (?:\w+ ){0,5}?"
            r"(?:leaked|uploaded|posted|stolen|without)",
            r"(?:songs?|music|tracks?|albums?|beats?|lyrics|art|artwork|photos?|pictures?"
            r"|images?|videos?|footage|content|work|designs?|books?|writing|recordings?|podcasts?"
            r"|logo|likeness) (?:\w+ ){0,8}?(?:without|w/o) (?:my|our|his|her|their|the artist'?s?"
            r"|any) (?:permission|consent|authori[sz]ation|licen[cs]e)",
            r"(?:stole|stolen|stealing|steal|ripped off|plagiari[sz]\w*|copied|copying)"
            r" (?:\w+ ){0,2}?(?:my|our|his|her|their) (?:\w+ )?(?:work|art|artwork|songs?|music"
            r"|tracks?|beats?|lyrics|designs?|photos?|pictures?|images?|videos?|content|writing"
            r"|books?|poems?|illustrations?|characters?|logo)",
            r"(?:my|our) (?:\w+ )?(?:work|art|artwork|songs?|music|tracks?|beats?|lyrics|designs?"
            r"|photos?|pictures?|images?|videos?|content|writing|books?|illustrations?|logo)"
            r" (?:was|were|has been|have been|got|is being|are being|being) (?:\w+ )?(?:stolen"
            r"|copied|plagiari[sz]ed|ripped off)",
            # "Songs I never made available, on your service": released by someone else.
            r"(?:songs?|music|tracks?|albums?|work|videos?|photos?|content|recordings?)"
            r" (?:that |which )?(?:i|we) (?:never|didn'?t|did not|haven'?t|have not)"
            r" (?:\w+ ){0,2}?(?:made available|released?|put out|authori[sz]ed?"
            r"|licen[cs]ed?|agreed to)",
            r"impersonat\w*",
            r"(?:pretending|pretends|claiming|claims|posing) (?:to be|as) (?:me|us|my|our)",
            r"fake (?:account|profile|page)s? (?:\w+ ){0,3}?(?:of me|of us|in my name|in our name"
            r"|using my|with my|pretending|impersonat\w*)",
        ),
    ),
    (
        "data breach",
        _words(
            r"data (?:breach|leak)",
            r"(?:been |was |got )?hacked",
            r"breach of (?:my )?(?:data|privacy)",
            r"(?:my|our) (?:data|details|information|card details) (?:was |were |got |have been )?"
            r"(?:leaked|stolen|exposed|compromised)",
            r"(?:leaked|stole|exposed|sold) (?:my|our) (?:data|details|card details"
            r"|information|password|address|email)",
            r"identity theft",
            # Someone else in the customer's account, or money moved they did not move: a
            # security matter for a person, never a sale ("placed an order I never made").
            r"(?:someone|somebody|a stranger|some(?:one|body) else) (?:has |had |have )?(?:logged"
            r"|signed|got|gotten|broke|broken|hacked) (?:in(?:to)?|on ?to) (?:my|our)"
            r" (?:\w+ )?account",
            r"(?:my|our) (?:\w+ )?account (?:was |has been |got |is |been )?(?:compromised"
            r"|taken over|hijacked)",
            r"(?:charges?|transactions?|payments?|purchases?|orders?|withdrawals?)(?: on (?:my|our)"
            r" (?:card|account|statement|bill))? (?:that )?(?:i|we) (?:did not|didn'?t|never"
            r"|have not|haven'?t) (?:make|made|authori[sz]ed?|place|placed|order|ordered)",
            r"(?:charges?|transactions?|payments?) (?:i|we) (?:don'?t|do not) recogni[sz]e",
            # Fraud done to the customer, not the word: a hold on funds the customer calls
            # fraudulent is a billing dispute, and fraud protection that blocked a purchase is
            # a card that works as meant.
            r"(?:victim of|reported|report(?:ing)?|committed|suspected) (?:a |some )?fraud",
            r"fraud (?:on|in|with|against|using) (?:my|our|the) (?:\w+ )?(?:card|account|name"
            r"|details|identity)",
            r"(?:card|bank|account|identity|credit card|debit card) fraud",
            r"fraudulent(?:ly)? (?:charges?|charged|transactions?|payments?|purchases?|orders?"
            r"|withdrawals?|activity|use|used|opened|accounts?|debits?|taken|withdrawn)",
            r"(?:charged|debited|used|opened|withdrawn|taken) fraudulently",
            r"fraudsters?",
            r"unauthori[sz]ed (?:charge|transaction|access|payment)s?",
            r"gdpr",
        ),
    ),
    (
        "harassment",
        _words(
            r"(?:sexual(?:ly)?|verbal(?:ly)?) (?:harass\w*|assault\w*|abus\w*)",
            r"harass(?:ed|ing|ment)",
            r"(?:sexual|inappropriate|creepy|lewd) (?:comments?|remarks?|advances?|jokes?)",
            # "An assault on your eyes" is a figure of speech about a look, not an attack.
            r"assault(?:ed)?(?! on (?:the |your |my |our |all )?(?:eyes|ears|senses|nose"
            r"|taste ?buds|eardrums))",
            r"(?:touched|groped|grabbed|hit|punched|pushed|shoved|slapped) (?:me|my|him|her|us)",
            r"(?:touch|touching|grope|groping|grab|grabbing|petting|stroking|rubbing) my"
            r" (?:ass|butt|bum|leg|legs|thigh|thighs|breasts?|chest|hair|body|knee)",
        ),
    ),
    (
        "threat",
        _words(
            r"i(?:'ll| will) (?:kill|hurt|find|come for|burn)",
            r"(?:plant|planting) a bomb",
            r"bomb threat",
            r"shoot (?:up|you|the)",
            r"you(?:'ll| will) (?:regret|pay for) (?:this|it)",
            r"watch your back",
        ),
    ),
    (
        "unsafe driving",
        _words(
            r"(?:reckless|dangerous|drunk|unsafe|erratic|careless)(?:ly)? driv\w*",
            r"driv(?:ing|es|e) (?:\w+ ){0,2}?(?:reckless|dangerous|erratic|careless|drunk)\w*",
            r"driv(?:ing|es|e) like (?:a |an )?(?:maniac|lunatic|madman|idiot)",
            r"(?:was|were|kept|keeps|been|is|started) (?:\w+ )?(?:speeding|swerving|tailgating"
            r"|racing|texting while driving)",
            r"(?:speeding|texting|on (?:his|her|their) phone) (?:\w+ ){0,3}?(?:the whole|all the"
            r"|the entire) (?:way|time|trip|ride|journey|drive)",
            r"(?:ran|running|jumped|went through) (?:a |two |three |several |multiple )?red"
            r" lights?",
            r"(?:nearly|almost) (?:crashed|hit (?:a|another|someone|us|me)|caused an? (?:accident"
            r"|crash))",
        ),
    ),
    (
        "discrimination",
        _words(
            r"(?:because|cause|cos|coz|just for being) (?:of )?(?:i'?m|i am|we'?re|we are|he'?s"
            r"|she'?s|my \w+ is|being|my|his|her|our|their)? ?(?:a |an )?(?:black|brown|asian"
            r"|muslim|jewish|gay|lesbian|trans(?:gender)?|disabled|in a wheelchair|blind|deaf"
            r"|foreign|an? immigrant|race|religion|skin(?: colou?r)?|colou?r|accent|disability"
            r"|wheelchair|guide dog|hijab|turban|ethnicity|sexuality)",
            # Racism, bigotry and a lack of diversity or representation, whether in how someone
            # was treated or in what the brand published (an ad, a range, a campaign).
            r"racis[mt]\w*|racially|racial (?:profiling|slurs?|abuse|bias)",
            r"(?:sexis[mt]|homophobi\w*|transphobi\w*|misogyn\w*|bigot\w*|xenophob\w*"
            r"|antisemit\w*|anti-semit\w*|islamophob\w*|ableis[mt]\w*)",
            # Not "no (legal) representation from the agent": representation of people.
            r"(?:no|zero|lack of|lacks|lacking|not (?:\w+ )?(?:any|enough)|little|without(?: any)?)"
            r" (?:(?!legal )\w+ )?(?:diversity|representation(?! (?:from|by|for)\b)|inclusivity"
            r"|inclusion)",
            r"(?:diversity|representation|inclusivity|inclusion) (?:\w+ ){0,3}?(?:is|was|are)"
            r" (?:\w+ )?(?:lacking|missing|non-?existent|zero|a joke|an afterthought|nowhere)",
            # Not "not inclusive of VAT": a price that leaves something out.
            r"(?:not|isn'?t|wasn'?t|aren'?t) (?:very |at all |remotely )?(?:diverse"
            r"|inclusive(?! (?:of|in|for|on)\b))",
            r"where(?:'?s| is| was) (?:the |any |your )?(?:diversity|representation|inclusion)",
            r"(?:all[- ]white|whitewash\w*|blackface|cultural(?:ly)? (?:appropriat\w*|insensitive)"
            r"|tone[- ]deaf|stereotyp\w*)",
            r"offensive to (?:\w+ ){0,2}?(?:women|men|black|asian|muslims?|jews|jewish|gay|lgbt\w*"
            r"|trans|disabled|people of colou?r|minorities|immigrants|indigenous)",
        ),
    ),
    (
        "accessibility",
        _words(
            r"(?:not|isn'?t|aren'?t|wasn'?t|weren'?t|never|hardly|barely|far from)"
            r" (?:\w+ ){0,2}?(?:wheelchair[- ]|disabled[- ]|fully )?accessible"
            # Not "not accessible from my work laptop" or "right now": a page that won't load.
            r"(?! (?:from|on|via|outside|over|through|until|after|before|online|anymore"
            r"|any ?more|right now|now|today|remotely)\b)",
            r"inaccessib\w*",
            r"(?:no|zero|poor|terrible|awful|lack of|lacks|without) (?:\w+ )?accessibility",
            r"accessibility (?:\w+ ){0,2}?(?:is|was|are) (?:\w+ )?(?:a joke|terrible|awful|poor"
            r"|non-?existent|an afterthought|lacking|missing|nowhere|broken|appalling)",
            r"no (?:wheelchair|step[- ]free|disabled|accessible|level|ramp) (?:\w+ )?(?:access"
            r"|ramps?|toilets?|loos?|seating|spaces?|entrance|lifts?|parking|bays?)",
            r"(?:refused|denied|turned away|wouldn'?t let|would not let|not allowed)"
            r" (?:\w+ ){0,4}?(?:wheelchairs?|guide dogs?|service dogs?|assistance dogs?"
            r"|mobility scooters?|carers?)",
            r"(?:screen ?readers?|voice ?over|talkback|braille|sign language|hearing loop"
            r"|closed captions?) (?:\w+ ){0,4}?(?:doesn'?t|don'?t|can'?t|won'?t|isn'?t|aren'?t"
            r"|not|never|no longer|stopped|broken)",
            r"(?:doesn'?t|don'?t|can'?t|won'?t|isn'?t|not|no) (?:\w+ ){0,4}?(?:work(?:s|ing)? with"
            r"|support|compatible with) (?:\w+ ){0,2}?(?:screen ?readers?|voice ?over|talkback"
            r"|braille)",
            r"(?:impossible|unusable|hard|difficult|useless|a nightmare) (?:\w+ ){0,4}?"
            r"(?:with|using|for) (?:a |my |your )?(?:screen ?readers?|voice ?over|talkback)",
            r"(?:as|for) (?:a |an )?(?:wheelchair user|blind|deaf|disabled|visually impaired"
            r"|hard of hearing|partially sighted)(?: \w+)?,? (?:\w+ ){0,6}?(?:can'?t|cannot"
            r"|couldn'?t|impossible|unable|no way|not possible)",
        ),
    ),
    (
        "complaint about staff",
        _words(
            r"(?:your|the|this|that|a|one of your) (?:staff|employees?|workers?|cashiers?|agents?"
            r"|reps?|representatives?|drivers?|managers?|waiters?|waitress|server|crew"
            r"|cabin crew|flight attendants?|pilot|conductor|guard|technicians?|engineers?"
            r"|advisors?|colleagues?|team members?|woman|man|guy|lady|girl|person|employee)"
            r" (?:\w+ ){0,5}?(?:was|were|is|are|got|being|been) (?:so |very |really |extremely "
            r"|incredibly |super |absolutely )?(?:rude|abusive|aggressive|hostile|dismissive"
            r"|condescending|disrespectful|unprofessional|yelling|shouting|screaming|swearing"
            r"|laughing at|mocking|drunk|nasty|horrible to|awful to|racist|sexist)",
            r"(?:rude|abusive|aggressive|unprofessional|disrespectful|condescending|nasty|racist"
            r"|sexist) (?:staff|employees?|workers?|cashiers?|agents?|reps?|representatives?"
            r"|drivers?|managers?|waiters?|waitress|crew|flight attendants?|customer service)",
            r"(?:hung|hangs|hanging) up on (?:me|us|my)",
            r"(?:staff|employees?|agents?|crew|workers?|drivers?|reps?) (?:\w+ ){0,2}?(?:can'?t"
            r"|don'?t|won'?t|couldn'?t|didn'?t) do (?:their|his|her|the) jobs?",
            r"argu(?:e|ed|ing) with (?:me|us|my|their customers|customers|passengers)",
            r"(?:yelled|shouted|screamed|swore|cursed|laughed) at (?:me|us|my)",
            r"(?:called|calling) me (?:a|an|stupid|a liar|names)",
            r"(?:they|she|he) (?:were|was|are|is) (?:so |very |really |extremely |incredibly )?"
            r"(?:rude|abusive|aggressive|arrogant|condescending|disrespectful|unprofessional"
            r"|nasty|hostile)",
            r"(?:blamed|accused) (?:me|us)",
            r"accus(?:es|ing) (?:me|you|us) of",
            r"threaten(?:ed|ing|s)? (?:me|us|my|to)",
            r"swore (?:down|on|over) the phone",
            r"(?:staff|crew|driver|agent|employees?|manager|cashier|guard|waiter|waitress)s?"
            r" (?:(?:so|very|really|extremely|was|were|are|is) )*(?:rude|abusive|aggressive)",
            r"(?:she|he) (?:\w+ ){0,2}?(?:blamed|accused|lied)",
            r"ashamed of (?:\w+ ){0,4}?staff",
        ),
    ),
)


# Every topic's pattern in one, so a comment is searched once (most comments raise none); it
# is searched in lowercased text, which costs half what a case-blind search does.
_ANY = re.compile(
    "|".join(f"(?P<t{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(SAFETY_TOPICS))
)


# A word every pattern above starts or turns on, so most comments are let go after one cheap
# look at their words (the combined pattern costs more than the rest of drafting).
_TRIGGERS = frozenset(
    [
        "hair",
        "hairs",
        "glass",
        "plastic",
        "metal",
        "bone",
        "insect",
        "bug",
        "bugs",
        "worm",
        "maggot",
        "maggots",
        "cockroach",
        "roach",
        "mould",
        "mold",
        "nail",
        "screw",
        "band-aid",
        "bandaid",
        "band",
        "plaster",
        "fly",
        "flies",
        "rodent",
        "mouse",
        "rat",
        "found",
        "raw",
        "undercooked",
        "uncooked",
        "pink",
        "gone",
        "went",
        "out",
        "past",
        "mouldy",
        "moldy",
        "chemical",
        "chemicals",
        "sick",
        "ill",
        "poorly",
        "threw",
        "throwing",
        "a&e",
        "emergency",
        "burned",
        "burnt",
        "cut",
        "hurt",
        "caught",
        "catch",
        "catches",
        "fire",
        "electric",
        "fell",
        "tripped",
        "slipped",
        "lawyer",
        "lawyers",
        "attorney",
        "attorneys",
        "solicitor",
        "solicitors",
        "sue",
        "suing",
        "lawsuit",
        "legal",
        "small",
        "court",
        "trading",
        "ombudsman",
        "report",
        "reporting",
        "fcc",
        "ftc",
        "bbb",
        "data",
        "hacked",
        "someone",
        "somebody",
        "stranger",
        "taken",
        "breach",
        "leaked",
        "stole",
        "exposed",
        "sold",
        "identity",
        "unauthorised",
        "unauthorized",
        "gdpr",
        "kill",
        "killing",
        "end",
        "ending",
        "want",
        "i'll",
        "will",
        "plant",
        "planting",
        "bomb",
        "shoot",
        "you'll",
        "watch",
        "food",
        "sexual",
        "sexually",
        "verbal",
        "verbally",
        "harassed",
        "harassing",
        "harassment",
        "assault",
        "assaulted",
        "touched",
        "groped",
        "grabbed",
        "hit",
        "punched",
        "pushed",
        "shoved",
        "slapped",
        "racist",
        "sexist",
        "homophobic",
        "transphobic",
        "rude",
        "abusive",
        "aggressive",
        "unprofessional",
        "disrespectful",
        "condescending",
        "arrogant",
        "nasty",
        "hostile",
        "dismissive",
        "yelling",
        "shouting",
        "screaming",
        "swearing",
        "laughing",
        "mocking",
        "drunk",
        "hung",
        "hangs",
        "hanging",
        "yelled",
        "shouted",
        "screamed",
        "swore",
        "cursed",
        "laughed",
        "called",
        "calling",
        "blamed",
        "accused",
        "lied",
        "safety",
        "danger",
        "unsafe",
        "job",
        "jobs",
        "argue",
        "argued",
        "arguing",
        "ashamed",
        "horrible",
        "awful",
    ]
)
_TRIGGER_STEMS = (
    "speed",
    "swerv",
    "tailgat",
    "reckless",
    "dangerous",
    "erratic",
    "careless",
    "drunk",
    "unsafe",
    "texting",
    "maniac",
    "lunatic",
    "madman",
    "nearly",
    "almost",
    "red",
    "black",
    "brown",
    "asian",
    "muslim",
    "jewish",
    "gay",
    "lesbian",
    "trans",
    "disab",
    "wheelchair",
    "blind",
    "deaf",
    "foreign",
    "immigrant",
    "race",
    "religion",
    "skin",
    "colour",
    "color",
    "accent",
    "guide",
    "hijab",
    "turban",
    "ethnic",
    "sexuality",
    "inappropriate",
    "creepy",
    "lewd",
    "phone",
    "gun",
    "knife",
    "weapon",
    "firearm",
    "pistol",
    "touch",
    "grop",
    "grab",
    "petting",
    "stroking",
    "rubbing",
    "accus",
    "threaten",
    "swore",
    "rude",
    "abusive",
    "aggressive",
    "suicid",
    "self-harm",
    "allerg",
    "anaphyla",
    "contaminat",
    "vomit",
    "hospital",
    "injur",
    "explod",
    "discriminat",
    "fraud",
    "compromis",
    "hijack",
    "charge",
    "transaction",
    "payment",
    "purchase",
    "order",
    "withdrawal",
    "logged",
    "signed",
    # Discrimination, diversity and accessibility.
    "racis",
    "racial",
    "sexis",
    "homophob",
    "transphob",
    "misogyn",
    "bigot",
    "xenophob",
    "antisemit",
    "anti-semit",
    "islamophob",
    "ableis",
    "divers",
    "represent",
    "inclusi",
    "all-white",
    "whitewash",
    "cultur",
    "tone",
    "stereotyp",
    "offensive",
    "accessib",
    "inaccessib",
    "step",
    "level",
    "ramp",
    "service",
    "assistance",
    "mobility",
    "carer",
    "screen",
    "voice",
    "talkback",
    "braille",
    "sign",
    "hearing",
    "closed",
    "visually",
    "hard",
    "partially",
    # Copyright and impersonation.
    "copyright",
    "intellectual",
    "dmca",
    "trademark",
    "unreleased",
    "permission",
    "consent",
    "authori",
    "licen",
    "stole",
    "steal",
    "ripped",
    "plagiar",
    "copied",
    "copying",
    "impersonat",
    "pretend",
    "claim",
    "posing",
    "fake",
    "song",
    "music",
    "track",
    "album",
    "recording",
    "video",
    "photo",
    "content",
    "work",
)
_WORD = re.compile(r"[a-z&'-]+")


@functools.lru_cache(maxsize=1024)
def find_hazard(text: str) -> Hazard | None:
    """The safety or legal topic ``text`` raises first, or None (remembered for the last
    texts: the drafter and the guardrails both ask about the same comment)."""
    text = text.replace("\u2019", "'")
    lowered = text.lower()
    words = set(_WORD.findall(lowered))
    if words.isdisjoint(_TRIGGERS) and not any(w.startswith(_TRIGGER_STEMS) for w in words):
        return None
    match = _ANY.search(lowered)
    if match is None:
        return None
    index = int(str(match.lastgroup)[1:])
    # The cue as the customer wrote it, where lowercasing kept every position.
    cue = text[match.start() : match.end()] if len(lowered) == len(text) else match.group(0)
    return Hazard(SAFETY_TOPICS[index][0], cue)
