package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, exactly as printed there: cut out of README.md, compiled against
 * the project's classes and run. If the API moves, this fails until the README moves with it.
 */
class ReadmeExampleTest {
  @TempDir Path dir;

  static String example() throws Exception {
    Path readme = Path.of(System.getProperty("recsys4j.project.dir", ".."), "README.md");
    String text = Files.readString(readme);
    int start = text.indexOf("<!-- library-example -->");
    int end = text.indexOf("<!-- /library-example -->");
    assertThat(start).as("README.md has a library example").isGreaterThanOrEqualTo(0);
    String block = text.substring(start, end);
    return block.substring(block.indexOf("```java") + "```java".length(), block.lastIndexOf("```"));
  }

  @Test
  void theLibraryExampleCompilesAndRuns() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src")).resolve("Example.java");
    Files.writeString(src, example());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            diagnostics,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.toString());
    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      loader
          .loadClass("Example")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {dir.resolve("bundle").toString()});
    } finally {
      System.setOut(old);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(Double.parseDouble(lines.get(0).substring("recall@20 ".length())))
        .isGreaterThan(0.2);
    assertThat(lines.get(1)).startsWith("top 5 for user 0: [");
    assertThat(dir.resolve("bundle").resolve("manifest.json")).exists();
  }
}
