"""Who carries out the work, besides who pays for it: organisations named in a sentence that says they implement,
run or partner in it. IATI calls them implementing organisations (role 4); funders (role 1) come from
`funders.py`. Pure: the text and the organisations already found in it go in, roles come out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from devatlas.model import Organisation
from devatlas.text.script import fold_with_offsets
from devatlas.text.sentences import sentence_starts

FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING = 1, 2, 3, 4

# Folded stems: "implementira / provodi / sprovodi / realizuje / реализује / nositelj projekta / implemented by /
# in partnership with". Participles and nouns both count: what matters is that the sentence assigns the work.
_IMPLEMENTING_CUE = re.compile(
    r"\b(?:implementira\w*|implementator\w*|implementacij\w* (?:projekta|programa) (?:je|su|vrsi|vrse)|"
    r"(?:s|sp)?provodi\b|(?:s|sp)?provode\b|(?:s|sp)?proved\w*|provedb\w*|realizuj\w*|realizira\w*|"
    r"nosila[cs]\w* projekt\w*|nositelj\w* projekt\w*|u partnerstvu s\w*|u saradnji s\w*|u suradnji s\w*|"
    r"partner\w*|implement(?:ed|ing|s)\b|run by|carried out by|in (?:partnership|cooperation) with|"
    r"executed by|delivered by)"
)


@dataclass(frozen=True, slots=True)
class Participation:
    organisation: Organisation
    role: int  # IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing


def find_participation(text: str, organisations: list[Organisation],
                       funders: list[Organisation]) -> list[Participation]:
    """Funders as funding organisations, then the others named in an implementing sentence as implementing."""
    out = [Participation(f, FUNDING) for f in funders]
    funder_names = {f.name for f in funders}
    cue_sentences = []
    starts = sentence_starts(text)
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        folded, _ = fold_with_offsets(text[start:end])
        if _IMPLEMENTING_CUE.search(folded):
            cue_sentences.append((start, end))
    if not cue_sentences:
        return out
    for org in organisations:
        if org.name in funder_names:
            continue
        if any(s <= span.start < e for span in org.spans for s, e in cue_sentences):
            out.append(Participation(org, IMPLEMENTING))
    return out
