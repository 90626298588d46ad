"""How to reach the bodies a document names: e-mail addresses, telephone numbers and web sites, each tied to the
organisation it belongs to. Calls for proposals and press releases end with them ("Tel: 035/000-000 | E-mail:
razvoj@opcina.ba"); catalogues of LED offices print them.

An address belongs to the organisation its domain names (`razvoj@dobojistok.ba` -> Općina Doboj Istok,
`gerb@ilo.org` -> ILO); otherwise, for e-mail and telephone, to the organisation named last before it in the same
paragraph. A web address that names no organisation is a link to a story, not a contact, and is left out.
Telephone numbers are parsed by `phonenumbers` in the region of the document's country and written in the
international format; a number counts only after a telephone word or with its country code, so that dates and file
numbers never pass for one. A postal address is a street and house number followed by a postal code and a place
(`Ulica Bosanska 12, 72270 Travnik`, `Трг Крајине 2, 78000 Бања Лука`), tied like a telephone number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from devatlas.model import Organisation, Span
from devatlas.text.regex import CAPITALS
from devatlas.text.script import fold

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
                    r"(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_WEB = re.compile(r"(?<![@\w/.])(?:https?://|www\.)(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
                  r"(?P<path>/[^\s<>()\"',;]*)?", re.IGNORECASE)
# A telephone word (Latin or Cyrillic, any case) shortly before a number; the number itself is phonenumbers' job.
_PHONE_CUE = re.compile(r"(?:\b(?:tel|telefon\w*|phone|fax|faks|mob\w*|gsm|kontakt\w*|contact|call)|\bтел\w*|\bфакс|"
                        r"\bмоб\w*|\bконтакт\w*)\W{0,6}$", re.IGNORECASE)
# Anything that could make a number count as a telephone: without one, the text is not handed to phonenumbers.
_PHONE_HINT = re.compile(r"(?:\b(?:tel|telefon|phone|fax|faks|mob|gsm|kontakt|contact|call)|\bтел|\bфакс|\bмоб|"
                         r"\bконтакт|\+\s?\d|(?<![\d.,])00\d{3})", re.IGNORECASE)
# The second-level labels that say nothing about whose address it is (gov.ba, co.rs, org.mk...).
_GENERIC_LABELS = frozenset({"gov", "com", "org", "net", "edu", "co", "ac", "info", "mail", "www", "in", "rs", "ba",
                             "gmail", "yahoo", "hotmail", "outlook", "live", "bih", "hr"})
_REGIONS = frozenset({"BA", "RS", "HR", "ME", "MK", "XK", "AL", "SI"})
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\S)")
_CURRENCY = r"(?:KM|EUR|BAM|USD|RSD|HRK|CHF|MKD|ALL|DIN|Eur\w*|Evr\w*|КМ|ЕУР|Евр\w*|Дин\w*|Din\w*)"
_STREET_WORD = rf"(?:[{CAPITALS}0-9][\w'’.-]*|[a-zčćšđž\u0430-\u045f]+\.?)"
# street (up to six words, the first capitalised or a street word), house number, postal code, place
_ADDRESS = re.compile(
    rf"(?<![\w-])(?P<street>(?:[{CAPITALS}][\w'’.-]*|ul\.|ulica|trg|bulevar|ул\.|улица|трг|булевар)"
    rf"(?:[ \t]+{_STREET_WORD}){{0,5}}?[ \t]+(?:(?:br\.|broj|бр\.)[ \t]*)?(?:\d{{1,4}}[a-zA-Zа-я]?|bb|BB|бб))"
    rf"[ \t]*,[ \t]*(?P<postcode>\d{{5}}|\d{{4}})[ \t]+(?!{_CURRENCY}(?!\w))"
    rf"(?P<place>[{CAPITALS}][\w'’-]*(?:[ \t]+[{CAPITALS}][\w'’-]*){{0,2}})"
    rf"(?![\w-])")


@dataclass(frozen=True, slots=True)
class ContactMention:
    kind: str  # email | phone | website | address
    value: str  # e-mail in lower case, telephone as +CC NN NNN-NNN, web site as its host, address as written
    organisation: str  # canonical name of the organisation it belongs to
    span: Span


@lru_cache(maxsize=4096)
def _name_keys(name: str) -> frozenset[str]:
    """What a domain may call an organisation: its whole name, any run of its words (`dobojistok` of `Općina Doboj
    Istok`), and its initials (`ilo`), each without spaces."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w]
    keys = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    capitals = [w for w in re.split(r"\W+", name) if w[:1].isupper()]
    if len(capitals) >= 2:
        keys.add(fold("".join(w[0] for w in capitals)))
    return frozenset(k for k in keys if len(k) >= 3)


def _domain_label(domain: str) -> str:
    """The label that names the owner: `dobojistok` of `dobojistok.ba`, `mojagrad` of `mojagrad.gov.ba`."""
    labels = domain.lower().split(".")[:-1]
    while labels and labels[-1] in _GENERIC_LABELS:
        labels.pop()
    return labels[-1] if labels else ""


def _owner_by_domain(domain: str, organisations: Sequence[Organisation]) -> str:
    label = _domain_label(domain)
    if len(label) < 3:
        return ""
    best, best_length = "", 0
    for org in organisations:
        for name in (org.name, *org.aliases):
            if label in _name_keys(name) and len(label) > best_length:
                best, best_length = org.name, len(label)
    return best


def _owner_before(position: int, paragraph_start: int,
                  mentions: Sequence[tuple[int, str]]) -> str:
    """The organisation named last before `position` in the same paragraph."""
    owner = ""
    for start, name in mentions:
        if paragraph_start <= start < position:
            owner = name
        elif start >= position:
            break
    return owner


def _region(countries: Sequence[str]) -> str | None:
    return next((c for c in countries if c in _REGIONS), None)


def find_contacts(text: str, organisations: Sequence[Organisation], countries: Sequence[str] = ()) -> list[
        ContactMention]:
    """Every e-mail, telephone and web contact tied to an organisation, each value once per organisation."""
    mentions = sorted((span.start, org.name) for org in organisations for span in org.spans)
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]

    def paragraph_of(position: int) -> int:
        return paragraph_starts[bisect.bisect_right(paragraph_starts, position) - 1]

    found: list[ContactMention] = []
    for match in _EMAIL.finditer(text):
        owner = _owner_by_domain(match["domain"], organisations) or _owner_before(
            match.start(), paragraph_of(match.start()), mentions)
        if owner:
            found.append(ContactMention("email", match.group().lower(), owner,
                                        Span(match.start(), match.end(), match.group(), "contact.email")))
    for match in _WEB.finditer(text):
        owner = _owner_by_domain(match["host"], organisations)
        if owner:
            host = match["host"].lower().removeprefix("www.")
            found.append(ContactMention("website", host, owner,
                                        Span(match.start(), match.end(), match.group(), "contact.website")))
    region = _region(countries)
    numbers = phonenumbers.PhoneNumberMatcher(text, region or "BA", leniency=phonenumbers.Leniency.POSSIBLE) \
        if _PHONE_HINT.search(text) else ()
    for number in numbers:
        cued = bool(_PHONE_CUE.search(text[max(0, number.start - 24):number.start]))
        international = number.raw_string.lstrip().startswith(("+", "00"))
        if not (cued and (international or region)) and not (international and phonenumbers.is_valid_number(
                number.number)):
            continue
        owner = _owner_before(number.start, paragraph_of(number.start), mentions) or next(
            (c.organisation for c in found if c.kind == "email" and abs(c.span.start - number.end) < 80), "")
        if owner:
            value = phonenumbers.format_number(number.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            found.append(ContactMention("phone", value, owner,
                                        Span(number.start, number.end, number.raw_string, "contact.phone")))
    for match in _ADDRESS.finditer(text):
        owner = _owner_before(match.start(), paragraph_of(match.start()), mentions)
        if owner:
            value = " ".join(match.group().split())
            found.append(ContactMention("address", value, owner,
                                        Span(match.start(), match.end(), match.group(), "contact.address")))
    unique = {(c.kind, c.value, c.organisation): c for c in reversed(found)}
    return sorted(unique.values(), key=lambda c: c.span.start)
