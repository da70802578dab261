"""What a venting message asks for beyond being heard.

`wants_draft`: they only want the email ("just the email", "skip the chat").
`concern`: they describe possible discrimination or harassment, which calls for
a serious, practical answer and no "it's out of your control" reassurance.
`unsure`: they don't know what to say ("idk").
"""

from __future__ import annotations

import re

from bot.listening.feelings import normalise

_EMAIL = r"(?:e-?mail|reply|response|draft|note|message|letter|answer)"
_WANTS_DRAFT = re.compile("|".join((
    r"\b(?:skip|no|without|dont want|dont need|not here for|spare me|cut)\s+(?:the\s+|a\s+|any\s+)?"
    r"(?:chat|chatting|talk|talking|small talk|feelings|feelings stuff|venting|pep talk|therapy)\b",
    r"\bdont want to (?:talk|chat|vent|get into it)\b",
    rf"\b(?:just|only|straight to|simply)\s+(?:the\s+|a\s+|my\s+)?{_EMAIL}\b(?!\s+from)",
    r"\b(?:just|only|simply)\s+(?:want|need|like)\s+(?:help\s+(?:with|writing)\s+)?"
    rf"(?:a|the|to)?\s*(?:\w+\s+){{0,3}}?{_EMAIL}\b(?!\s+from)",
    r"\b(?:can|could|would) (?:you|u) (?:just |please )?"
    rf"(?:write|draft|do|help (?:me )?(?:write|with))\b(?:\s+\w+){{0,3}}\s+{_EMAIL}\b",
    r"(?<!i )\b(?:just|only|please)\s+(?:write|draft)\b",
    r"\bhelp me (?:write|draft|reply|respond)\b.*\b(?:skip|no|without|just|only)\b",
)))

_CONCERNS: dict[str, tuple[str, ...]] = {
    "harassment": (r"\bharass\w*", r"\bsexual\w*\b", r"\bhit on me\b", r"\btouched me\b",
                   r"\bgroped\b", r"\bcreep(?:y|ed)\b",
                   r"\binappropriate (?:comment|question|remark|touch)\w*"),
    "pregnancy": (r"\bpregnan\w*", r"\bmaternity\b", r"\bchildcare\b", r"\bfamily plans\b",
                  r"\b(?:have|having|want|planning|plan|planned) (?:to have )?"
                  r"(?:kids|children|a baby|a family)\b"),
    "age": (r"\b(?:someone|somebody|candidates?|people) (?:younger|fresher|more junior)\b",
            r"\btoo old\b", r"\b(?:younger|fresher) (?:candidate|person|team|blood|energy)\b",
            r"\b(?:about|because of|asked|comments on|due to) (?:my|me my) age\b", r"\bhow old i\b",
            r"\bnear(?:ing)? retirement\b", r"\bdigital native\b", r"\bold for\b"),
    "disability": (r"\bwheelchair\b", r"\bdisab(?:led|ility|ilities)\b", r"\bneurodivergent\b",
                   r"\bmy (?:autism|adhd|stutter|hearing aid|cane|condition|diagnosis|"
                   r"chronic illness|illness)\b", r"\b(?:deaf|blind)\b", r"\baccommodations?\b"),
    "race": (r"\bracis[mt]\w*", r"\bmy race\b", r"\bskin colou?r\b",
             r"\bbecause (?:im|i am) (?:black|asian|latin[ao]|hispanic|brown|arab|indigenous|"
             r"mixed race)\b"),
    "religion": (r"\bhijab\b", r"\bheadscarf\b", r"\bturban\b", r"\bkippah\b", r"\byarmulke\b",
                 r"\bmy (?:religion|faith)\b", r"\breligio\w*", r"\b(?:muslim|jewish|sikh|hindu)\b",
                 r"\bsabbath\b", r"\bprayer\b"),
    "gender": (r"\bsexis[mt]\w*", r"\bas a woman\b", r"\bwanted a (?:man|guy)\b", r"\ball guys\b",
               r"\bboys club\b", r"\bmy gender\b",
               r"\bbecause (?:im|i am) (?:a woman|female|a girl|trans|nonbinary|non-binary)\b"),
    "sexuality": (r"\bhomophob\w*", r"\btransphob\w*",
                  r"\bmy (?:husband|boyfriend)\b.*\bim a (?:man|guy)\b",
                  r"\bmy (?:wife|girlfriend)\b.*\bim a (?:woman|girl)\b", r"\bmy sexuality\b",
                  r"\bbecause (?:im|i am) (?:gay|lesbian|queer|bi|bisexual)\b", r"\bcame out\b"),
    "national_origin": (r"\bnative speaker\b", r"\bwhere (?:im|i am|my name is|my name was) from\b",
                        r"\bmy (?:accent|nationality|name)\b.*\b(?:from|foreign|sounded|changed)\b",
                        r"\bforeign(?:er| name)\b", r"\bimmigrant\b", r"\bmy country\b"),
    "discrimination": (r"\bdiscriminat\w*", r"\billegal question\b", r"\bagainst the law\b"),
}
_CONCERN_RES = tuple((kind, re.compile("|".join(cues))) for kind, cues in _CONCERNS.items())
_UNSURE = re.compile(r"^(?:idk|dunno|i dont know|not sure|no idea|i dont know what to say|"
                     r"hmm+|um+|meh|nothing|eh)\b")


def wants_draft(text: str) -> bool:
    """They asked to skip the listening and get the email."""
    return bool(_WANTS_DRAFT.search(normalise(text)))


def concern(text: str) -> str | None:
    """The kind of possible discrimination or harassment described, or None."""
    plain = normalise(text)
    return next((kind for kind, pattern in _CONCERN_RES if pattern.search(plain)), None)


def unsure(text: str) -> bool:
    """A short "I don't know": nothing to reflect yet."""
    plain = normalise(text)
    return len(plain.split()) <= 8 and bool(_UNSURE.match(plain))
