package org.recsys4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * A parsed, validated {@code POST /v1/score} body: {@code rows}, each {@code {"user": <raw id>,
 * "item": <raw id>, "features": {...}, "context": {...}}} (features and context as in {@link
 * RecommendRequest}), at most the candidate limit of them. Anything else is a {@link BadRequest}
 * naming the field, e.g. {@code rows[3].item}.
 *
 * @param requests each row's request side
 * @param items each row's raw item id
 */
public record ScoreRequest(Ranker.Request[] requests, String[] items) {
  private static final Set<String> ROW_FIELDS = Set.of("user", "item", "features", "context");

  public static ScoreRequest parse(JsonNode body, ServeLimits limits) {
    if (body == null || !body.isObject()) {
      throw new BadRequest("body", "expected a JSON object {\"rows\": [...]}");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("rows")) {
        throw new BadRequest(RecommendRequest.capped(f), "unknown field; expected rows");
      }
    }
    JsonNode rows = body.get("rows");
    if (rows == null || !rows.isArray() || rows.isEmpty()) {
      throw new BadRequest("rows", "expected a non-empty array of {user, item} objects");
    }
    if (rows.size() > limits.maxCandidates()) {
      throw new BadRequest("rows", "at most " + limits.maxCandidates() + ", got " + rows.size());
    }
    int n = rows.size();
    Ranker.Request[] req = new Ranker.Request[n];
    String[] items = new String[n];
    for (int r = 0; r < n; r++) {
      JsonNode row = rows.get(r);
      String at = "rows[" + r + "]";
      if (!row.isObject()) {
        throw new BadRequest(at, "expected an object {user, item, features, context}");
      }
      for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!ROW_FIELDS.contains(f)) {
          throw new BadRequest(
              at + "." + RecommendRequest.capped(f),
              "unknown field; expected one of " + new java.util.TreeSet<>(ROW_FIELDS));
        }
      }
      req[r] =
          new Ranker.Request(
              id(row, "user", at, limits),
              RecommendRequest.values(row, "features", limits),
              RecommendRequest.values(row, "context", limits));
      items[r] = id(row, "item", at, limits);
    }
    return new ScoreRequest(req, items);
  }

  private static String id(JsonNode row, String field, String at, ServeLimits limits) {
    JsonNode v = row.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new BadRequest(
          at + "." + field, "expected a non-empty string (a raw " + field + " id)");
    }
    if (v.asText().length() > limits.maxIdLength()) {
      throw new BadRequest(at + "." + field, "longer than " + limits.maxIdLength() + " characters");
    }
    return v.asText();
  }
}
