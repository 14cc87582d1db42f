"""Sender, category and høringsinstans found as a ministry officer would find them."""

import pytest

from horingsanalyse.actors import category_from_name, match_instans
from horingsanalyse.gazetteer import load_gazetteer, normalise_name
from horingsanalyse.nlp import make_letter_doc


def test_portal_response_sender_resolved_to_gazetteer(nlp):
    doc = make_letter_doc(nlp, ["Høringssvar fra Averøy kommune\nDato: 03.02.2020\n\nKommunen går imot forslaget."])
    assert doc._.actor == {"name": "Averøy kommune", "category": "kommune", "instans": "Averøy kommune",
                           "source": "gazetteer"}


def test_letterhead_sender_wins_over_addressee_and_body_mentions(nlp):
    text = (
        "SJØMAT NORGE\nPostboks 5471 Majorstuen\n\nFinansdepartementet\nPostboks 8008 Dep\n0030 Oslo\n\n"
        "Høringssvar NOU 2019: 18\n\nVi viser til innspill fra Averøy kommune og andre kommuner.\n\n"
        "Med vennlig hilsen\nSjømat Norge\nGeir Ove Ystmark"
    )
    actor = make_letter_doc(nlp, [text])._.actor
    assert actor["name"] == "Sjømat Norge"
    assert actor["instans"] == "Sjømat Norge"


def test_alias_resolves_to_canonical_name(nlp):
    doc = make_letter_doc(nlp, ["LO\n\nHøringssvar om skatt på havbruk. LO støtter forslaget.\n\nMed vennlig hilsen\nLO"])
    assert doc._.actor["name"] == "Landsorganisasjonen i Norge"
    assert doc._.actor["category"] == "arbeidstakerorganisasjon"


def test_unknown_private_person_from_portal_line(nlp):
    doc = make_letter_doc(nlp, ["Høringssvar fra Kari Nordmann\nDato: 01.02.2020\n\nJeg støtter grunnrenteskatt."])
    assert doc._.actor["name"] == "Kari Nordmann"
    assert doc._.actor["category"] == "privatperson"
    assert doc._.actor["instans"] is None


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Sørfold kommune", "kommune"),
        ("Vestland fylkeskommune", "fylkeskommune"),
        ("Lerøy Seafood Group ASA", "naeringsliv"),
        ("Fjordlaks Aqua AS", "naeringsliv"),
        ("Aure Høyre", "politisk_parti"),
        ("Norsk Sjømannsforbund og Fagforbundet", "arbeidstakerorganisasjon"),
        ("Nettverk fjord- og kystkommuner", "interesseorganisasjon"),
        ("Handelshøyskolen BI", "fagmiljo"),
        ("Statsforvalteren i Nordland", "statlig_etat"),
        ("Ola Nordmann", "privatperson"),
    ],
)
def test_category_from_name_form(name, category):
    assert category_from_name(name).value == category


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
