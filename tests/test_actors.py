"""Who answered: the sender, its category and høringsinstans, on text as responses arrive.

The letters here are written for these tests (no label in them is read by the tool: there
is no file name and no made-up letterhead carrying the answer) and are not the constructed
benchmark letters the shipped ranker was trained on.
"""

import numpy as np
import pytest

from horingsanalyse.actors import SenderRanker, category_from_name, match_instans
from horingsanalyse.actors.copies import copies_naming_one_sender
from horingsanalyse.actors.names import looks_like_person
from horingsanalyse.gazetteer import load_gazetteer, normalise_name
from horingsanalyse.nlp import make_letter_doc
from horingsanalyse.types import Campaign


def actor(nlp, text: str) -> dict:
    return make_letter_doc(nlp, [text])._.actor


def test_portal_response_sender_resolved_to_gazetteer(nlp):
    found = actor(nlp, "Høringssvar fra Averøy kommune\nDato: 03.02.2020\n\nKommunen går imot forslaget.")
    assert found["name"] == "Averøy kommune"
    assert found["category"] == "kommune"
    assert found["instans"] == "Averøy kommune"
    assert found["source"] == "portal"
    assert found["evidence"] == "Høringssvar fra Averøy kommune"
    assert 0.5 <= found["confidence"] <= 1.0


def test_web_form_body_without_portal_heading_names_its_writer_in_the_opening_sentence(nlp):
    text = ("\nDato:\n12.03.2024\n\nNorsk Sau og Geit viser til høringsnotatet om nye regler for dyrehold. "
            "Norsk Sau og Geit mener at kravene til beiteareal må utredes bedre før de innføres.\n")
    found = actor(nlp, text)
    assert found["name"] == "Norsk Sau og Geit"
    assert found["category"] == "interesseorganisasjon"


def test_pdf_text_whose_letterhead_address_and_first_paragraph_run_together(nlp):
    text = ("Lindås Bygg AS Postboks 220 5906 Frekhaug Telefon 56 17 20 00 post@lindasbygg.no Org.nr. 987 654 321 "
            "Kommunal- og distriktsdepartementet Postboks 8112 Dep 0032 OSLO Vår ref. 24/11 Dato 03.04.2024 "
            "Høring – endringer i byggteknisk forskrift Lindås Bygg AS er et familieeid byggefirma med 40 ansatte. "
            "Vi mener at kravene til dokumentasjon vil øke kostnadene for små foretak. Med vennlig hilsen "
            "Lindås Bygg AS Kari Lunde daglig leder")
    found = actor(nlp, text)
    assert found["name"] == "Lindås Bygg AS"
    assert found["category"] == "naeringsliv"
    assert found["private"] is False


def test_kommune_letter_signed_by_its_kommunedirektor_is_the_kommune(nlp):
    text = ("Hol kommune\nSentraladministrasjonen\n\nHelse- og omsorgsdepartementet\nPostboks 8011 Dep\n0030 Oslo\n\n"
            "Høring – forslag til ny lov om kommunale helse- og omsorgstjenester\n\nVi viser til høringsbrev av 1. mars. "
            "Kommunen støtter forslaget, men ber om at finansieringen blir avklart.\n\nMed hilsen\n\n"
            "Ingrid Haugen\nkommunedirektør\n")
    found = actor(nlp, text)
    assert found["name"] == "Hol kommune"
    assert found["category"] == "kommune"


def test_a_councils_vedtak_speaks_for_its_kommune(nlp):
    text = ("\nDato:\n20.02.2024\n\nFormannskapet i Vågå behandlet saken i møte 15.02.2024 og fattet følgende "
            "vedtak:\nVågå kommune går imot forslaget om å legge ned lensmannskontoret.\n")
    found = actor(nlp, text)
    assert found["name"] == "Vågå kommune"
    assert found["category"] == "kommune"


def test_a_letter_endorsing_another_bodys_answer_is_from_its_own_writer(nlp):
    text = ("\nDato:\n03.05.2024\n\nRøros kommune slutter seg til høringsuttalelsen fra KS og viser til "
            "KS' vurderinger av kostnadene for kommunene.\n\nMed hilsen\nRøros kommune\n")
    found = actor(nlp, text)
    assert found["name"] == "Røros kommune"


@pytest.mark.parametrize(("text", "sender", "category"), [
    ("LO i Nordre Follo og omegn viser til LOs høringssvar. LO i Nordre Follo og omegn mener at innleie må "
     "begrenses.\n\nMed vennlig hilsen\nLO i Nordre Follo og omegn\n", "LO i Nordre Follo og omegn",
     "arbeidstakerorganisasjon"),
    ("Bergen Høyre mener at bompengene må ned. Bergen Høyre ber departementet se på saken på nytt.\n\n"
     "For styret i Bergen Høyre\nPer Hansen\n", "Bergen Høyre", "politisk_parti"),
])
def test_a_local_branch_is_not_its_national_body(nlp, text, sender, category):
    found = actor(nlp, text)
    assert found["name"] == sender
    assert found["category"] == category


def test_the_addressee_is_not_the_sender(nlp):
    text = ("Arbeids- og inkluderingsdepartementet\nPostboks 8019 Dep\n0030 Oslo\n\nHøring – endringer i "
            "arbeidsmiljøloven\n\nUnio mener at forslaget svekker vernet av arbeidstakere.\n\nMed vennlig hilsen\n"
            "Unio\n")
    assert actor(nlp, text)["name"] == "Unio"


def test_a_ministry_misread_by_ocr_is_still_the_addressee():
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.gazetteer import names_index

    finder = NameFinder(names_index(load_gazetteer()), {}, {}, addressee="Finansdepartementet")
    text = "Finansdepariementet Vår dato: 04.02.2020\nSkattebetalerforeningen støtter forslaget."
    misread = [m for m in finder.mentions(text) if m.name.startswith("Finansdep")]
    assert misread and all(m.addressee for m in misread)
    writer = [m for m in finder.mentions(text) if m.name == "Skattebetalerforeningen"]
    assert writer and not any(m.addressee for m in writer)


def test_a_common_noun_at_the_start_of_a_sentence_is_not_a_council(nlp):
    text = ("Naturvernforbundet i Hordaland\n\nVi er imot forslaget om ny vei gjennom myra ved Kvernavatnet. "
            "Området er viktig for fuglelivet, og en annen trasé er ikke utredet.\n")
    assert actor(nlp, text)["name"] == "Naturvernforbundet i Hordaland"


def test_an_email_forwarded_by_a_secretary_is_not_from_a_private_person(nlp):
    text = ("Fra: Siri Nygård <siri.nygard@vestkyst.no> Sendt: 3. mars 2024 Til: Postmottak KDD Emne: Høring "
            "om havneloven\nVestkyst Havneråd viser til høringsbrevet. Havnerådet mener at forslaget gir for lite "
            "lokal styring.\nMed vennlig hilsen\nSiri Nygård | Dagleg leiar | Vestkyst Havneråd\n")
    found = actor(nlp, text)
    assert found["name"] == "Vestkyst Havneråd"
    assert found["private"] is False


def test_a_signature_run_into_an_abbreviated_institute_keeps_the_persons_name():
    from horingsanalyse.actors.candidates import NameFinder

    text = "Vi savner en bredere drøfting av skattens virkninger.\nMarte K. Solberg Inst. for samfunnsøkonomi"
    start = text.index("Marte")
    spans = NameFinder({}, {}, {})._split_person(text, start, text.index(". for"))
    assert [text[a:b] for a, b in spans] == ["Marte K. Solberg", "Inst"]


def test_an_earlier_name_the_letter_uses_is_kept(nlp):
    text = "Energi Norge viser til høringen. Energi Norge mener at forslaget er uheldig.\n\nVennlig hilsen\nEnergi Norge\n"
    assert actor(nlp, text)["name"] == "Energi Norge"


def test_a_kommunes_domain_names_it(nlp):
    text = ("Vi viser til høringen og støtter forslaget om nye regler for skoleskyss.\n\n"
            "Med hilsen\nOle Dahl\nrådgiver\nole.dahl@skien.kommune.no\n")
    found = actor(nlp, text)
    assert found["name"] == "Skien kommune"


@pytest.mark.parametrize("text", [
    "\nDato:\n03.05.2024\n\n",
    "Bakgrunn\n\nFormannskapet vedtok følgende:\n\nForslaget bør utredes bedre.\n\nMed vennlig hilsen\n",
])
def test_a_letter_that_does_not_say_who_wrote_it_has_no_sender(nlp, text):
    found = actor(nlp, text)
    assert found["name"] is None
    assert found["source"] == "none"


def test_a_private_person_named_in_the_letter(nlp):
    text = ("\nDato:\n01.03.2024\n\nJeg er imot forslaget om å flytte legevakten. Jeg bor tre timer unna og "
            "mener det blir for langt å reise om natten.\n\nHilsen Trude Bakken\n")
    found = actor(nlp, text)
    assert found["name"] == "Trude Bakken"
    assert found["category"] == "privatperson"
    assert found["private"] is True


def test_an_anonymous_private_person_has_no_name_but_a_category(nlp):
    text = "\nDato:\n01.03.2024\n\nJeg skriver som privatperson og vil være anonym. Jeg mener forslaget er dårlig.\n"
    found = actor(nlp, text)
    assert found["name"] is None
    assert found["category"] == "privatperson"


def test_a_portal_heading_from_anonym_names_no_one(nlp):
    text = ("Høringssvar fra Anonym\nDato: 14.05.2024\n\nJeg mener at bompengene i byen er for høye for oss "
            "som må kjøre til jobben hver dag.\n")
    found = actor(nlp, text)
    assert found["name"] is None
    assert found["category"] == "privatperson"


def test_a_sports_club_is_not_a_person(nlp):
    text = ("Stord Idrettslag har over 900 medlemmer. Vi ber om at tilskuddene til lokale lag videreføres.\n\n"
            "Med vennlig hilsen\nStord Idrettslag\n")
    found = actor(nlp, text)
    assert found["name"] == "Stord Idrettslag"
    assert found["category"] == "annet"
    assert found["private"] is False


def test_a_cover_letter_is_from_its_writer_not_from_the_attached_letters_body(nlp):
    text = ("Valdres Regionråd\nSkrautvålvegen 2, 2900 Fagernes\nE-post: post@valdresregionrad.no\n\n"
            "HØRINGSUTTALELSE – NY VANNFORSKRIFT\nValdres Regionråd støtter vedlagte høringssvar fra Norsk "
            "Vannforening (NVF) av 3. mars 2024.\n\n"
            "Norsk Vannforening, c/o Samfunnsbedriftene, Postboks 1378 Vika, 0114 Oslo\n"
            "Klima- og miljødepartementet\nHøringssvar – ny vannforskrift\n"
            + "Norsk Vannforening mener at fristene for tiltaksplanene er for korte for de minste kommunene. " * 20
            + "\n\nMed vennlig hilsen\nfor styret i Norsk Vannforening\nLiv Haugen\ndaglig leder\n")
    found = actor(nlp, text)
    assert found["name"] == "Valdres Regionråd"
    assert found["category"] == "annet"


def test_a_report_filed_without_a_letter_names_no_one_but_its_client(nlp):
    report = ("Lise Aas, Tor Berge\nKommunal økonomi i endring – en kunnskapsstatus\nRAPPORT NR. 14, "
              "NORDLANDSFORSKNING – MARS 2024\nISSN 1504-6688 ISBN 978-82-7321-800-1\n\n"
              "Forord\nNordlandsforskning har gjennomført prosjektet i samarbeid med Universitetet i Tromsø. "
              "Universitetet i Tromsø har bidratt med data om kommunenes inntekter og utgifter.\n")
    assert actor(nlp, report)["name"] is None
    commissioned = ("FISHERIES AND THE COAST\nPreliminary report\nPrepared for Kystrederiene\n4 March 2024\n"
                    "by Anne Lund and Per Moe, Havøkonomi AS\n\nThis report examines the costs of the proposed "
                    "rules for coastal shipping companies. Havøkonomi AS has conducted 40 interviews.\n")
    assert actor(nlp, commissioned)["name"] == "Kystrederiene"


def test_a_researcher_writing_in_her_own_name_cites_like_one(nlp):
    text = ("Kari Vik sin kommentar til høringsnotatet om fiskekvoter\n\nJeg kommenterer bare det som gjelder "
            "vårt arbeid (Vik og Strand, 2021). Modellen bygger på Hansen, O. (2015) og på (Berg et al., 2019), "
            "og forutsetningene i notatet er feil gjengitt (Vik, 2022).\n\nKari Vik\n")
    found = actor(nlp, text)
    assert found["name"] == "Kari Vik"
    assert found["category"] == "fagmiljo"


def test_an_unsigned_letter_by_institutes_is_a_research_group(nlp):
    text = ("2. april 2024 Høringssvar «Ny modell for studiefinansiering» Vi støtter utvalgets hovedgrep, men "
            "modellen for bostipend bør utredes bedre før den innføres. Inst. for samfunnsøkonomi "
            "Inst. for finans 4")
    found = actor(nlp, text)
    assert found["name"] is None
    assert found["category"] == "fagmiljo"


def test_a_name_of_two_abbreviations_is_not_shown_for_the_writers_full_name(nlp):
    text = ("Kommunal- og distriktsdepartementet\nHøring – ny lov om næringsarealer\nSortland og Hadsel "
            "Næringsforum avgir med dette følgende uttalelse: Forslaget må ta hensyn til små bedrifter, og "
            "arealene bør forvaltes lokalt.\n\nMed hilsen Eva Lie Jon Dahl Styreleder SNF Daglig leder HNF")
    found = actor(nlp, text)
    assert found["name"] == "Sortland og Hadsel Næringsforum"
    assert found["category"] == "naeringsliv"


def test_a_known_body_with_a_lower_case_word_is_the_subject_of_its_statement(nlp):
    text = "\nDato:\n05.06.2024\n\nStatens vegvesen har ingen merknader til høringen.\n"
    found = actor(nlp, text)
    assert found["name"] == "Statens vegvesen"
    assert found["category"] == "statlig_etat"


@pytest.mark.parametrize(("text", "sender"), [
    # a known body
    ("Klima-ogmiljødepartementet Postboks8013Dep 0030Oslo Deresref.:24/118 Oslo,3.april2024 "
     "Høringssvar—nyvannforskrift Naturvernforbundetmeneratfristenefortiltaksplaneneerforkorte,og"
     "atkommunenemåfåmertid.Vibermyndighetenenomåutredekostnadenebedreførreglenetrerikraft."
     "Detteerviktigfornaturenihelelandet.Vimenerogsåatovervåkingenmåstyrkes. "
     "Medvennlighilsen KariLund fagsjef", "Naturvernforbundet"),
    # a body the gazetteer does not know, by the form of its name
    ("Kommunal-ogdistriktsdepartementet Postboks8112Dep 0032Oslo Deresref.:24/118 Oslo,3.april2024 "
     "Høringssvar—endringerihyttelovgivningen Hytteeierforeningenmeneratforslagetvilgjøredetdyrereå"
     "eieenhytte,ogatkommunenemåfåmertid.Vibermyndighetenenomåutredekostnadenebedreførreglenetrer"
     "ikraft.Detteerviktigforfamilieneihelelandet.Vimenerogsåatvedlikeholdetmåstyrkes. "
     "Medvennlighilsen KariLund styreleder", "Hytteeierforeningen"),
])
def test_pdf_text_that_lost_its_spaces_still_names_its_writer(nlp, text, sender):
    found = actor(nlp, text)
    assert found["name"] == sender
    assert found["source"] == "subject"


def test_a_common_abbreviation_is_not_read_as_the_writers_name():
    from horingsanalyse.actors.candidates import spells

    assert spells("NFKK", "Nettverk fjord- og kystkommuner")
    assert spells("BREF", "Brønnbåteiernes Forening")
    assert not spells("NOU", "Nettverk fjord- og kystkommuner")


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Sørfold kommune", "kommune"),
        ("Vestland fylkeskommune", "fylkeskommune"),
        ("Fylkestinget i Nordland", "fylkeskommune"),
        ("Lerøy Seafood Group ASA", "naeringsliv"),
        ("Fjordlaks Aqua AS", "naeringsliv"),
        ("Hadeland Næringsforening", "naeringsliv"),
        ("Aure Høyre", "politisk_parti"),
        ("Norsk Sjømannsforbund og Fagforbundet", "arbeidstakerorganisasjon"),
        ("Nettverk fjord- og kystkommuner", "annet"),
        ("Interkommunalt politisk råd Hallingdal", "annet"),
        ("Frøya Idrettslag", "annet"),
        ("Bodø Roklubb", "annet"),  # a «-klubb» compound is a club, not a workplace union's «klubb»
        ("Handelshøyskolen BI", "fagmiljo"),
        ("Statsforvalteren i Nordland", "statlig_etat"),
        ("Stiftelsen Kystkultur", "interesseorganisasjon"),
        ("Norsk Sau- og Geitalslag", "interesseorganisasjon"),  # a «-lag» compound is an association
        ("Det Norske Samlaget", "interesseorganisasjon"),
        ("Sunnmøre Historielag", "interesseorganisasjon"),
        ("Ola Nordmann", "privatperson"),
    ],
)
def test_category_from_name_form(name, category):
    assert category_from_name(name).value == category


@pytest.mark.parametrize(("name", "person"), [
    ("Kari Nordmann", True), ("Hege-Merethe Hauan Bengtsson", True), ("Per O. Lie", True),
    ("Frøya Idrettslag", False), ("Vest Næringsråd", False), ("Bergen Næringsråd", False), ("Emilsen Fisk", False),
])
def test_a_capitalised_word_pair_is_not_yet_a_person(name, person):
    assert looks_like_person(name) is person


@pytest.mark.parametrize(("word", "head"), [
    ("Regionrådet", True), ("Idrettslaget", True), ("Borettslag", True), ("Kartverket", True), ("Kommunestyret", True),
    ("Området", False), ("Forslaget", False), ("Lovforslaget", False), ("Grunnlaget", False), ("Regelverket", False),
    ("Utstyret", False),
])
def test_a_word_that_only_ends_like_an_organisation_is_no_head(word, head):
    from horingsanalyse.actors.names import is_org_head

    assert is_org_head(word) is head


def test_gazetteer_covers_all_kommuner_of_2024():
    entries = load_gazetteer()
    kommuner = [e for e in entries if e.category.value == "kommune"]
    assert len({e.name for e in kommuner}) >= 357
    names = {e.name for e in entries}
    assert {"Bærum kommune", "Tromsø kommune", "Trøndelag fylkeskommune", "Finansdepartementet"} <= names


def test_instans_matching_ignores_case_and_portal_suffixes():
    instanser = ["Averøy kommune", "Sjømat Norge"]
    assert match_instans("AVERØY KOMMUNE (PDF, 783KB)", (), instanser) == "Averøy kommune"
    assert match_instans("Sjømat  Norge", (), instanser) == "Sjømat Norge"
    assert match_instans("Bergen kommune", (), instanser) is None
    assert normalise_name("Averøy kommune (uten merknader)") == "averøy kommune"


def test_copies_of_one_letter_naming_one_sender_get_none():
    senders = {"a": "Nettverk X", "b": "Nettverk X", "c": "Nettverk X", "d": "Bø kommune", "e": "Lier kommune"}
    copies = [Campaign("k1", ("a", "b", "c"), 0.98), Campaign("k2", ("d", "e"), 0.95)]
    assert copies_naming_one_sender(senders, copies) == {"a", "b", "c"}


def test_a_shortened_copy_of_a_networks_letter_does_not_name_who_filed_it():
    from horingsanalyse.actors import SenderDecision
    from horingsanalyse.actors.copies import senders_of_copies
    from horingsanalyse.types import ActorCategory

    points = ["Inntektene fra arealavgiften må gå til kommunene som stiller sjøarealet til disposisjon.",
              "En statlig skatt på overskuddet gir svingende inntekter og svekker den lokale aksepten.",
              "Vertskommunene trenger forutsigbare inntekter for å planlegge skoler, veier og barnehager.",
              "Fondet som fordeler inntektene må videreføres, og fordelingsnøkkelen bør ligge fast.",
              "Utvalgets beregninger tar ikke hensyn til kostnadene kommunene har med planarbeidet.",
              "Kystkommunene ber om at saken behandles i Stortinget før sommeren."]
    body = " ".join(f"Kystnettverket mener: {p}" for p in points * 3)
    full = f"Kystnettverket, Postboks 12, 0101 Oslo\nHøringssvar\n{body}\nMed hilsen\nKystnettverket\nAnne Dal"
    shortened = " ".join(f"Kystnettverket mener: {p}" for p in points * 3 if "Stortinget" not in p)
    decisions = {key: SenderDecision("Kystnettverket", ActorCategory.ANNET, 0.9)
                 for key in ("own", "copy", "shortened")}
    decisions["other"] = SenderDecision("Bø kommune", ActorCategory.KOMMUNE, 0.9)
    texts = {"own": full, "copy": full, "shortened": shortened,
             "other": "Bø kommune går imot forslaget om ny skatt på havbruk og viser til egne beregninger. " * 5}
    decided = senders_of_copies(decisions, texts=texts)
    assert [decided[k].name for k in ("own", "copy", "shortened", "other")] == [None, None, None, "Bø kommune"]


def _toy_letters():
    """Two features (is in the signature, is the addressee): the sender is the signed one."""
    letters = [np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
               np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 0.0]])]
    return letters, [0, 1, 1, 0]


def test_ranker_learns_a_rule_that_can_be_computed_by_hand(monkeypatch):
    import horingsanalyse.actors.ranker as ranker_module

    monkeypatch.setattr(ranker_module, "FEATURES", ("signed", "addressee"))
    letters, targets = _toy_letters()
    before = [X.copy() for X in letters]
    ranker = SenderRanker(C=10.0, threshold=0.5)
    assert ranker.fit(letters, targets) is ranker
    assert all(np.array_equal(a, b) for a, b in zip(letters, before)), "fit must not modify its input"
    assert ranker.coef_[0] > 0 > ranker.coef_[1]
    assert ranker.predict(letters) == targets
    assert ranker.predict([np.array([[0.0, 1.0]])]) == [None]  # only the addressee: nobody
    again = SenderRanker.from_dict(ranker.to_dict())
    assert np.allclose(again.probabilities(letters[0]), ranker.probabilities(letters[0]))


def test_the_packaged_ranker_says_how_it_was_trained_and_scored():
    import json
    from importlib import resources

    data = json.loads((resources.files("horingsanalyse") / "resources" / "sender_ranker.json").read_text("utf-8"))
    assert "gold" in data["about"]["trained_on"]
    assert data["about"]["held_out"]["body-only"]["gold set"]["sender"] > 0.5


def test_components_load_by_entry_point_on_any_norwegian_pipeline(tmp_path):
    """``nlp.add_pipe("horingsanalyse_actors")`` works without importing our modules first."""
    import subprocess
    import sys

    code = (
        "import spacy\n"
        "nlp = spacy.blank('nb'); nlp.add_pipe('sentencizer')\n"
        "nlp.add_pipe('horingsanalyse_actors'); nlp.add_pipe('horingsanalyse_positions')\n"
        "doc = nlp('Høringssvar fra Bodø kommune\\n\\nKommunen har ingen merknader.')\n"
        "print(doc._.actor['name'], doc._.actor['category'], doc._.no_comment)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Bodø kommune kommune True"


def test_a_name_no_rule_places_takes_the_category_its_form_shares_with_known_bodies():
    from horingsanalyse.actors.category import category_by_form, name_form_classifier
    from horingsanalyse.gazetteer import GazetteerEntry
    from horingsanalyse.types import ActorCategory

    known = [GazetteerEntry(n, ActorCategory.NAERINGSLIV) for n in
             ("Sjømatbedriftene", "Byggebedriftene", "Mediebedriftene", "Reiselivsbedriftene")] + \
            [GazetteerEntry(n, ActorCategory.STATLIG_ETAT) for n in
             ("Kystverket", "Vegvesenet", "Skatteetaten", "Havforskningsinstituttet")] + \
            [GazetteerEntry(n, ActorCategory.FAGMILJO) for n in ("Nofima", "Sintef", "Nibio", "Norce")]
    classifier = name_form_classifier(known)
    assert category_by_form("Landbruksbedriftene") is None  # no rule of form speaks
    assert classifier.confident_category("Landbruksbedriftene") is ActorCategory.NAERINGSLIV
    assert classifier.confident_category("Qzx") is None  # shares nothing with the known names


@pytest.mark.parametrize(("text", "unknown", "sender", "category"), [
    # a local branch: the letter names its place as a kommune
    ("Vinje Høgre – uttale til høyringa om lokal forvaltning av fiske\n\nUttale vedteken på Vinje Høgre sitt "
     "årsmøte 12.03.2024. Vinje Høgre meiner at forslaget vil slå uheldig ut for bygdene. I Vinje kommune "
     "lever mange av utmarksnæringane, og dei treng føreseielege rammer.\n\nVinje Høgre\n",
     "Vinje kommune", "Vinje Høgre", "politisk_parti"),
    # minutes: the council's organ speaks for the kommune, not the persons listed in the head
    ("Møteprotokoll Utval: Formannskapet Møtestad: Kommunehuset Dato: 21.01.2024 Til stades: Namn Funksjon "
     "Kari Nesheim Leiar AP Ola Tveit Medlem SP Per Vik Medlem H\n\nSakene vart handsama i den rekkjefølgja "
     "dei stod i saklista. PS 4/24 Høyring – skattlegging av havbruk. Behandling Ordførar Kari Nesheim (Ap) "
     "orienterte om saka. Kari Nesheim (Ap) fremja følgjande forslag: Tysnes formannskap viser til "
     "høyringsnotatet og går imot forslaget om å flytte skatteinntektene frå havbruk til staten. Røysting: "
     "Kari Nesheim sitt forslag vart samrøystes vedteke. Vedtak Tysnes formannskap viser til høyringsnotatet "
     "og går imot forslaget om å flytte skatteinntektene frå havbruk til staten. Inntektene er viktige for "
     "innbyggjarane i Tysnes kommune.\nKari Nesheim\nordførar\n",
     "Tysnes kommune", "Tysnes kommune", "kommune"),
])
def test_a_kommune_the_letter_names_counts_where_the_gazetteer_does_not_know_it(nlp, text, unknown, sender, category):
    """A kommune newer than the gazetteer (or a hearing whose senders it has never seen)."""
    nlp.get_pipe("horingsanalyse_actors").initialize(gazetteer=[e for e in load_gazetteer() if e.name != unknown])
    found = actor(nlp, text)
    assert found["name"] == sender
    assert found["category"] == category


def test_a_postbox_glued_to_the_ministrys_name_is_the_addressees_address():
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.actors.component import place_tables
    from horingsanalyse.gazetteer import names_index

    entries = load_gazetteer()
    finder = NameFinder(names_index(entries), *place_tables(entries))
    text = "Finansdepartementet Postboks8008Dep 0030Oslo Deresref.:19/4419 Oslo,4,februar2020"
    first = min(finder.mentions(text), key=lambda m: m.start)
    assert first.text == "Finansdepartementet"
    assert first.addressee


def test_a_body_shown_by_its_abbreviation_takes_the_category_of_its_full_name(nlp):
    text = ("Landbruks- og matdepartementet\nPostboks 8007 Dep\n0030 Oslo\n\nHøring – endringer i konsesjonsloven\n\n"
            "Norges Hytteeierforbund (NHEF) viser til høringsbrevet. NHEF mener at boplikten ikke bør skjerpes. "
            "NHEF ber departementet utrede virkningene for distriktene.\n\nMed vennlig hilsen\nNHEF\n")
    found = actor(nlp, text)
    assert found["name"] in ("NHEF", "Norges Hytteeierforbund")
    assert found["category"] == "interesseorganisasjon"


@pytest.mark.parametrize(("text", "category"), [
    ("Norsk Radiografforbund (NRF) er en organisasjon for radiografer og andre yrkesgrupper i helsetjenesten. "
     "NRF mener at forslaget svekker bemanningen.", "arbeidstakerorganisasjon"),
    ("Norsk Radiografforbund (NRF) er en interesseorganisasjon for pasienter med kreft. "
     "NRF mener at forslaget svekker tilbudet.", "interesseorganisasjon"),
    ("Norsk Radiografforbund (NRF) er en arbeidsgiverorganisasjon for private sykehus med over 5000 ansatte. "
     "NRF mener at forslaget svekker bemanningen.", "arbeidsgiverorganisasjon"),
])
def test_what_the_letter_says_its_writer_organises_gives_the_category(text, category):
    from horingsanalyse.actors.category import category_from_letter

    assert category_from_letter("Norsk Radiografforbund", text).value == category



def _candidate_names(text: str) -> list[set[str]]:
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.gazetteer import names_index

    finder = NameFinder(names_index(load_gazetteer()), {}, {})
    return [set(c.names) for c in finder.candidates(text, finder.mentions(text))]


def test_two_bodies_that_write_together_and_sign_apart_are_two_candidates():
    text = ("Vesterålen regionråd\n\nHøring – ny havnelov\n\nVesterålen regionråd og Vesterålen Næringsforum viser "
            "til høringsbrevet og mener at havnene må styres lokalt.\n\nMed vennlig hilsen\n\nKari Olsen\nleder\n"
            "Vesterålen regionråd\n\nPer Hansen\ndaglig leder\nVesterålen Næringsforum\n")
    names = _candidate_names(text)
    assert not any("Vesterålen regionråd og Vesterålen Næringsforum" in n for n in names)
    assert any("Vesterålen regionråd" in n for n in names) and any("Vesterålen Næringsforum" in n for n in names)


@pytest.mark.parametrize("text", [
    "Salten Marin AS og Bodø Havnelag viser til høringen. Salten Marin AS og Bodø Havnelag støtter forslaget.\n",
    "Troms og Finnmark fylkeskommune viser til høringsbrevet og støtter forslaget.\n",
])
def test_a_pair_never_named_apart_and_a_name_with_og_inside_stay_one_name(text):
    name = text.split(" viser")[0]
    assert any(name in n for n in _candidate_names(text))


def test_an_unknown_name_given_only_as_the_addressee_is_not_the_sender(nlp):
    text = ("Finansdepariementet\nPostboks 8008 Dep\n0030 Oslo\n\nHøring – skatt på havbruk\n\n"
            "Vi er imot forslaget, fordi det svekker investeringene langs kysten.\n\nMed vennlig hilsen\n"
            "Kystnæringens Fellesforum\n")
    assert actor(nlp, text)["name"] == "Kystnæringens Fellesforum"


def test_ranker_chooses_its_regularisation_inside_the_training_letters(monkeypatch):
    import horingsanalyse.actors.ranker as ranker_module

    monkeypatch.setattr(ranker_module, "FEATURES", ("signed", "addressee"))
    letters, targets = _toy_letters()
    ranker = SenderRanker(Cs=(10.0, 1.0), threshold=0.5, inner_folds=2).fit(letters * 3, targets * 3)
    assert ranker.C_ == 1.0  # every choice gets the letters right: the strongest regularisation
    assert ranker.predict(letters) == targets
    assert SenderRanker.from_dict(ranker.to_dict()).C_ == 1.0


def test_a_common_noun_a_misread_addressee_and_the_reports_committee_can_never_be_the_sender():
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.actors.component import can_be_sender
    from horingsanalyse.actors.features import LetterContext
    from horingsanalyse.gazetteer import names_index

    finder = NameFinder(names_index(load_gazetteer()), {}, {}, addressee="Finansdepartementet")
    text = ("Finansdepariementet\nPostboks 8008 Dep\n\nOmrådet er viktig for fisket. Fiskeskatteutvalget foreslår "
            "en ny avgift. Kystnæringens Fellesforum mener at forslaget må utredes bedre.\n\nMed vennlig hilsen\n"
            "Kystnæringens Fellesforum\n")
    mentions = finder.mentions(text)
    candidates = finder.candidates(text, mentions)
    allowed = dict(zip((c.names[0] for c in candidates), can_be_sender(candidates, LetterContext.of(text, mentions))))
    assert not allowed["Finansdepariementet"] and not allowed["Området"] and not allowed["Fiskeskatteutvalget"]
    assert allowed["Kystnæringens Fellesforum"]


def test_a_party_in_brackets_after_a_persons_name_is_that_persons_not_the_senders():
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.gazetteer import names_index

    finder = NameFinder(names_index(load_gazetteer()), {}, {})
    text = ("Til stades: Namn Funksjon Kari Nesheim Leiar AP Ola Tveit Medlem SP\n\nBehandling: Ordførar Kari "
            "Nesheim (Ap) fremja følgjande forslag. Tysnes formannskap viser til saka.")
    mentions = finder.mentions(text)
    party = [m for m in mentions if m.text in ("Ap", "AP", "SP")]
    assert len(party) >= 3 and all(m.cited for m in party)
    groups = [set(c.names) for c in finder.candidates(text, mentions)]
    assert not any("Kari Nesheim" in names and "Ap" in names for names in groups)  # the person is not the party


def test_a_rare_word_the_tagger_reads_as_a_common_noun_can_never_be_the_sender(hearing):
    from horingsanalyse.actors.component import can_be_sender
    from horingsanalyse.actors.features import display_form
    from horingsanalyse.nlp import build_pipeline

    nlp = build_pipeline(hearing)  # the bundled pipeline: its tagger reads the nouns

    text = ("Høring – skatt på havbruk\n\nForslaget svekker kysten. Fraflytting er et problem i distriktene, og "
            "skatten gjør det verre.\n\nMed vennlig hilsen\nKystnæringens Fellesforum\n")
    recognizer = nlp.get_pipe("horingsanalyse_actors")
    candidates, context, _ = recognizer.candidates(make_letter_doc(nlp, [text]))
    allowed = dict(zip((display_form(c) for c in candidates), can_be_sender(candidates, context)))
    assert allowed["Fraflytting"] is np.False_  # a rare word (wordfreq does not call it common), never lower case here
    assert allowed["Kystnæringens Fellesforum"]


def test_a_letter_naming_its_writer_on_every_page_is_not_unlike_one_naming_it_five_times():
    from horingsanalyse.actors.candidates import NameFinder
    from horingsanalyse.actors.features import FEATURES, LetterContext, feature_matrix
    from horingsanalyse.gazetteer import names_index

    finder = NameFinder(names_index(load_gazetteer()), {}, {})

    def mention_counts(times: int) -> dict[str, float]:
        text = "Høring – skatt på havbruk\n\n" + "Kystnæringens Fellesforum mener at skatten er feil. " * times
        mentions = finder.mentions(text)
        candidates = finder.candidates(text, mentions)
        row = feature_matrix(candidates, LetterContext.of(text, mentions))[0]
        return {f: v for f, v in zip(FEATURES, row) if f.startswith("n_")}

    assert mention_counts(30) == mention_counts(5) != mention_counts(2)
