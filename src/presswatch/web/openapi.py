"""The OpenAPI 3.1 document of the dashboard's JSON API (``/openapi.json``).

Each page has a JSON twin: the same URL ending in ``.json`` (or the page
URL with ``Accept: application/json``). The article schema is the one
``presswatch analyze --format json`` follows (``presswatch/outputs/schema``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from presswatch import __version__

_NAME_FILTERS = (
    ("outlet", "Published by this outlet."),
    ("lang", "In this language (ISO 639-1 code)."),
    (
        "speaker",
        "Quoting this speaker: any name of the same corpus identity (Poutine, Vladimir Poutine).",
    ),
    ("source", "Citing this source (by corpus identity)."),
    ("entity", "Naming this entity (by corpus identity)."),
    ("technique", "Using this persuasion technique (e.g. Loaded_Language)."),
    ("via", "Quoting someone through this channel ('X, cité par Y': Y; by corpus identity)."),
)


def _param(name: str, description: str, schema: dict[str, Any], *, required: bool = False,
           where: str = "query") -> dict[str, Any]:  # fmt: skip
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


def _filters() -> list[dict[str, Any]]:
    params = [
        _param(
            name,
            f"{text} Repeat for alternatives; accent- and case-insensitive.",
            {"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": 20},
        )
        for name, text in _NAME_FILTERS
    ]
    for name in ("outlet", "lang", "speaker", "source", "entity", "technique", "via"):
        next(p for p in params if p["name"] == name)["explode"] = True
    date = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
    params += [
        _param("since", "Published on or after this date (inclusive).", date),
        _param("until", "Published on or before this date (inclusive).", date),
        _param(
            "nodup",
            "1: leave out near-duplicates of earlier articles.",
            {"type": "string", "enum": ["0", "1"]},
        ),
    ]
    return params


_QUERY = _param(
    "q",
    'Search query: words, "phrases", prefix*, AND, OR, NOT (or -word), parentheses, '
    "title:word, body:word (docs/store.md).",
    {"type": "string", "maxLength": 2000},
)
_ERROR = {"$ref": "#/components/schemas/Error"}


def _json_response(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    reasons = {
        400: "Bad parameter or malformed query.",
        401: "Missing or wrong access token.",
        404: "Not found.",
        413: "Upload too large.",
        503: "The corpus database could not be read.",
    }
    return {str(code): _json_response(_ERROR, reasons[code]) for code in codes}


def _names(kind: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string"},
        "description": f"{kind} filter values in force",
    }


def _schemas() -> dict[str, Any]:
    article = json.loads(
        resources.files("presswatch.outputs.schema")
        .joinpath("article.schema.json")
        .read_text("utf-8")
    )
    for key in ("$schema", "$id"):
        article.pop(key, None)
    nullable_string = {"type": ["string", "null"]}
    identity_ref = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    }
    facet_value = {
        "type": "object",
        "required": ["value", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer"},
            "selected": {"type": "boolean"},
        },
    }
    filters = {
        "type": "object",
        "properties": {
            "outlets": _names("outlet"),
            "languages": _names("language"),
            "speakers": _names("speaker"),
            "sources": _names("source"),
            "entities": _names("entity"),
            "techniques": _names("technique"),
            "vias": _names("via"),
            "since": nullable_string,
            "until": nullable_string,
            "exclude_near_duplicates": {"type": "boolean"},
        },
    }
    span_list = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}
    hit = {
        "type": "object",
        "required": ["id", "title", "snippet", "page"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "snippet": {"type": "string"},
            "title_html": {"type": "string", "description": "escaped, matches in <mark>"},
            "snippet_html": {"type": "string", "description": "escaped, matches in <mark>"},
            "highlights": {
                "type": "object",
                "properties": {"title": span_list, "snippet": span_list},
            },
            "url": nullable_string,
            "outlet": nullable_string,
            "published": nullable_string,
            "language": nullable_string,
            "score": {"type": "number"},
            "near_duplicate_of": nullable_string,
            "source": {
                **nullable_string,
                "description": "where the article was read from: file path, URL, archive#URL",
            },
            "page": {"type": "string", "description": "the article page"},
        },
    }
    top = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"value": {"type": "string"}, "articles": {"type": "integer"}},
        },
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
        },
        "Filters": filters,
        "SearchHit": hit,
        "SearchResult": {
            "type": "object",
            "required": ["total", "hits", "facets", "page", "per_page"],
            "properties": {
                "query": nullable_string,
                "filters": {"$ref": "#/components/schemas/Filters"},
                "sort": {"enum": ["relevance", "date"]},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {
                    "type": "integer",
                    "description": "matching articles, counted up to 10,000 (see total_capped)",
                },
                "total_capped": {
                    "type": "boolean",
                    "description": "true when more articles match than total (the count "
                    "stops at 10,000; pages reach the first 10,000 matches)",
                },
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                "facets": {
                    "type": "object",
                    "description": "per kind: outlet, language, month, technique, speaker, "
                    "source, entity, via (speakers, sources, entities and vias counted by "
                    "corpus identity)",
                    "additionalProperties": {"type": "array", "items": facet_value},
                },
                "facets_estimated": {
                    "type": "boolean",
                    "description": "true when the counts are estimated from a sample of a "
                    "large result set (exact otherwise)",
                },
                "next": nullable_string,
                "previous": nullable_string,
            },
        },
        "Article": article,
        "ArticlePage": {
            "type": "object",
            "required": ["article", "stored", "links"],
            "properties": {
                "article": {"$ref": "#/components/schemas/Article"},
                "stored": {"type": "boolean", "description": "false for the Analyze page"},
                "analyses": {
                    "type": "object",
                    "description": "which analyses ran for the article's language, and which "
                    "were not available (and why)",
                    "properties": {
                        "language": {"type": "string"},
                        "ran": {"type": "array", "items": {"type": "string"}},
                        "unavailable": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "analysis": {"type": "string"},
                                    "reason": {"type": "string"},
                                },
                            },
                        },
                    },
                },
                "identities": {
                    "type": "object",
                    "description": "corpus identity of each name the article uses "
                    "(stored articles): name -> {id, name}",
                    "additionalProperties": identity_ref,
                },
                "links": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "kind": {"enum": ["near_duplicate_of", "has_near_duplicate"]},
                            "id": {"type": "string"},
                            "title": {"type": "string"},
                            "outlet": nullable_string,
                            "published": nullable_string,
                            "similarity": {"type": "number"},
                            "page": {"type": "string"},
                        },
                    },
                },
            },
        },
        "Outlets": {
            "type": "object",
            "required": ["articles", "outlets"],
            "properties": {
                "articles": {"type": "integer"},
                "without_outlet": {
                    "type": "integer",
                    "description": "articles without an outlet (not listed)",
                },
                "outlets": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "articles": {"type": "integer"},
                            "page": {"type": "string"},
                        },
                    },
                },
            },
        },
        "Outlet": {
            "type": "object",
            "required": ["outlet", "articles", "volume", "technique_profile"],
            "properties": {
                "outlet": {"type": "string"},
                "articles": {"type": "integer"},
                "first_month": nullable_string,
                "last_month": nullable_string,
                "without_date": {
                    "type": "integer",
                    "description": "its articles without a date (not in the volume chart)",
                },
                "volume": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "period": {"type": "string"},
                            "articles": {"type": "integer"},
                        },
                    },
                },
                "technique_profile": {
                    "type": "object",
                    "description": "share of paragraphs in which each technique was found, "
                    "in this outlet and in the whole corpus",
                    "properties": {
                        "outlet_paragraphs": {"type": "integer"},
                        "corpus_paragraphs": {"type": "integer"},
                        "techniques": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "technique": {"type": "string"},
                                    "outlet_paragraphs": {"type": "integer"},
                                    "outlet_share": {"type": "number"},
                                    "corpus_paragraphs": {"type": "integer"},
                                    "corpus_share": {"type": "number"},
                                },
                            },
                        },
                    },
                },
                "top_speakers": top,
                "top_sources": top,
                "top_entities": top,
                "languages": top,
            },
        },
        "Speakers": {
            "type": "object",
            "required": ["kind", "identities"],
            "properties": {
                "kind": {"enum": ["speaker", "source", "entity", "via"]},
                "query": nullable_string,
                "filters": {"$ref": "#/components/schemas/Filters"},
                "identities": {
                    "type": "array",
                    "description": "most frequent first; each person or organisation once",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "articles", "variants"],
                        "properties": {
                            "id": {"type": "integer"},
                            "name": {"type": "string"},
                            "category": {"enum": ["person", "other"]},
                            "articles": {"type": "integer"},
                            "variants": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "value": {"type": "string"},
                                        "count": {"type": "integer"},
                                    },
                                },
                            },
                            "search": {"type": "string"},
                        },
                    },
                },
            },
        },
        "Trends": {
            "type": "object",
            "required": ["interval", "by", "articles", "series"],
            "properties": {
                "query": nullable_string,
                "filters": {"$ref": "#/components/schemas/Filters"},
                "interval": {"enum": ["month", "week"]},
                "by": {"enum": ["outlet", "language"]},
                "articles": {"type": "integer", "description": "dated matching articles"},
                "matching_articles": {"type": "integer"},
                "without_date": {
                    "type": "integer",
                    "description": "matching articles without a (full, for weeks) date: left out",
                },
                "without_outlet": {"type": "integer"},
                "top": {"type": "integer"},
                "others": {"type": "boolean"},
                "lines": {
                    "type": "array",
                    "description": "the lines drawn: the largest groups, then the others summed",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "articles": {"type": "integer"},
                            "other": {"type": "boolean"},
                        },
                    },
                },
                "series": {
                    "type": "array",
                    "description": "one point per period and group (outlet or language)",
                    "items": {"type": "object"},
                },
            },
        },
    }


@cache
def openapi_document() -> dict[str, Any]:
    """The API description (built once)."""
    search_params = [
        _QUERY,
        *_filters(),
        _param("sort", "Result order.", {"enum": ["relevance", "date"], "default": "relevance"}),
        _param("page", "Page number (from 1).", {"type": "integer", "minimum": 1, "maximum": 500}),
        _param(
            "per_page",
            "Results per page.",
            {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        ),
    ]
    trend_params = [
        _QUERY,
        *_filters(),
        _param("interval", "Period length.", {"enum": ["month", "week"], "default": "month"}),
        _param("by", "One line per…", {"enum": ["outlet", "language"], "default": "outlet"}),
        _param(
            "top",
            "Lines drawn on their own: the groups with the most matching articles.",
            {"type": "integer", "minimum": 1, "maximum": 10, "default": 6},
        ),
        _param(
            "others",
            "1: the other groups summed in one dashed line; 0: left out (the scale fits the rest).",
            {"enum": ["1", "0"], "default": "1"},
        ),
    ]
    speaker_params = [
        _QUERY,
        *_filters(),
        _param(
            "kind",
            "Which names.",
            {"enum": ["speaker", "source", "entity", "via"], "default": "speaker"},
        ),
    ]
    article_id = _param(
        "id", "Article id (16 hex digits).", {"type": "string"}, required=True, where="path"
    )
    outlet_name = _param(
        "name", "Outlet name (URL-encoded).", {"type": "string"}, required=True, where="path"
    )
    analyze_body = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {
                            "type": "string",
                            "description": "the article (first line = title), or HTML, JSON",
                        },
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
    html = {"description": "The page", "content": {"text/html": {"schema": {"type": "string"}}}}

    def get(summary: str, params: list[dict[str, Any]], ok: dict[str, Any], *codes: int) -> Any:
        return {
            "get": {
                "summary": summary,
                "parameters": params,
                "responses": {"200": ok, **_errors(401, *codes)},
            }
        }

    ref = "#/components/schemas/"
    paths: dict[str, Any] = {
        "/search.json": get(
            "Search: hits with highlighted snippets, total, facet counts",
            search_params,
            _json_response({"$ref": ref + "SearchResult"}),
            400,
            503,
        ),
        "/articles/{id}.json": get(
            "A stored article with its whole analysis and its near-duplicate links",
            [article_id],
            _json_response({"$ref": ref + "ArticlePage"}),
            404,
            503,
        ),
        "/outlets.json": get(
            "Every outlet with its number of articles",
            [],
            _json_response({"$ref": ref + "Outlets"}),
            503,
        ),
        "/outlets/{name}.json": get(
            "Outlet profile: volume per month, technique profile against the corpus, "
            "top speakers and cited sources",
            [outlet_name],
            _json_response({"$ref": ref + "Outlet"}),
            404,
            503,
        ),
        "/speakers.json": get(
            "Speakers (or cited sources, entities, vias: kind) by corpus identity, with "
            "their variants",
            speaker_params,
            _json_response({"$ref": ref + "Speakers"}),
            400,
            503,
        ),
        "/trends.json": get(
            "Articles matching a query and filters per period and outlet (or language)",
            trend_params,
            _json_response({"$ref": ref + "Trends"}),
            400,
            503,
        ),
        "/trends.csv": get(
            "The same series as CSV (period, outlet or language, articles)",
            trend_params,
            {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
            400,
        ),
        "/trends.svg": get(
            "The trend chart as SVG",
            trend_params,
            {"description": "SVG", "content": {"image/svg+xml": {"schema": {"type": "string"}}}},
            400,
        ),
        "/trends.png": get(
            "The trend chart as PNG",
            trend_params,
            {
                "description": "PNG",
                "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
            },
            400,
        ),
        "/analyze.json": {
            "post": {
                "summary": "Analyze a pasted text or an uploaded file without storing it",
                "requestBody": analyze_body,
                "responses": {
                    "200": _json_response({"$ref": ref + "ArticlePage"}),
                    **_errors(400, 401, 413),
                },
            }
        },
        "/search": get("The Search page", search_params, html, 400),
        "/articles/{id}": get("The article page", [article_id], html, 404),
        "/outlets": get("The list of outlets", [], html),
        "/outlets/{name}": get("The outlet page", [outlet_name], html, 404),
        "/speakers": get("The Speakers page", speaker_params, html, 400),
        "/trends": get("The Trends page", trend_params, html, 400),
        "/analyze": {
            "get": {"summary": "The Analyze form", "responses": {"200": html}},
            "post": {
                "summary": "The article page of a pasted text or uploaded file (not stored)",
                "requestBody": analyze_body,
                "responses": {"200": html, **_errors(400, 401, 413)},
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "presswatch dashboard",
            "version": __version__,
            "description": (
                "Every page has a JSON twin: the same URL with .json, or the page URL with "
                "'Accept: application/json'. With an access token (presswatch serve --token), "
                "send 'Authorization: Bearer TOKEN'."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
