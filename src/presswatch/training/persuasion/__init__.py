"""Training and evaluating the persuasion models (``train`` extra)."""
