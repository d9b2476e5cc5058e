package org.recsys4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates a real dataset under {@code ../shared/data}. Where it is missing, a test skips with a
 * message (a user's fresh clone) unless {@code -Drecsys4j.requireData=true} (set by CI), where it
 * fails, so CI can never pass by skipping.
 */
public final class SharedData {
  private SharedData() {}

  public static Path dir(String dataset) {
    String base = System.getProperty("recsys4j.data.dir", "../shared/data");
    Path p = Paths.get(base, dataset);
    if (!Files.isDirectory(p)) {
      String msg =
          "dataset "
              + dataset
              + " not found at "
              + p.toAbsolutePath()
              + " (set -Drecsys4j.data.dir=...)";
      if (Boolean.getBoolean("recsys4j.requireData")) {
        Assertions.fail(msg + "; recsys4j.requireData=true makes this a failure");
      }
      Assumptions.abort(msg + "; skipping");
    }
    return p;
  }
}
