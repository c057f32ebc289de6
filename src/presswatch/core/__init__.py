"""The core every other layer builds on: the :class:`~presswatch.core.article.Article`
that flows through the stages, the pipeline and its stage registry, typed errors,
options, registries and text helpers. It imports nothing else from presswatch."""
