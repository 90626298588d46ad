"""Resolution across documents on real databases: one project record whatever document names it and how, the
union of its documents' facts, facts as trusted as the rules that found them, and human merges and renames that
outlive re-extraction."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from devatlas.model import DateMention, Extraction, Organisation, Place, Project, Span
from devatlas.resolve.confidence import confidence, rule_confidence
from devatlas.store import Store
from devatlas.store import models as m
from devatlas.store.corrections import merge_organisations, rename_organisation
from devatlas.store.repository import save_extraction
from devatlas.store.search import search


def span(text: str, surface: str, rule: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), surface, rule)


def save(store: Store, text: str, extraction: Extraction, version: str = "1") -> int:
    with store.session() as session:
        digest = hashlib.sha256(text.encode()).hexdigest()
        doc = session.scalar(select(m.Document).where(m.Document.content_hash == digest))
        if doc is None:
            doc = m.Document(content_hash=digest, source=extraction.doc, text=text)
            session.add(doc)
            session.flush()
        save_extraction(session, doc, extraction, version)
        return doc.id


KICKOFF = "Projekat LEP Krajina zvanično počinje u Laktašima. Finansira ga Evropska unija."
TRAINING = "U okviru projekta „Lokalno zapošljavanje u Krajini“ održana je obuka za 30 nezaposlenih u Srpcu."
CLOSING = ("Završna konferencija projekta „Lokalno zapošljavanje u Krajini“ (LEP Krajina) održana je "
           "27.12.2022. Projekat je trajao od aprila 2021. do decembra 2022.")
EU = Organisation("Evropska unija", register_id="eu", kind="donor")


def laktasi(text: str) -> Place:
    return Place("Laktaši", "lgu:BA:laktasi", "BA", "municipality", ("Republika Srpska",), 44.9, 17.3,
                 (span(text, "Laktašima", "gazetteer"),))


def three_documents() -> list[tuple[str, Extraction]]:
    eu = Organisation(EU.name, register_id="eu", kind="donor", spans=(span(KICKOFF, "Evropska unija", "register"),))
    return [
        (KICKOFF, Extraction(doc="kickoff.txt", language="sr", places=[laktasi(KICKOFF)], organisations=[eu],
                             funders=[eu], projects=[Project("LEP Krajina", "LEP Krajina",
                                                             spans=(span(KICKOFF, "LEP Krajina", "label"),))])),
        (TRAINING, Extraction(doc="training.txt", language="bs", projects=[Project(
            "Lokalno zapošljavanje u Krajini", spans=(span(TRAINING, "Lokalno zapošljavanje", "quoted-after-cue"),))])),
        (CLOSING, Extraction(doc="closing.txt", language="sr", dates=[DateMention("2022-12-27"),
                                                                      DateMention("2021-04/2022-12", "period")],
                             projects=[Project("Lokalno zapošljavanje u Krajini", "LEP Krajina",
                                               spans=(span(CLOSING, "Lokalno zapošljavanje", "quoted-after-cue"),))])),
    ]


def test_a_projects_documents_link_to_one_record_with_the_union_of_their_facts(store: Store) -> None:
    doc_ids = [save(store, text, ex) for text, ex in three_documents()]
    with store.session() as session:
        projects = session.scalars(select(m.Project)).all()
        assert len(projects) == 1
        project = projects[0]
        assert project.acronym == "LEP Krajina"
        assert project.title == "Lokalno zapošljavanje u Krajini"
        assert {t.title for t in project.titles} >= {"LEP Krajina", "Lokalno zapošljavanje u Krajini"}
        assert [p.role for p in project.participants] == [1]
        assert len(project.places) == 1
        assert (project.start_date.isoformat(), project.end_date.isoformat()) == ("2021-04-01", "2022-12-01")
        assert project.status == "3"  # a closing conference: finalisation
        events = session.scalars(select(m.Event).where(m.Event.project_id == project.id)).all()
        assert {e.kind for e in events} >= {"kick-off", "training", "closing"}
        mentions = session.scalars(select(m.Fact).where(m.Fact.subject_type == "project")).all()
        assert {f.document_id for f in mentions} == set(doc_ids)
        for fact in mentions:  # every project fact points at the words it came from
            text = session.get(m.Document, fact.document_id).text
            assert text[fact.start:fact.end].startswith(("LEP", "Lokalno"))


def test_acronym_and_title_records_made_apart_are_merged_by_a_document_naming_both(store: Store) -> None:
    kickoff, training, closing = three_documents()
    save(store, *kickoff)
    save(store, *training)
    with store.session() as session:
        assert session.scalar(select(func.count(m.Project.id))) == 2
    save(store, *closing)
    with store.session() as session:
        assert session.scalar(select(func.count(m.Project.id))) == 1
        project = session.scalars(select(m.Project)).one()
        assert [p.role for p in project.participants] == [1]  # the kick-off's funder came along
        assert session.scalar(select(func.count(m.AuditEntry.id)).where(m.AuditEntry.action == "project.merge")) == 1


def test_a_shared_acronym_with_different_titles_stays_two_projects(store: Store) -> None:
    first = "Projekat „Razvoj ruralnog turizma“ (RRT) počinje."
    second = "Projekat „Regionalni razvoj tržišta“ (RRT) počinje."
    save(store, first, Extraction(doc="a.txt", projects=[Project("Razvoj ruralnog turizma", "RRT")]))
    save(store, second, Extraction(doc="b.txt", projects=[Project("Regionalni razvoj tržišta", "RRT")]))
    with store.session() as session:
        assert sorted(session.scalars(select(m.Project.title))) == ["Razvoj ruralnog turizma",
                                                                   "Regionalni razvoj tržišta"]


def test_reextraction_keeps_one_project_and_does_not_duplicate_its_parts(store: Store) -> None:
    docs = three_documents()
    for text, ex in docs:
        save(store, text, ex)
    with store.session() as session:
        before = (session.scalar(select(func.count(m.ProjectTitle.id))),
                  session.scalar(select(func.count(m.Event.id))), session.scalar(select(func.count(m.Fact.id))))
    for text, ex in docs:
        save(store, text, ex, version="2")
    with store.session() as session:
        after = (session.scalar(select(func.count(m.ProjectTitle.id))),
                 session.scalar(select(func.count(m.Event.id))), session.scalar(select(func.count(m.Fact.id))))
        assert session.scalar(select(func.count(m.Project.id))) == 1
    assert after == before


def test_confidence_follows_the_rule_and_grows_with_mentions() -> None:
    assert rule_confidence("places", "gazetteer") > rule_confidence("organizations", "acronym")
    assert rule_confidence("places", "no-such-rule") == rule_confidence("places", "*")
    once = confidence("organizations", [Span(0, 3, "ABC", "acronym")])
    thrice = confidence("organizations", [Span(0, 3, "ABC", "acronym")] * 3)
    assert 0 < once < thrice < 1
    assert confidence("money", [None]) == rule_confidence("money", "*")


def test_weak_facts_reach_the_review_queue_and_strong_ones_do_not(store: Store) -> None:
    from devatlas.store.corrections import review_queue

    text = "Sredstva je osigurao UNDP, a projekat prati MZR."
    ex = Extraction(doc="q.txt", organisations=[
        Organisation("UNDP", register_id="undp", spans=(span(text, "UNDP", "register"),)),
        Organisation("MZR", spans=(span(text, "MZR", "acronym"),)),
    ])
    save(store, text, ex)
    with store.session() as session:
        queued = [f.value for f in review_queue(session)]
    assert "MZR" in queued and "UNDP" not in queued


def test_merge_and_rename_survive_reextraction(store: Store) -> None:
    text = "Vlada Švajcarske i Švajcarska agencija za razvoj i saradnju finansiraju projekat."
    ex = Extraction(doc="ch.txt", organisations=[
        Organisation("Vlada Švajcarske", spans=(span(text, "Vlada Švajcarske", "head-noun"),)),
        Organisation("Švajcarska agencija za razvoj i saradnju",
                     spans=(span(text, "Švajcarska agencija", "head-noun"),)),
    ])
    save(store, text, ex)
    with store.session() as session:
        merge_organisations(session, "Švajcarska agencija za razvoj i saradnju", "Vlada Švajcarske", "editor")
        rename_organisation(session, "Vlada Švajcarske", "Swiss Government", "editor")
    save(store, text, ex, version="2")
    with store.session() as session:
        live = session.scalars(select(m.Organisation).where(m.Organisation.merged_into_id.is_(None))).all()
        assert [o.name for o in live] == ["Swiss Government"]
        subjects = {f.subject_id for f in session.scalars(select(m.Fact).where(m.Fact.subject_type == "organisation"))}
        assert subjects == {live[0].id}
    found = search(store, "Švajcarska agencija za razvoj", entity_type="org")
    assert [(r.id, r.title) for r in found.results] == [(live[0].id, "Swiss Government")]


def test_a_document_joining_an_imported_project_makes_its_origin_both(store: Store) -> None:
    with store.session() as session:
        session.add(m.Project(key="project:lep krajina", title="LEP Krajina", acronym="LEP Krajina",
                              acronym_key="lep krajina", origin="iati"))
    kickoff = three_documents()[0]
    save(store, *kickoff)
    with store.session() as session:
        assert [p.origin for p in session.scalars(select(m.Project))] == ["both"]


def test_a_closing_document_reports_actuals_and_a_kick_off_targets(store: Store) -> None:
    from devatlas.model import Indicator

    kickoff = "Projekat LEP Krajina počinje. Cilj je da najmanje 150 nezaposlenih dobije posao."
    closing = "Projekat LEP Krajina je završen. Kroz projekat je zaposleno 162 nezaposlenih."
    for text, figure, value in ((kickoff, "najmanje 150 nezaposlenih", 150.0), (closing, "162 nezaposlenih", 162.0)):
        project = Project("LEP Krajina", "LEP Krajina", spans=(span(text, "LEP Krajina", "label"),))
        indicator = Indicator(figure, value, "nezaposlenih", span=span(text, figure, "indicator"))
        save(store, text, Extraction(doc=figure, language="bs", projects=[project], indicators=[indicator]))
    with store.session() as session:
        rows = session.execute(select(m.ProjectIndicator.target, m.ProjectIndicator.actual)
                               .order_by(m.ProjectIndicator.id)).all()
    assert [tuple(r) for r in rows] == [(150.0, None), (None, 162.0)]
