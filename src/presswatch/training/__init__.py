"""Everything that is not run at analysis time: training the persuasion
models, the SemEval-2023 Task 3 formats, metrics and benchmark, and the
evaluation of the extractors against gold annotations."""
