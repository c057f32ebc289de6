"""French knowledge of the repair stage (also used for languages whose pack
has none: repair read every language with these words before packs existed)."""

from __future__ import annotations

from presswatch.lang.parts import RepairWords

REPAIR = RepairWords(
    #: Abbreviations a full stop may end without ending a sentence (lower case).
    abbreviations=frozenset(
        [
            "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "drs", "pr", "pre", "st", "ste",
            "av", "apr", "cf", "ex", "vol", "no", "art", "al", "cie", "inc", "ltd", "co", "jr",
            "sr", "mgr", "me", "gen", "gén", "col", "cap", "lt", "sgt", "adj", "dept", "env",
            "fig", "ibid", "op", "chap", "hab", "tel", "tél", "p", "pp", "bd", "av.", "ave", "jc",
            "c.-à-d",
        ]
    ),
    #: Words that begin a sentence; a capitalised word glued to one of these
    #: ("ParisLe président…") is a boundary, "McDonald" or "PlayStation" is not.
    sentence_starters=frozenset(
        [
            "le", "la", "les", "l", "un", "une", "des", "selon", "pour", "dans", "il", "elle",
            "ils", "elles", "ce", "cet", "cette", "ces", "mais", "alors", "après", "avant",
            "depuis", "en", "au", "aux", "du", "de", "si", "lors", "quant", "face", "par", "sur",
            "sous", "entre", "contre", "malgré", "ainsi", "cependant", "pourtant", "enfin",
            "toutefois", "outre", "comme", "on", "nous", "je", "vous", "leur", "leurs", "son",
            "sa", "ses", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "tous", "toutes",
            "tout", "toute", "plusieurs", "certains", "certaines", "aucun", "aucune", "chaque",
            "pourquoi", "comment", "où", "quand", "qui", "que", "lorsque", "puisque", "dès", "et",
            "or", "donc", "à", "a", "the", "this", "that", "in", "on", "at", "for",
        ]
    ),
    #: Titles glued to the name they precede ("M.Macron"), as regular expressions.
    titles=("M", "MM", "Mme", "Mlle", "Dr", "Pr", "Me", "Mgr"),
)  # fmt: skip
