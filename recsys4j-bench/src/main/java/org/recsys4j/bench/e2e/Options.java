package org.recsys4j.bench.e2e;

import java.util.Map;

/** Typed reads of a workload's string options, with the option named in errors. */
final class Options {
  private final Map<String, String> m;

  Options(Map<String, String> m) {
    this.m = m;
  }

  String str(String k, String def) {
    return m.getOrDefault(k, def);
  }

  int integer(String k, int def) {
    String v = m.get(k);
    try {
      return v == null ? def : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + k + " expects an integer, got '" + v + "'");
    }
  }

  float real(String k, float def) {
    String v = m.get(k);
    try {
      return v == null ? def : Float.parseFloat(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + k + " expects a number, got '" + v + "'");
    }
  }

  /** A comma-separated list of integers such as {@code 150,250}; empty when absent or blank. */
  int[] integers(String k, String def) {
    String v = m.getOrDefault(k, def).trim();
    if (v.isEmpty()) {
      return new int[0];
    }
    String[] parts = v.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + k + " expects integers separated by commas, got '" + v + "'");
      }
    }
    return out;
  }
}
