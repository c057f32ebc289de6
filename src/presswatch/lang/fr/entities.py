"""French knowledge of the entities stage."""

from __future__ import annotations

from presswatch.core.text import fold
from presswatch.lang.parts import EntityWords

ENTITIES = EntityWords(
    leading_article=r"^(?:l['’]|le\s+|la\s+|les\s+|the\s+|du\s+(?=[A-Z]))",
    title_prefixes=frozenset({"premier", "premiere", "vice", "ex", "ancien", "ancienne", "haut",
                              "haute", "secretaire", "general", "generale", "d'etat"}),
    titles=frozenset(
        fold(t)
        for t in [
            "M.", "M", "Mme", "Mlle", "Mgr", "Dr", "Pr", "Me", "MM.", "Monsieur", "Madame",
            "Sir", "Lord", "Saint",
        ]
    ),
    product_nouns=frozenset(
        fold(n)
        for n in [
            "missile", "missiles", "char", "chars", "avion", "avions", "drone", "drones",
            "hélicoptère", "hélicoptères", "fusil", "fusils", "système", "systèmes",
            "lance-roquettes", "navire", "navires", "sous-marin", "sous-marins", "vaccin",
            "vaccins", "voiture", "voitures", "modèle", "modèles", "logiciel", "logiciels",
            "application", "applications", "opération", "opérations", "programme",
            "programmes", "antichars", "antiaériens", "antiaérien", "antichar", "obus",
            "roquette", "roquettes", "canon", "canons", "blindé", "blindés", "batterie",
            "batteries", "satellite", "satellites", "gazoduc", "oléoduc",
        ]
    ),
    media_nouns=frozenset({"bihebdomadaire", "quotidien", "tabloid"}),
    common_after_elision=frozenset({"etat"}),
    elisions=("d'", "d’"),
)  # fmt: skip
