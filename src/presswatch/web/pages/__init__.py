"""The dashboard's pages, one module each. A page module holds its view
objects (what the page shows, with their ``to_json()`` twins), the builders
that fill them from the store, its request handlers and its ``ROUTES``,
which :func:`presswatch.web.app.create_app` serves."""
