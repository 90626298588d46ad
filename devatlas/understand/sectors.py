"""DAC 5-digit sectors (IATI sector vocabulary 1) of a text about a project.

A project's sector is rarely named; its words say it: `zapošljavanje`, `vodovod`, `mala i srednja preduzeća`.
Each rule below gives one DAC code and the word stems, in Bosnian, Croatian, Serbian (both scripts fold to one
Latin alphabet) and English, that point to it. A stem matches at the start of a word of the folded text (lower
case, Latin, no diacritics, đ -> dj), so one stem covers every case form (`zapošljavanj-a/-u/-em`). A stem
that ends with `$` must be the whole word (`vet`, `sme`), to keep short stems from matching longer words.

The rules are ordered from the most specific to the most general; a text gets the codes with the most hits
(ties go to the earlier rule), at most `limit` of them. Every code here exists and is active in the IATI Sector
codelist; a test checks that against the official list.

| code  | DAC name                                              | what the text speaks of                           |
|-------|-------------------------------------------------------|---------------------------------------------------|
| 16020 | Employment creation                                   | employment, jobs, unemployment, labour market     |
| 15112 | Decentralisation and support to subnational govt.     | decentralisation, local self-government, LED       |
| 15185 | Local government administration                       | municipal administration, one-stop shops, permits |
| 32130 | SME development                                       | small and medium enterprises, micro businesses    |
| 25030 | Business development services                         | business incubators, business zones, start-ups   |
| 11330 | Vocational training                                   | vocational training, retraining, VET              |
| 15150 | Democratic participation and civil society            | civil society, NGOs, citizens' participation      |
| 15190 | Orderly, safe, regular and responsible migration      | migration, diaspora, returnees, remittances       |
| 14020 | Water supply and sanitation - large systems           | water supply networks, sewage, waste water        |
| 14050 | Waste management/disposal                             | waste, landfills, recycling                       |
| 21020 | Road transport                                        | roads, asphalt, bridges                           |
| 31194 | Agricultural co-operatives                            | co-operatives                                     |
| 31163 | Livestock                                             | livestock, dairy, beekeeping                      |
| 31120 | Agricultural development                              | agriculture, farmers, greenhouses                 |
| 43042 | Rural development                                     | rural areas, villages                             |
| 33210 | Tourism policy and administrative management          | tourism, destinations                             |
| 23183 | Energy conservation and demand-side efficiency        | energy efficiency, insulation                     |
| 23210 | Energy generation, renewable sources                  | renewable energy, solar                           |
| 11240 | Early childhood education                             | kindergartens, pre-school                         |
| 11110 | Education policy and administrative management        | education, schools                                |
| 12220 | Basic health care                                     | health care, health centres                       |
| 16010 | Social Protection                                     | social protection, disability, Roma inclusion    |
| 15170 | Women's rights organisations and movements            | gender equality, women's empowerment              |
| 41010 | Environmental policy and administrative management    | environment protection, climate                   |
| 43060 | Disaster Risk Reduction                               | floods, landslides, disaster risk                 |
| 16066 | Culture                                               | culture, heritage                                 |
| 16065 | Recreation and sport                                  | sport                                             |
| 25010 | Business policy and administration                    | business environment, investment climate          |
| 43030 | Urban development and management                      | urban development, spatial planning               |
| 15130 | Legal and judicial development                        | judiciary, rule of law                            |
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from devatlas.text.regex import guarded
from devatlas.text.script import fold


@dataclass(frozen=True, slots=True)
class SectorRule:
    code: str
    name: str
    stems: tuple[str, ...]


SECTOR_RULES: tuple[SectorRule, ...] = (
    SectorRule("16020", "Employment creation", (
        "zaposljav", "zaposlenost", "zaposlenj", "samozaposl", "nezaposlen", "radna mjesta", "radna mesta",
        "radnih mjesta", "radnih mesta", "radnog mjesta", "radnog mesta", "novih radnih", "trziste rada",
        "trzista rada", "trzistu rada", "employment", "unemploy", "jobs$", "job creation", "labour market",
        "labor market", "posrednistv",
    )),
    SectorRule("15112", "Decentralisation and support to subnational government", (
        "decentraliz", "lokaln samouprav", "lokalne samouprav", "lokalnu samouprav", "lokalnoj samouprav",
        "lokalnih samouprav", "jedinica lokalne", "jedinice lokalne", "jedinicama lokalne", "local self-gov",
        "local government", "local governance", "subnational", "lokalnog ekonomskog razvoja",
        "lokalni ekonomski razvoj", "lokalnom ekonomskom razvoju", "local economic development",
        "led office", "led ured", "led kancelarij", "led odjel", "led odjeljen",
    )),
    SectorRule("15185", "Local government administration", (
        "opcinsk uprav", "opstinsk uprav", "opcinske uprave", "opstinske uprave", "gradske uprave",
        "gradska uprava", "gradskoj upravi", "opcinskoj upravi", "opstinskoj upravi", "municipal administration",
        "one-stop", "jednosalter", "salter sal", "gradjevinsk dozvol", "gradjevinske dozvol", "e-uprav",
        "e-government",
    )),
    SectorRule("32130", "Small and medium-sized enterprises (SME) development", (
        "malih i srednjih", "mala i srednja", "malim i srednjim", "mala preduzec", "malih preduzec",
        "mala poduzec", "malih poduzec", "mikro preduzec", "mikro poduzec", "mikropreduzec", "mikropoduzec",
        "mikro i mal", "msp$", "mmsp$", "msps$", "sme$", "smes$", "msme", "small and medium", "small business",
        "micro business", "micro enterprise", "micro-enterprise", "small enterprise", "preduzetni",
        "poduzetni", "preduzetnic", "poduzetnic", "entrepreneur", "obrt", "zanatlij",
    )),
    SectorRule("25030", "Business development services", (
        "poslovn inkubator", "poslovnog inkubatora", "poslovni inkubator", "poslovnom inkubatoru",
        "biznis inkubator", "inkubator", "incubator", "poslovn zon", "poslovne zone", "poslovna zona",
        "poslovnoj zoni", "poslovnih zona", "industrijsk zon", "industrijske zone", "business zone",
        "business development service", "start-up", "startup", "startap", "klaster", "cluster",
    )),
    SectorRule("11330", "Vocational training", (
        "strucno osposobljav", "strucnog osposobljav", "strucne obuke", "strucnog obrazovanja", "strucno obrazovanje",
        "prekvalifikac", "dokvalifikac", "osposobljavanj", "obuk", "vocational", "vet$", "retraining",
        "skills training", "training", "strukovn", "pripravni", "dualn obrazovanj",
    )),
    SectorRule("15150", "Democratic participation and civil society", (
        "civilno drustvo", "civilnog drustva", "civilnom drustvu", "civilnih drustava", "organizacij civilnog",
        "organizacije civilnog", "organizacija civilnog", "nevladin", "nvo$", "ngo$", "ngos$", "civil society",
        "ucesce gradjana", "ucesca gradjana", "sudjelovanj gradjana", "participacij", "mjesne zajednic",
        "mesne zajednic", "mjesnih zajednica", "mesnih zajednica", "udruzenja gradjana", "udruge gradjana",
        "citizen participation", "volont",
    )),
    SectorRule("15190", "Facilitation of orderly, safe, regular and responsible migration and mobility", (
        "migra", "dijaspor", "diaspor", "iseljen", "iseljenistv", "povratni", "remitt", "doznak", "returnee",
        "emigra", "odliv mozgova", "odlazak mladih", "brain drain",
    )),
    SectorRule("14020", "Water supply and sanitation - large systems", (
        "vodovod", "vodosnabd", "vodoopskrb", "pitk vod", "pitke vode", "pitku vodu", "pitka voda", "pijace vode",
        "pijaca voda", "pijacu vodu", "kanalizac", "otpadn vod", "otpadnih voda", "otpadne vode",
        "preciscivac", "prociscivac", "water supply", "drinking water", "sewage", "sewer", "wastewater",
        "waste water", "sanitation", "vodoprivred",
    )),
    SectorRule("14050", "Waste management/disposal", (
        "otpad", "deponij", "reciklaz", "recikl", "smetlist", "waste management", "solid waste", "landfill",
        "recycl",
    )),
    SectorRule("21020", "Road transport", (
        "cesta$", "ceste$", "cestu$", "cestama", "cestovn", "putev", "putn infrastruktur",
        "putne infrastrukture", "lokaln put", "lokalnog puta",
        "lokalnih puteva", "lokalnih putova", "asfalt", "saobracajnic", "prometnic", "trotoar", "nogostup",
        "mosta$", "mostova", "road$", "roads$", "road construction", "bridge",
    )),
    SectorRule("31194", "Agricultural co-operatives", (
        "zadrug", "cooperative", "co-operative",
    )),
    SectorRule("31163", "Livestock", (
        "stocar", "stoc", "mlijek", "mleko", "mleka", "mljekar", "mlekar", "pcel", "med$", "meda$", "livestock",
        "dairy", "beekeep", "cattle", "goveda", "ovac", "koza$", "koze$",
    )),
    SectorRule("31120", "Agricultural development", (
        "poljopriv", "poljoprivredn", "agrar", "agricult", "farmer", "farm$", "farme", "farmi", "vocar", "vocnjak",
        "povrtlar", "plastenik", "staklenik", "greenhouse", "ratar", "gazdinst", "seljak", "prinos", "sjeme",
        "semen", "jagod", "malin", "ljesnjak", "lesnik", "crops",
    )),
    SectorRule("43042", "Rural development", (
        "ruraln", "razvoj sela", "razvoja sela", "razvoju sela", "seosk", "sela$", "selima$", "rural",
        "villages", "ruralnog razvoja",
    )),
    SectorRule("33210", "Tourism policy and administrative management", (
        "turiz", "turist", "touris", "destinacij", "destination", "smjestaj", "smestaj", "ugostitelj",
        "hospitality",
    )),
    SectorRule("23183", "Energy conservation and demand-side efficiency", (
        "energetsk efikasn", "energetske efikasnosti", "energetsku efikasnost", "energetska efikasnost",
        "energetske ucinkovitosti", "energetsku ucinkovitost", "energetska ucinkovitost", "energijsk ucinkovit",
        "energetska obnov", "energetske obnove", "energetsku obnovu", "energy efficien", "energy saving",
        "energy renovation", "toplotn izolac", "toplinsk izolac", "termoizolac", "utopljav", "fasad", "stolarij",
        "javne rasvjete", "javna rasvjeta", "javne rasvete", "javna rasveta", "led rasvjet", "led rasvet",
        "street light", "insulation",
    )),
    SectorRule("23210", "Energy generation, renewable sources - multiple technologies", (
        "obnovljiv", "solarn", "fotonapon", "renewable", "solar", "photovolta", "biomas", "vjetroelektran",
        "vetroelektran", "toplan",
    )),
    SectorRule("11240", "Early childhood education", (
        "vrtic", "predskol", "kindergarten", "pre-school", "preschool", "early childhood",
    )),
    SectorRule("11110", "Education policy and administrative management", (
        "obrazovanj", "obrazovn", "skol", "ucenik", "ucenic", "nastavnik", "nastavnic", "education", "school",
        "pupils", "students", "studenat", "studenti",
    )),
    SectorRule("12220", "Basic health care", (
        "zdravstv", "dom zdravlja", "doma zdravlja", "domu zdravlja", "ambulant", "bolnic", "zdravlj", "health",
        "hospital", "clinic", "primary care", "medicin",
    )),
    SectorRule("16010", "Social Protection", (
        "socijaln", "osoba s invaliditetom", "osoba sa invaliditetom", "osobe sa invaliditetom",
        "osobe s invaliditetom", "osobama sa invaliditetom", "osobama s invaliditetom", "invalid", "romsk",
        "roma$", "rome$", "ranjiv", "social protection", "social inclusion", "social service", "disabilit",
        "vulnerable", "starij osob", "starije osobe", "penzioner", "umirovljen", "elderly",
    )),
    SectorRule("15170", "Women's rights organisations and movements, and government institutions", (
        "rodn ravnopravn", "rodne ravnopravnosti", "ravnopravnost spolova", "ravnopravnosti spolova",
        "ravnopravnost polova", "ravnopravnosti polova", "osnazivanj zena", "osnazivanje zena",
        "osnazivanja zena", "ekonomsko osnazivanje", "zena$", "zene$", "zenama", "zenskog", "women", "gender",
        "female",
    )),
    SectorRule("41010", "Environmental policy and administrative management", (
        "zastit okolis", "zastite okolisa", "zastitu okolisa", "zastita okolisa", "zastite okoline",
        "zastita zivotne sredine", "zastite zivotne sredine", "zastitu zivotne sredine", "zivotne sredine",
        "okolis", "okolin", "klimat", "environment", "climate", "ekolo", "zelen", "green",
    )),
    SectorRule("43060", "Disaster Risk Reduction", (
        "poplav", "klizist", "odbran od poplav", "zastite od poplava", "zastita od poplava", "flood",
        "landslide", "disaster", "katastrof", "vanredn situac", "nepogod", "elementarn",
    )),
    SectorRule("16066", "Culture", (
        "kultur", "bastin", "nasljedj", "nasledj", "heritage", "culture", "cultural", "muzej", "museum",
        "pozorist", "kazalist", "theatre",
    )),
    SectorRule("16065", "Recreation and sport", (
        "sport", "rekreac", "igralist", "playground", "recreation",
    )),
    SectorRule("25010", "Business policy and administration", (
        "poslovn okruzenj", "poslovnog okruzenja", "poslovno okruzenje", "poslovnom okruzenju",
        "investicion klim", "investicijsk klim", "investicijske klime", "investicione klime", "business environment",
        "investment climate", "business-friendly", "povoljnim poslovnim", "bfc see", "investitor", "investor",
        "privlacenje investicija", "privlacenja investicija",
    )),
    SectorRule("43030", "Urban development and management", (
        "urban", "prostorn plan", "prostornog plana", "prostorni plan", "regulacion plan", "regulacijsk plan",
        "spatial plan", "urbanis", "gradsk trg", "gradskog trga", "javn prostor", "javnih povrsina",
    )),
    SectorRule("15130", "Legal and judicial development", (
        "pravosud", "vladavin prava", "vladavine prava", "sudov", "judicia", "rule of law", "besplatn pravn",
        "pravne pomoci", "legal aid",
    )),
)

SECTOR_CODES: frozenset[str] = frozenset(rule.code for rule in SECTOR_RULES)


def _stem_pattern(stem: str) -> str:
    """A stem as a regex on folded text, to follow the start of a word: may run on unless it ends in `$`; one or
    more spaces (or a space-joined word ending) between its words."""
    whole = stem.endswith("$")
    words = stem.rstrip("$").split()
    # `lokaln samouprav` covers lokalna/lokalne/lokalnoj samouprava: each word but the last may run on too
    body = r"\w*\s+".join(re.escape(w) for w in words)
    return body + (r"(?!\w)" if whole else "")


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per rule, its stems behind one start-of-word test and a look-ahead on their first letters, so
    the engine skips to where a stem can begin."""
    return tuple(
        (rule.code, guarded(r"(?<!\w)(?:" + "|".join(_stem_pattern(s) for s in rule.stems) + ")"))
        for rule in SECTOR_RULES
    )


def sector_scores(text: str) -> Counter[str]:
    """How many times the words of each sector occur in the text."""
    folded = fold(text)
    scores: Counter[str] = Counter()
    for code, pattern in _compiled():
        hits = sum(1 for _ in pattern.finditer(folded))
        if hits:
            scores[code] = hits
    return scores


def infer_sectors(text: str, limit: int = 3, min_hits: int = 1) -> list[str]:
    """The DAC 5-digit codes a text is most about, strongest first (ties in rule order); empty when none."""
    scores = sector_scores(text)
    order = {rule.code: i for i, rule in enumerate(SECTOR_RULES)}
    ranked = sorted((code for code, n in scores.items() if n >= min_hits), key=lambda c: (-scores[c], order[c]))
    return ranked[:limit]
