"""English knowledge of the repair stage."""

from __future__ import annotations

from presswatch.lang.parts import RepairWords

REPAIR = RepairWords(
    #: Abbreviations a full stop may end without ending a sentence (lower case).
    abbreviations=frozenset(
        [
            "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "fr", "gen", "lt", "col",
            "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "pres", "supt", "insp", "det",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
            "no", "nos", "vol", "vols", "p", "pp", "art", "fig", "ch", "sec", "para", "ed", "eds",
            "inc", "ltd", "co", "corp", "bros", "dept", "univ", "assn", "est", "approx", "vs",
            "etc", "al", "cf", "ie", "eg", "viz", "ft", "mt", "ave", "blvd", "rd", "u.s",
            "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "ph.d", "ret", "hon",
        ]
    ),
    #: Words that begin a sentence; a capitalised word glued to one of these
    #: ("WashingtonThe president…") is a boundary, "McDonald" or "PlayStation" is not.
    sentence_starters=frozenset(
        [
            "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "but",
            "and", "or", "so", "yet", "if", "when", "while", "after", "before", "since",
            "although", "though", "as", "according", "he", "she", "it", "they", "we", "i", "you",
            "his", "her", "its", "their", "our", "my", "your", "there", "here", "what", "why",
            "how", "who", "where", "which", "however", "meanwhile", "moreover", "furthermore",
            "still", "also", "then", "now", "today", "yesterday", "last", "earlier", "later",
            "some", "many", "most", "all", "several", "both", "each", "every", "no", "not",
            "one", "two", "three", "by", "from", "with", "without", "despite", "during", "under",
            "over", "about", "instead", "indeed", "thus", "hence", "therefore", "read", "watch",
            "related", "photo", "video", "image", "source", "click", "subscribe", "follow",
        ]
    ),
    #: Titles glued to the name they precede ("Mr.Johnson"), as regular expressions.
    titles=("Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt"),
    straight_quotes_by_shape=True,
)  # fmt: skip
