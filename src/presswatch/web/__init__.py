"""The web dashboard (``presswatch serve``): search, marked-up articles,
outlet profiles, trends and an Analyse page, each with a JSON twin.

One module per page (:mod:`presswatch.web.pages`) holds what the page shows
and its handlers; :mod:`presswatch.web.renderers` renders a page's result as
HTML, JSON, CSV, SVG or PNG; :mod:`presswatch.web.app` assembles the routes
behind the guard of :mod:`presswatch.web.security`; :mod:`presswatch.web.server`
runs it with uvicorn. Starlette, uvicorn and Jinja2 are default
dependencies, imported only by these modules, so ``import presswatch`` stays
fast.
"""
