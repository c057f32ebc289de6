"""SemEval-2023 Task 3: the official file formats, metrics and benchmark."""
