package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.io.OutputLock;

/**
 * What train writes, and what it must never destroy: other files, links, devices, another run's
 * output.
 */
class OutputSafetyTest extends CapturedConsole {

  /** A small interaction log with planted structure, in its own directory. */
  private Path log(String dirName) throws Exception {
    StringBuilder sb = new StringBuilder("user,item\n");
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 10; i++) {
        sb.append("u")
            .append(u)
            .append(",i")
            .append((u % 2) * 20 + (u * 7 + i * 3) % 20)
            .append('\n');
      }
    }
    Path d = Files.createDirectories(dir.resolve(dirName));
    Path f = d.resolve("log.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  private int train(Path data, Path out, String... extra) {
    String[] base = {
      "train",
      "--model",
      "mf",
      "--data",
      data.toString(),
      "--epochs",
      "1",
      "--dim",
      "4",
      "--threads",
      "1",
      "--out",
      out.toString()
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return Main.run(all);
  }

  @Test
  void outIntoTheDataDirectoryOrAnyForeignDirectoryIsRefusedAndNothingIsDeleted() throws Exception {
    Path data = log("d");
    Files.writeString(data.resolveSibling("NOTES.md"), "keep");
    assertThat(train(data, data.getParent())).isEqualTo(2);
    assertThat(stderr()).contains("already holds files that are not a recsys4j bundle");
    assertThat(data).exists();
    assertThat(data.resolveSibling("NOTES.md")).hasContent("keep");
    // an empty directory and an earlier bundle may be replaced
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(train(data, empty)).as(stderr()).isZero();
    assertThat(empty.resolve("manifest.json")).exists();
    assertThat(train(data, empty)).as(stderr()).isZero();
    // the checkpoint is gone after success unless kept
    assertThat(Path.of(empty.toAbsolutePath() + ".ckpt")).doesNotExist();
    assertThat(train(data, empty, "--keep-checkpoint")).as(stderr()).isZero();
    assertThat(Path.of(empty.toAbsolutePath() + ".ckpt")).exists();
    // a regular file is not a directory to replace
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    resetStderr();
    assertThat(train(data, file)).isEqualTo(2);
    assertThat(stderr()).contains("is not a directory");
    assertThat(file).hasContent("x");
  }

  @Test
  void outputFilesWriteThroughLinksAndDevicesInsteadOfReplacingThem() throws Exception {
    Path data = log("d");
    Path real = dir.resolve("real.json");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
    assertThat(train(data, dir.resolve("m1"), "--metrics-out", link.toString()))
        .as(stderr())
        .isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(new ObjectMapper().readTree(real.toFile()).path("model").asText()).isEqualTo("mf");
    Path devNull = Path.of("/dev/null");
    if (Files.exists(devNull)) {
      assertThat(train(data, dir.resolve("m2"), "--metrics-out", devNull.toString()))
          .as(stderr())
          .isZero();
      assertThat(Files.isRegularFile(devNull, LinkOption.NOFOLLOW_LINKS))
          .as("/dev/null is still a device")
          .isFalse();
      assertThat(Files.exists(devNull)).isTrue();
    }
  }

  @Test
  void aSecondWriterOfTheSameOutputIsRefused() throws Exception {
    Path data = log("d");
    Path out = dir.resolve("busy");
    try (OutputLock held = OutputLock.acquire(out)) {
      assertThat(train(data, out)).isEqualTo(2);
      assertThat(stderr()).contains("is being written by another run").contains("pid");
    }
    assertThat(train(data, out)).as(stderr()).isZero(); // released with its owner
    assertThat(dir.resolve(".busy.lock")).doesNotExist();
  }

  @Test
  void resumeRefusesAChangedConfigurationAndAcceptsMoreEpochs() throws Exception {
    Path data = log("d");
    Path out = dir.resolve("r");
    assertThat(train(data, out, "--keep-checkpoint", "--lr", "0.01")).as(stderr()).isZero();
    resetStderr();
    assertThat(train(data, out, "--resume", "--lr", "0.02")).isEqualTo(2);
    assertThat(stderr())
        .contains("--lr: 0.01 -> 0.02")
        .contains("may only change epochs and threads");
    resetStderr();
    assertThat(train(data, out, "--resume", "--lr", "0.01", "--seed", "7")).isEqualTo(2);
    assertThat(stderr()).contains("--seed: 2020 -> 7");
    resetStderr();
    assertThat(train(data, out, "--resume", "--lr", "0.01", "--negatives", "3")).isEqualTo(2);
    assertThat(stderr()).contains("--negatives: 1 -> 3");
    resetStdout();
    assertThat(
            Main.run(
                "train",
                "--model",
                "mf",
                "--data",
                data.toString(),
                "--epochs",
                "2",
                "--dim",
                "4",
                "--threads",
                "2",
                "--out",
                out.toString(),
                "--resume",
                "--lr",
                "0.01"))
        .as(stderr())
        .isZero();
    assertThat(stdout())
        .contains("resuming after epoch 1 of 2")
        .contains("warning: resuming with 2 threads");
  }
}
