"""The label sets of SemEval-2023 Task 3, in a stable order.

Writers (text and HTML reports) use these lists to order techniques and to
give each technique a stable colour; the model artefact stores its own copy
and is checked against them when it loads.
"""

from __future__ import annotations

#: The 23 persuasion techniques (subtask 3), grouped as in the task description.
TECHNIQUES: tuple[str, ...] = (
    # attack on reputation
    "Name_Calling-Labeling",
    "Guilt_by_Association",
    "Doubt",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
    # justification
    "Flag_Waving",
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    # simplification
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    # distraction
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    # call
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    # manipulative wording
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
)

#: The 14 frames (subtask 2).
FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)

#: The 3 genres (subtask 1).
GENRES: tuple[str, ...] = ("reporting", "opinion", "satire")

#: The six languages of the training data: SemEval folder name -> ISO 639-1.
SEMEVAL_LANGUAGES: dict[str, str] = {
    "en": "en",
    "fr": "fr",
    "ge": "de",
    "it": "it",
    "po": "pl",
    "ru": "ru",
}
