package org.recsys4j.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.recsys4j.core.kernel.Kernels;

/** Builds the one-line JSON records that benchmarks print. */
public final class JsonLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode node = JSON.createObjectNode();

  public JsonLine(String what) {
    node.put("what", what);
    node.put("kernels", Kernels.get().name());
    node.put("jvm", System.getProperty("java.version"));
  }

  public JsonLine put(String k, double v) {
    node.put(k, v);
    return this;
  }

  public JsonLine put(String k, long v) {
    node.put(k, v);
    return this;
  }

  public JsonLine put(String k, String v) {
    node.put(k, v);
    return this;
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
