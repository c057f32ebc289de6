"""The analysis stages: plain callables ``Article -> Article`` registered by
name (see :mod:`presswatch.core.pipeline`), each declaring what it needs and
adds. Language knowledge comes from the language pack of ``article.language``
(:mod:`presswatch.lang`); stages never import each other's modules."""
