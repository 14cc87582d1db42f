"""Campaign detection: near-identical letters grouped, short no-remarks letters never."""

import numpy as np
import pytest

from horingsanalyse.cluster import CampaignDetector, find_campaigns

CAMPAIGN = (
    "Vi viser til høringen om grunnrenteskatt på havbruk. Kommunen går imot forslaget fordi det vil "
    "svekke lokalt eierskap, redusere investeringene i kystsamfunnene og flytte verdiskapingen ut av "
    "distriktene. Produksjonsavgiften må videreføres og Havbruksfondet må styrkes slik at vertskommunene "
    "får sin rettmessige andel av verdiskapingen. Vi ber departementet skrinlegge forslaget."
)


def test_near_identical_letters_form_one_campaign_and_others_stay_alone():
    texts = [
        "Averøy kommune\n" + CAMPAIGN,
        "Fjord kommune\n" + CAMPAIGN.replace("Vi ber", "Kommunen ber"),
        "Sjømat Norge mener at skattesystemet for havbruk bør være nøytralt og forutsigbart. " * 6,
        "Ingen merknader.",
        "Ingen merknader.",
        "Hitra kommune\n" + CAMPAIGN,
    ]
    original = list(texts)
    detector = CampaignDetector(threshold=0.85).fit(texts)
    assert texts == original  # input not modified
    assert detector.labels_.tolist() == [0, 0, -1, -1, -1, 0]
    assert np.allclose(np.diag(detector.similarity_), 1.0)
    campaigns = find_campaigns(texts, [f"{i}.pdf" for i in range(6)])
    assert len(campaigns) == 1
    assert campaigns[0].files == ("0.pdf", "1.pdf", "5.pdf")
    assert 0.85 <= campaigns[0].similarity <= 1.0


def test_fit_predict_matches_labels_and_rejects_bad_threshold():
    texts = [CAMPAIGN, CAMPAIGN, "En helt annen tekst om noe annet enn havbruk og skatt. " * 8]
    assert CampaignDetector().fit_predict(texts).tolist() == [0, 0, -1]
    with pytest.raises(ValueError, match="threshold"):
        CampaignDetector(threshold=0).fit(texts)


def test_no_texts_or_one_text_gives_no_campaign():
    assert find_campaigns([], []) == []
    assert find_campaigns([CAMPAIGN], ["a.pdf"]) == []
