package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} refuses what it cannot serve with one clear line (the server is tested in serve).
 */
class ServeCommandTest extends CapturedConsole {
  @TempDir Path dir;

  @Test
  void refusesAMissingBundleAndABadLimit() {
    resetStderr();
    assertThat(Main.run("serve", "--retrieval", dir.resolve("none").toString(), "--port", "0"))
        .isNotZero();
    assertThat(stderr()).contains(dir.resolve("none").toString());
    resetStderr();
    assertThat(
            Main.run("serve", "--retrieval", dir.toString(), "--port", "0", "--max-in-flight", "0"))
        .isNotZero();
    assertThat(stderr()).contains("--max-in-flight must be >= 1, got 0");
    resetStderr();
    assertThat(
            Main.run(
                "serve",
                "--retrieval",
                dir.toString(),
                "--admin-token-file",
                dir.resolve("no-token").toString()))
        .isNotZero();
    assertThat(stderr()).contains("no-token");
  }

  @Test
  void readsItsOptionsFromAConfigFileAndNamesABadOne() throws Exception {
    Path config = dir.resolve("serve.yaml");
    java.nio.file.Files.writeString(config, "retrieval: " + dir + "\nport: 0\nmax-in-flight: 0\n");
    resetStderr();
    assertThat(Main.run("serve", "--config", config.toString())).isNotZero();
    assertThat(stderr()).contains("--max-in-flight must be >= 1, got 0");
    java.nio.file.Files.writeString(config, "retrieval: " + dir + "\nworkerz: 2\n");
    resetStderr();
    assertThat(Main.run("serve", "--config", config.toString())).isNotZero();
    assertThat(stderr()).contains("workerz");
  }
}
