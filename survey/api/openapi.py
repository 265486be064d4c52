"""The OpenAPI 3.1 description of ``/api/v1``, written out rather than generated.

Written by hand so that what it promises is read and reviewed like code; a test walks the
app's routes and fails when one under ``/api/v1`` is not described here.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

NULLABLE_INT = {"type": ["integer", "null"], "description": "null when withheld"}
NULLABLE_NUMBER = {"type": ["number", "null"], "description": "null when withheld"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "401": _error("No token, or an unknown or revoked one."),
    "429": _error("Too many requests from this address this minute; see Retry-After."),
}
QID = {
    "name": "qid",
    "in": "path",
    "required": True,
    "description": "The questionnaire's id, as listed by /findings.",
    "schema": {"type": "string"},
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _get(
    operation_id: str,
    summary: str,
    ok: str,
    content: dict[str, Any],
    *,
    per_questionnaire: bool = False,
    public: bool = False,
    description: str | None = None,
) -> dict[str, Any]:
    """One GET operation: every endpoint answers 429 when rate limited; those behind a token
    also 401; those for one questionnaire take ``qid`` and answer 403 and 404 alike."""
    responses: dict[str, Any] = {"200": {"description": ok, "content": content}}
    responses |= {"429": ERRORS["429"]} if public else ERRORS
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary}
    if description:
        operation["description"] = description
    if per_questionnaire:
        operation["parameters"] = [QID]
        responses |= {
            "403": _error("The token is for another questionnaire."),
            "404": _error("No such questionnaire, or nothing published."),
        }
    if public:
        operation["security"] = []
    return {"get": operation | {"responses": responses}}


def _schemas() -> dict[str, Any]:
    named_list = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": {"type": ["string", "integer"]}, "name": {"type": "string"}},
        },
    }
    ranked = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "value": {"type": "string"},
                "label": {"type": "string"},
                "points": NULLABLE_NUMBER,
                "first_places": NULLABLE_INT,
            },
        },
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "properties": {
                        "status": {"type": "integer"},
                        "message": {"type": "string"},
                    },
                }
            },
        },
        "Summary": {
            "type": "object",
            "properties": {
                "questionnaire": {"type": "string"},
                "title": {"type": "string"},
                "audience": {"type": "string"},
                "published_snapshot": {"type": "integer"},
                "generated": {"type": ["string", "null"], "format": "date-time"},
                "respondents": NULLABLE_INT,
                "threshold": {
                    "type": "integer",
                    "description": "Counts of 1 to threshold - 1 people are withheld.",
                },
                "links": {
                    "type": "object",
                    "properties": {"json": {"type": "string"}, "themes_csv": {"type": "string"}},
                },
            },
        },
        "Findings": {
            "allOf": [{"$ref": "#/components/schemas/Summary"}],
            "type": "object",
            "properties": {
                "withheld_for_safeguarding": {"type": "integer"},
                "themes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "description": {"type": "string"},
                            "respondents": NULLABLE_INT,
                            "share_percent": NULLABLE_NUMBER,
                            "sentiment": NULLABLE_NUMBER,
                            "subthemes": named_list,
                            "frameworks": {
                                "type": "object",
                                "description": "Items of each configured framework the "
                                "theme maps to, by framework id (uncrc, levels_of_need, a "
                                "council's own).",
                                "additionalProperties": named_list,
                            },
                        },
                    },
                },
                "breakdowns": {"type": "array", "items": {"type": "object"}},
                "closed_questions": {"type": "array", "items": {"type": "object"}},
                "priorities": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "text": {"type": "string"},
                            "items": ranked,
                            "weighted": ranked,
                        },
                    },
                },
                "change_between_waves": {"type": "array", "items": {"type": "object"}},
                "emerging_themes": {"type": "array", "items": {"type": "object"}},
            },
        },
    }


def document() -> dict[str, Any]:
    """The OpenAPI document, with the threshold in force stated in the description."""
    from analysis.reporting.suppression import threshold

    t = threshold(current_app.config.get("SUPPRESSION_THRESHOLD"))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Have Your Say findings API",
            "version": "1.0.0",
            "description": (
                "Read-only published findings for business-intelligence tools. Only findings "
                "an analyst has published are served, with the same small-number suppression "
                f"as the workspace: a count of 1 to {t - 1} people is withheld (null in JSON, "
                "'withheld ...' in CSV), and so is any count from which one could be worked "
                "out. No answers, quotes or other words children wrote are served."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token an administrator made under Staff > API tokens.",
                }
            },
            "schemas": _schemas(),
        },
        "paths": {
            "/findings": _get(
                "listFindings",
                "Questionnaires with published findings",
                "One summary per published questionnaire the token may read.",
                _json(
                    {
                        "type": "object",
                        "properties": {
                            "findings": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Summary"},
                            }
                        },
                    }
                ),
            ),
            "/findings/{qid}": _get(
                "getFindings",
                "One questionnaire's published findings",
                "The findings, as the viewers' page shows them.",
                _json({"$ref": "#/components/schemas/Findings"}),
                per_questionnaire=True,
            ),
            "/findings/{qid}/themes.csv": _get(
                "getThemesCsv",
                "One questionnaire's published themes table as CSV",
                "CSV with the columns group, based_on, theme, respondents, share_percent, "
                "sentiment, then one column per framework the findings map to, headed with its "
                "name (e.g. UN Convention on the Rights of the Child, Levels of need): each item "
                "as 'name (id)', separated by '; '.",
                {"text/csv": {"schema": {"type": "string"}}},
                per_questionnaire=True,
                description="The same themes table and labels as the workspace's findings "
                "export: UTF-8 with a byte order mark, one row per theme.",
            ),
            "/openapi.json": _get(
                "getOpenApi",
                "This document",
                "OpenAPI 3.1",
                _json({"type": "object"}),
                public=True,
            ),
        },
    }
