package org.recsys4j.serve;

/**
 * The OpenAPI 3 description of the server's endpoints, served at {@code /openapi.json}. Kept as one
 * document here, beside the handlers it describes, so a change to an endpoint changes it in the
 * same commit ({@code RecommendServerTest} checks that every route is described).
 */
final class OpenApi {
  private OpenApi() {}

  private static final String DOCUMENT =
      """
      {
        "openapi": "3.0.3",
        "info": {"title": "recsys4j serve", "version": "1"},
        "paths": {
          "/v1/recommend": {
            "post": {
              "summary": "The top k items for a user: retrieval, filtering, scoring (with a ranker), ordering",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": false, "required": ["user"],
                "properties": {
                  "user": {"type": "string", "description": "raw user id"},
                  "k": {"type": "integer", "minimum": 1, "default": 20},
                  "candidates": {"type": "integer", "description": "retrieved before filtering; default max(k, 100)"},
                  "exclude": {"type": "array", "items": {"type": "string"}, "description": "raw item ids never to answer; unknown ones are counted"},
                  "features": {"type": "object", "description": "the user's features by node-table column (string, number or boolean; a multi-hot value as one separated string): a new user is retrieved from them (GraphSAGE, --unknown-users features) and scored with them"},
                  "context": {"type": "object", "description": "values of the ranker's other columns (neither user, item nor node features)"},
                  "explain": {"type": "boolean", "default": false},
                  "filters": {"type": "object", "description": "per item attribute (--items): {in: [values]} or {not_in: [values]}"},
                  "max_per": {"type": "object", "description": "diversity: {column: attribute, count: at most this many items per value}"},
                  "temperature": {"type": "number", "description": "softmax sampling of the order at this temperature (absent: by score)"},
                  "seed": {"type": "integer", "description": "seed of the sampling; the answer carries the seed it used, so it can be replayed"}
                }}}}},
              "responses": {
                "200": {"description": "items with scores (click probabilities with a ranker), the model versions (retrieval, ranker), the policy (model, features or popularity); with explain the search that retrieved (exact, hnsw, model, popularity) and each stage's candidates and microseconds"},
                "400": {"description": "a field is missing, of the wrong type or out of range: {error, field}"},
                "413": {"description": "the body is larger than the limit"},
                "503": {"description": "at the in-flight limit, no worker free within the queue wait, or shutting down; retry after the Retry-After seconds"}
              }
            }
          },
          "/v1/score": {
            "post": {
              "summary": "Click probabilities of given (user, item) rows with the ranker",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": false, "required": ["rows"],
                "properties": {"rows": {"type": "array", "items": {
                  "type": "object", "additionalProperties": false, "required": ["user", "item"],
                  "properties": {
                    "user": {"type": "string"}, "item": {"type": "string"},
                    "features": {"type": "object", "description": "the user's features (replace the feature store's)"},
                    "context": {"type": "object", "description": "values of the ranker's other columns"}
                  }}}}}}}},
              "responses": {
                "200": {"description": "scores: one probability per row, in order, and the model versions"},
                "400": {"description": "a row or field is wrong: {error, field}, e.g. rows[3].item"},
                "404": {"description": "the server has no ranker (--ranker)"},
                "503": {"description": "overloaded; retry after the Retry-After seconds"}
              }
            }
          },
          "/v1/items/{id}/similar": {
            "get": {
              "summary": "The k items with the highest inner product with item id's embedding",
              "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "k", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 20}}
              ],
              "responses": {"200": {"description": "similar items with scores"}, "404": {"description": "unknown item"}, "503": {"description": "overloaded"}}
            }
          },
          "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
          "/readyz": {"get": {"summary": "Readiness and the loaded model versions", "responses": {"200": {"description": "ready"}, "503": {"description": "shutting down"}}}},
          "/metrics": {"get": {"summary": "Prometheus metrics: requests and latency per endpoint and stage, in flight, queued, rejected, reloads, the loaded model versions, JVM memory", "responses": {"200": {"description": "text exposition format"}}}},
          "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}},
          "/admin/reload": {
            "post": {
              "summary": "Reload the configured bundles and swap them in atomically (only when an admin token is configured)",
              "security": [{"bearer": []}],
              "responses": {"200": {"description": "the previous and the new versions"}, "401": {"description": "missing or wrong token"}, "500": {"description": "the reload failed; the old models keep serving"}}
            }
          }
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}
      }
      """;

  static String document() {
    return DOCUMENT;
  }
}
