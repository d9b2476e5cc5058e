package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.recsys4j.core.kernel.Kernels;

/** The parts of {@code manifest.json} that ranking and CTR bundles share: provenance on write, checks on read. */
final class BundleManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BundleManifest() {}

  /** Adds the library, JVM and kernel versions and the creation time. */
  static void putVersions(ObjectNode m) {
    ObjectNode v = m.putObject("versions");
    v.put("recsys4j", Version.get());
    v.put("java", System.getProperty("java.version"));
    v.put("kernels", Kernels.get().name());
    m.put("created", Instant.now().toString());
  }

  /**
   * Reads {@code dir/manifest.json} and checks its format and version; a missing, damaged or foreign
   * manifest is an error naming the file ({@code kind} says what was expected, e.g. "recsys4j bundle").
   */
  static JsonNode read(Path dir, String format, int version, String kind) {
    Path mf = dir.resolve("manifest.json");
    if (!Files.isRegularFile(mf)) {
      throw new IllegalArgumentException(dir + " is not a model bundle: no manifest.json");
    }
    JsonNode m;
    try {
      m = JSON.readTree(mf.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(mf + ": damaged manifest (" + e.getMessage() + ")");
    }
    if (!format.equals(m.path("format").asText())) {
      throw new IllegalArgumentException(mf + ": not a " + kind + " (format '" + m.path("format").asText() + "')");
    }
    int fv = m.path("format_version").asInt(-1);
    if (fv != version) {
      throw new IllegalArgumentException(mf + ": bundle format version " + fv + ", this build reads " + version);
    }
    return m;
  }
}
