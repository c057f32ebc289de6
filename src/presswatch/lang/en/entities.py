"""English knowledge of the entities stage."""

from __future__ import annotations

from presswatch.core.text import fold
from presswatch.lang.parts import EntityWords

#: Titles and roles before a person's name ("Prime Minister Boris Johnson",
#: "Mr Johnson", "Pope Francis"): not part of the name (folded; a full stop
#: after an abbreviation is dropped before looking up).
PERSON_TITLES = frozenset(
    fold(t)
    for t in [
        "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord",
        "Lady", "Rev", "Reverend", "Fr", "Father", "Pope", "Cardinal", "Bishop", "Archbishop",
        "Rabbi", "Imam", "Sheikh", "Msgr", "Monsignor", "Saint", "St", "Sister", "Brother",
        "President", "Vice", "Prime", "Minister", "Premier", "Chancellor", "Secretary",
        "Senator", "Sen", "Rep", "Representative", "Congressman", "Congresswoman", "Gov",
        "Governor", "Mayor", "General", "Gen", "Lt", "Col", "Colonel", "Maj", "Major", "Capt",
        "Captain", "Sgt", "Sergeant", "Adm", "Admiral", "Marshal", "Commander", "Judge",
        "Justice", "Chief", "King", "Queen", "Prince", "Princess", "Emperor", "Ambassador",
        "Attorney", "Sheriff", "Deputy", "Speaker", "Leader", "Defence", "Defense", "Foreign",
        "Interior", "Home", "Health", "Finance", "Economy", "Treasury", "State", "Agent",
        "Officer", "Detective", "Inspector", "Superintendent", "Constable", "Ayatollah",
        "Pastor", "Elder", "Dean", "Coach", "Crown",
    ]
)  # fmt: skip

ENTITIES = EntityWords(
    leading_article=r"^(?:the\s+)",
    titles=frozenset(),
    product_nouns=frozenset(
        fold(n)
        for n in [
            "missile", "missiles", "tank", "tanks", "jet", "jets", "aircraft", "plane",
            "planes", "fighter", "fighters", "bomber", "bombers", "drone", "drones",
            "helicopter", "helicopters", "rifle", "rifles", "system", "systems", "ship", "ships",
            "warship", "warships", "submarine", "submarines", "vaccine", "vaccines", "car",
            "cars", "model", "models", "software", "app", "apps", "operation", "programme",
            "program", "rocket", "rockets", "launcher", "launchers", "satellite", "satellites",
            "pipeline", "carrier", "destroyer", "frigate", "howitzer", "howitzers",
        ]
    ),
    media_nouns=frozenset(
        {"newspaper", "paper", "daily", "tabloid", "broadsheet", "outlet", "broadcaster",
         "channel", "network", "magazine", "website", "agency", "station", "weekly"}
    ),
    common_after_elision=frozenset(),
    elisions=(),
    person_titles=PERSON_TITLES,
    possessives=("'s", "’s", "'", "’"),
    capitalised=True,
    name_breaks=r"[\n\r•·|]|\s[-–—]\s",  # "Geneva - The World Health Organisation"
    other_names=frozenset(
        fold(n)
        for n in [
            "Islam", "Christianity", "Judaism", "Catholicism", "Protestantism", "Hinduism",
            "Buddhism", "Sikhism", "Islamism", "Zionism", "Communism", "Marxism", "Nazism",
            "Fascism", "Quran", "Koran", "Bible", "Torah", "Talmud", "Gospel", "Sharia",
            "Brexit", "Covid", "Covid-19", "COVID-19", "Ebola", "Zika", "Islamization",
        ]
    ),
)  # fmt: skip
