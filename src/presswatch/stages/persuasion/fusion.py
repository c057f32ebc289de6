"""How the persuasion models use the sentence encoder's vectors (numpy only).

Chosen by article-grouped cross-validation (docs/models.md):

* **techniques, late fusion**: a head (one logistic regression per technique)
  reads :func:`technique_head_rows` — the paragraph's vector, the article's
  vector times ``encoder_weight`` and the article's language (one-hot) — and the
  probability is ``(1 - technique_mix) * p_hashed + technique_mix * p_head``;
  the per-language cut-offs are tuned on those mixed probabilities;
* **frames, early fusion**: the article row gains block ``S``, the article's
  vector times ``encoder_weight``
  (:func:`~presswatch.stages.persuasion.features.article_arrays`);
* **genre, late fusion**: a multinomial head reads :func:`genre_head_row` — the
  article's vector and its language — mixed with the hashed model's
  probabilities with a weight per language (:func:`mix_for`).
"""

from __future__ import annotations

import numpy as np

from presswatch.stages.persuasion.features import LANGUAGE_CODES


def article_vector(paragraph_vectors: np.ndarray) -> np.ndarray:
    """The sum of the paragraphs' vectors, scaled to unit length (zeros if none)."""
    total = paragraph_vectors.sum(axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(total))
    return total / norm if norm > 0 else total


def language_onehot(language: str | None) -> np.ndarray:
    """One value per training language (:data:`LANGUAGE_CODES`); all zeros for another."""
    return np.array([language == code for code in LANGUAGE_CODES], dtype=np.float32)


def technique_head_rows(
    paragraph_vectors: np.ndarray, article: np.ndarray, language: str | None, weight: float
) -> np.ndarray:
    """The technique head's input for each paragraph: ``[e_p, weight * a, language]``."""
    n = len(paragraph_vectors)
    return np.hstack(
        [
            paragraph_vectors.astype(np.float32, copy=False),
            np.broadcast_to(article * np.float32(weight), (n, len(article))),
            np.broadcast_to(language_onehot(language), (n, len(LANGUAGE_CODES))),
        ]
    )


def genre_head_row(article: np.ndarray, language: str | None) -> np.ndarray:
    """The genre head's input: ``[a, language]``."""
    return np.concatenate([article.astype(np.float32, copy=False), language_onehot(language)])


def mix_for(mixes: dict[str, float], language: str | None) -> float:
    """The head's weight for ``language`` (``"*"``: any language without its own)."""
    return float(mixes.get(language or "*", mixes["*"]))
