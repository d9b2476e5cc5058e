package org.recsys4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated {@code POST /v1/recommend} body: {@code user} (raw id, required), {@code k}
 * (answers, 1 to the configured maximum, default 20), {@code candidates} (retrieved before
 * filtering, default max(k, 100)), {@code exclude} (raw item ids never to answer), {@code context}
 * (an object of request features for a ranker) and {@code explain} (per-stage counts and times).
 * Any other field, a wrong type or a value out of range is a {@link BadRequest} naming the field.
 */
public record RecommendRequest(
    String user, int k, int candidates, List<String> exclude, JsonNode context, boolean explain) {
  private static final Set<String> FIELDS =
      Set.of("user", "k", "candidates", "exclude", "context", "explain");

  /** Parses and checks {@code body} against {@code limits}. */
  public static RecommendRequest parse(JsonNode body, ServeLimits limits) {
    if (body == null || !body.isObject()) {
      throw new BadRequest("body", "expected a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new BadRequest(
            f, "unknown field; expected one of " + new java.util.TreeSet<>(FIELDS));
      }
    }
    JsonNode u = body.get("user");
    if (u == null || !u.isTextual() || u.asText().isEmpty()) {
      throw new BadRequest("user", "expected a non-empty string (a raw user id)");
    }
    if (u.asText().length() > limits.maxIdLength()) {
      throw new BadRequest("user", "longer than " + limits.maxIdLength() + " characters");
    }
    int k = intField(body, "k", 20, 1, limits.maxK());
    int candidates = intField(body, "candidates", Math.max(k, 100), k, limits.maxCandidates());
    List<String> exclude = new ArrayList<>();
    JsonNode ex = body.get("exclude");
    if (ex != null && !ex.isNull()) {
      if (!ex.isArray()) {
        throw new BadRequest("exclude", "expected an array of raw item ids");
      }
      if (ex.size() > limits.maxListLength()) {
        throw new BadRequest(
            "exclude", "at most " + limits.maxListLength() + " ids, got " + ex.size());
      }
      for (JsonNode e : ex) {
        if (!e.isTextual()) {
          throw new BadRequest(
              "exclude", "expected strings (raw item ids), got " + e.getNodeType());
        }
        exclude.add(e.asText());
      }
    }
    JsonNode context = body.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      throw new BadRequest("context", "expected an object of feature values");
    }
    JsonNode explain = body.get("explain");
    if (explain != null && !explain.isBoolean()) {
      throw new BadRequest("explain", "expected true or false");
    }
    return new RecommendRequest(
        u.asText(),
        k,
        candidates,
        List.copyOf(exclude),
        context,
        explain != null && explain.asBoolean());
  }

  /** {@code s} cut to 64 characters for a message. */
  static String capped(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static int intField(JsonNode body, String name, int dflt, int min, int max) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return Math.min(Math.max(dflt, min), max);
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new BadRequest(name, "expected an integer");
    }
    int v = n.asInt();
    if (v < min || v > max) {
      throw new BadRequest(name, "expected " + min + " to " + max + ", got " + v);
    }
    return v;
  }
}
