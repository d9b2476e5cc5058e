package org.recsys4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version, read from a resource that Maven filters at build time. */
public final class Version {
  private static final String VERSION = read();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/recsys4j-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
