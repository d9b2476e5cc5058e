package org.recsys4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated {@code POST /v1/recommend} body: {@code user} (raw id, required), {@code k}
 * (answers, 1 to the configured maximum, default 20), {@code candidates} (retrieved before
 * filtering, default max(k, 100)), {@code exclude} (raw item ids never to answer), {@code features}
 * (the user's features by node-table column, for a user the feature store does not hold), {@code
 * context} (values of the ranker's other columns) and {@code explain} (per-stage counts and times).
 * Any other field, a wrong type or a value out of range is a {@link BadRequest} naming the field.
 */
public record RecommendRequest(
    String user,
    int k,
    int candidates,
    List<String> exclude,
    java.util.Map<String, String> features,
    java.util.Map<String, String> context,
    boolean explain,
    List<ItemFilter> filters,
    Double temperature,
    Long seed,
    String capColumn,
    int capCount) {
  private static final Set<String> FIELDS =
      Set.of(
          "user",
          "k",
          "candidates",
          "exclude",
          "features",
          "context",
          "explain",
          "filters",
          "temperature",
          "seed",
          "max_per");

  /**
   * A rule on an item attribute: with {@code keep} an item passes when one of its values is in
   * {@code values}; otherwise when none is. An item without the attribute passes only a not-in
   * rule.
   */
  public record ItemFilter(int column, boolean keep, Set<String> values) {}

  /**
   * Parses and checks {@code body} against {@code limits}, with no item attributes to filter on.
   */
  public static RecommendRequest parse(JsonNode body, ServeLimits limits) {
    return parse(body, limits, null);
  }

  /**
   * Parses and checks {@code body} against {@code limits}; filters and diversity may name the
   * columns of {@code attributes} (null: none).
   */
  public static RecommendRequest parse(
      JsonNode body, ServeLimits limits, ItemAttributes attributes) {
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
    java.util.Map<String, String> features = values(body, "features", limits);
    java.util.Map<String, String> context = values(body, "context", limits);
    JsonNode explain = body.get("explain");
    if (explain != null && !explain.isBoolean()) {
      throw new BadRequest("explain", "expected true or false");
    }
    List<ItemFilter> filters = filters(body.get("filters"), limits, attributes);
    Double temperature = null;
    JsonNode t = body.get("temperature");
    if (t != null && !t.isNull()) {
      if (!t.isNumber() || !(t.asDouble() > 0) || t.asDouble() > 1e6) {
        throw new BadRequest("temperature", "expected a number above 0 (softmax sampling)");
      }
      temperature = t.asDouble();
    }
    Long seed = null;
    JsonNode sd = body.get("seed");
    if (sd != null && !sd.isNull()) {
      if (!sd.isIntegralNumber() || !sd.canConvertToLong()) {
        throw new BadRequest("seed", "expected an integer");
      }
      seed = sd.asLong();
    }
    String capColumn = null;
    int capCount = 0;
    JsonNode mp = body.get("max_per");
    if (mp != null && !mp.isNull()) {
      if (!mp.isObject()
          || !mp.path("column").isTextual()
          || !mp.path("count").isIntegralNumber()) {
        throw new BadRequest(
            "max_per", "expected {\"column\": <item attribute>, \"count\": <at least 1>}");
      }
      capColumn = mp.path("column").asText();
      capCount = mp.path("count").asInt();
      if (capCount < 1) {
        throw new BadRequest("max_per.count", "expected at least 1, got " + capCount);
      }
      if (attributes == null || attributes.column(capColumn) < 0) {
        throw new BadRequest(
            "max_per.column",
            "unknown item attribute '" + capped(capColumn) + "'; known: " + known(attributes));
      }
    }
    return new RecommendRequest(
        u.asText(),
        k,
        candidates,
        List.copyOf(exclude),
        features,
        context,
        explain != null && explain.asBoolean(),
        filters,
        temperature,
        seed,
        capColumn,
        capCount);
  }

  private static String known(ItemAttributes a) {
    return a == null || a.columns().isEmpty()
        ? "none (start the server with --items)"
        : a.columns().toString();
  }

  private static List<ItemFilter> filters(
      JsonNode f, ServeLimits limits, ItemAttributes attributes) {
    if (f == null || f.isNull()) {
      return List.of();
    }
    if (!f.isObject()) {
      throw new BadRequest(
          "filters",
          "expected an object: {\"<attribute>\": {\"in\": [...]} or {\"not_in\": [...]}}");
    }
    List<ItemFilter> out = new ArrayList<>();
    for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
      String col = it.next();
      String field = "filters." + capped(col);
      int c = attributes == null ? -1 : attributes.column(col);
      if (c < 0) {
        throw new BadRequest(field, "unknown item attribute; known: " + known(attributes));
      }
      JsonNode rule = f.get(col);
      if (!rule.isObject() || rule.size() != 1 || !(rule.has("in") || rule.has("not_in"))) {
        throw new BadRequest(field, "expected {\"in\": [values]} or {\"not_in\": [values]}");
      }
      boolean keep = rule.has("in");
      JsonNode vs = rule.get(keep ? "in" : "not_in");
      if (!vs.isArray() || vs.size() > limits.maxListLength()) {
        throw new BadRequest(
            field, "expected an array of at most " + limits.maxListLength() + " strings");
      }
      Set<String> values = new java.util.HashSet<>();
      for (JsonNode v : vs) {
        if (!v.isTextual()) {
          throw new BadRequest(field, "expected strings, got " + v.getNodeType());
        }
        values.add(v.asText());
      }
      out.add(new ItemFilter(c, keep, Set.copyOf(values)));
    }
    return List.copyOf(out);
  }

  /**
   * An object of scalar values by name, each as a string (a number as written; a multi-hot value as
   * one string with its separator, as in the data files); empty when absent.
   */
  static java.util.Map<String, String> values(JsonNode body, String field, ServeLimits limits) {
    JsonNode o = body.get(field);
    if (o == null || o.isNull()) {
      return java.util.Map.of();
    }
    if (!o.isObject()) {
      throw new BadRequest(field, "expected an object of name: value (string, number or boolean)");
    }
    if (o.size() > limits.maxListLength()) {
      throw new BadRequest(field, "at most " + limits.maxListLength() + " values, got " + o.size());
    }
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue; // missing, as a blank field is
      }
      if (!v.isValueNode()) {
        throw new BadRequest(
            field + "." + capped(e.getKey()),
            "expected a string, number or boolean (a multi-hot value as one string, e.g."
                + " \"Action|Comedy\"), got "
                + v.getNodeType());
      }
      out.put(e.getKey(), v.asText());
    }
    return java.util.Collections.unmodifiableMap(out);
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
