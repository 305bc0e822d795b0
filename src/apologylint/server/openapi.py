"""The OpenAPI description of the HTTP API, served at ``/openapi.json``: the documentation of
record for the API (the README shows examples; this says every field)."""

from __future__ import annotations

from typing import Any

from .._version import __version__
from .core import INPUT_FORMATS, SEVERITIES
from .settings import ServerSettings


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(ref: str, description: str = "OK") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _body(ref: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


POST_ERRORS = {
    "400": _error("Malformed JSON (including nesting too deep or an over-long integer)."),
    "401": _error("A token is required and was missing or wrong."),
    "413": _error(
        "Body over max-body-bytes, a text over max-text-chars, or a batch over max-batch."
    ),
    "415": _error("The body was not sent as 'Content-Type: application/json'."),
    "422": _error("A field is missing or invalid (unknown rule selector, framework, format …)."),
    "503": _error("More than max-in-flight requests at once; retry after the Retry-After header."),
}

SELECTORS = {
    "description": "Codes (FA101), prefixes (FA, DF1), rule names, categories or ALL; a list "
    "or a comma-separated string. Replaces the server's configured list.",
    "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
}


def openapi(settings: ServerSettings) -> dict[str, Any]:
    draft_fields = {
        "text": {"type": "string", "maxLength": settings.max_text_chars},
        "input_format": {"type": "string", "enum": list(INPUT_FORMATS), "default": "text"},
    }
    options = {
        "select": SELECTORS,
        "ignore": SELECTORS,
        "recovery": {
            "type": "string",
            "description": "A recovery framework (GET /v1/frameworks): adds RC100 findings "
            "for its missing steps.",
        },
        "fail_on": {
            "type": "string",
            "enum": list(SEVERITIES),
            "description": "The level at or above which a finding makes the verdict 'fail' "
            "(default: the server's fail-on, else warning).",
        },
    }
    security: list[dict[str, list[str]]] = [{"bearer": []}] if settings.token else []
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "apologylint",
            "version": __version__,
            "description": "Lint customer-service drafts for fake apologies, non-apologies, "
            "defensive, sympathetic, dismissive and scripted phrasing. Findings are the CLI's "
            "JSON finding objects plus utf16_start/utf16_end (UTF-16 code units, as JavaScript "
            "and editors count; start/end/column count Unicode code points). Drafts are never "
            "logged.",
        },
        "security": security,
        "paths": {
            "/v1/lint": {
                "post": {
                    "summary": "Lint one draft",
                    "requestBody": _body("LintRequest"),
                    "responses": {"200": _json("LintResult"), **POST_ERRORS},
                }
            },
            "/v1/lint/batch": {
                "post": {
                    "summary": "Lint many drafts; results in the order sent, ids echoed",
                    "requestBody": _body("BatchRequest"),
                    "responses": {"200": _json("BatchResult"), **POST_ERRORS},
                }
            },
            "/v1/recovery": {
                "post": {
                    "summary": "Which steps of a service-recovery framework a reply carries",
                    "requestBody": _body("RecoveryRequest"),
                    "responses": {"200": _json("RecoveryResult"), **POST_ERRORS},
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "Every rule loaded (built-in, plugins, configured packs)",
                    "responses": {"200": _json("Rules"), "401": POST_ERRORS["401"]},
                }
            },
            "/v1/rules/{code}": {
                "get": {
                    "summary": "One rule's documentation, by code or name",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _json("Rule"),
                        "401": POST_ERRORS["401"],
                        "404": _error("No such rule."),
                    },
                }
            },
            "/v1/frameworks": {
                "get": {
                    "summary": "The recovery frameworks known to the server",
                    "responses": {"200": {"description": "OK"}, "401": POST_ERRORS["401"]},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness; says whether a token is required (never needs one)",
                    "security": [],
                    "responses": {"200": {"description": "OK"}},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
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
                "LintRequest": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {**draft_fields, **options},
                },
                "BatchRequest": {
                    "type": "object",
                    "required": ["drafts"],
                    "additionalProperties": False,
                    "properties": {
                        "drafts": {
                            "type": "array",
                            "maxItems": settings.max_batch,
                            "items": {
                                "type": "object",
                                "required": ["text"],
                                "additionalProperties": False,
                                "properties": {
                                    "id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                                    **draft_fields,
                                },
                            },
                        },
                        **options,
                    },
                },
                "RecoveryRequest": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        **draft_fields,
                        "framework": {"type": "string", "default": "aware"},
                    },
                },
                "Finding": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "category": {"type": "string"},
                        "severity": {"type": "string", "enum": list(SEVERITIES)},
                        "message": {"type": "string"},
                        "suggestion": {"type": "string"},
                        "text": {"type": "string", "description": "The matched words, decoded."},
                        "start": {"type": "integer", "description": "Code-point offset."},
                        "end": {"type": "integer", "description": "Code-point offset (exclusive)."},
                        "line": {"type": "integer"},
                        "column": {"type": "integer", "description": "1-based, code points."},
                        "end_line": {"type": "integer"},
                        "end_column": {"type": "integer"},
                        "path": {"type": ["string", "null"]},
                        "record": {"type": ["string", "null"]},
                        "confidence": {"type": "number", "description": "Model findings only."},
                        "utf16_start": {"type": "integer", "description": "UTF-16 offset."},
                        "utf16_end": {"type": "integer", "description": "UTF-16 offset."},
                    },
                },
                "LintResult": {
                    "type": "object",
                    "properties": {
                        "version": {"const": 1},
                        "verdict": {
                            "type": "string",
                            "enum": ["pass", "fail", "not-checked"],
                            "description": "'fail' if a finding is at or above fail_on; "
                            "'not-checked' for a draft the rules cannot read (not English).",
                        },
                        "fail_on": {"type": "string"},
                        "findings": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Finding"},
                        },
                        "notices": {"type": "array", "items": {"type": "object"}},
                        "summary": {"type": "object"},
                    },
                },
                "BatchResult": {
                    "type": "object",
                    "properties": {
                        "version": {"const": 1},
                        "results": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/LintResult"},
                                    {"properties": {"id": {}}},
                                ]
                            },
                        },
                    },
                },
                "RecoveryResult": {
                    "type": "object",
                    "properties": {
                        "version": {"const": 1},
                        "reports": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Rule": {"type": "object"},
                "Rules": {
                    "type": "object",
                    "properties": {
                        "rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}
                    },
                },
            },
        },
    }
