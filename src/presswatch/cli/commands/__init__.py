"""Sub-commands of the ``presswatch`` CLI (see :mod:`presswatch.cli`)."""
