package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.recsys4j.core.kernel.Kernels;

/**
 * Reading and writing the parts of {@code manifest.json} every bundle has: provenance on write,
 * checks on read.
 */
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
   * Reads {@code dir/manifest.json} and checks its format and version; a missing, damaged, foreign
   * or newer manifest is an error naming the file and what is wrong.
   */
  static JsonNode read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir
              + " is not a model bundle: "
              + (Files.exists(dir) ? "not a directory" : "no such directory"));
    }
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
    if (m == null || !m.isObject()) {
      throw new IllegalArgumentException(mf + ": damaged manifest (not a JSON object)");
    }
    String format = m.path("format").asText();
    if (!format.equals(ModelBundle.FORMAT) && !format.equals(ModelBundle.FORMAT_CTR_V1)) {
      throw new IllegalArgumentException(mf + ": not a recsys4j bundle (format '" + format + "')");
    }
    int fv = m.path("format_version").asInt(-1);
    if (format.equals(ModelBundle.FORMAT_CTR_V1) ? fv != 1 : fv < 1) {
      throw new IllegalArgumentException(mf + ": bad format_version " + m.path("format_version"));
    }
    if (fv > ModelBundle.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          mf
              + ": bundle format version "
              + fv
              + " is newer than this recsys4j reads "
              + "(1 to "
              + ModelBundle.FORMAT_VERSION
              + "); use a newer recsys4j");
    }
    return m;
  }

  /** A required field, or an error naming the file and the field. */
  static JsonNode field(JsonNode m, Path file, String name) {
    JsonNode n = m.get(name);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException(file + ": damaged manifest: no '" + name + "'");
    }
    return n;
  }

  /** A required text field. */
  static String text(JsonNode m, Path file, String name) {
    JsonNode n = field(m, file, name);
    if (!n.isTextual() || n.asText().isEmpty()) {
      throw new IllegalArgumentException(
          file + ": damaged manifest: '" + name + "' must be a non-empty string");
    }
    return n.asText();
  }
}
