package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The documentation stays true to the code: docs/config.md is exactly what the commands' options
 * render to (regenerate with {@code -Drecsys4j.docs.write=true}), docs/cli.md mentions every option
 * of every command, and the README stays a page, not a manual.
 */
class DocsTest {
  private static final Path ROOT = Path.of(System.getProperty("recsys4j.project.dir", ".."));

  /** docs/config.md rendered from the commands: one row per YAML key. */
  static String renderConfig() {
    CommandLine root = new CommandLine(new Main());
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
      if (c.getKey().equals("help")) {
        continue;
      }
      for (OptionSpec o : c.getValue().getCommandSpec().options()) {
        String name = ErrorHandler.primary(o);
        if (name.equals("--help") || name.equals("--version") || name.equals("--config")) {
          continue;
        }
        byName.putIfAbsent(name, o);
        commands.computeIfAbsent(name, k -> new ArrayList<>()).add(c.getKey());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# Configuration keys\n\n");
    sb.append(
        "Every command takes `--config file.yaml`. Its keys are the command's option names without the\n");
    sb.append(
        "leading dashes (an alias works too, e.g. `arch-mlp-bot` for `bottom-mlp`); lists are YAML lists or\n");
    sb.append(
        "comma-separated strings; flags on the command line override the file. A key no command knows is an\n");
    sb.append(
        "error naming the key, the file and the nearest valid key; a value of the wrong type is an error\n");
    sb.append(
        "naming the key; an option the chosen model does not read is an error naming it and the file. Keys\n");
    sb.append(
        "of `train` are accepted (and unused) by the other commands, so one recipe serves `train` and\n");
    sb.append(
        "`evaluate`. Model options without a default here take the model's own (`recsys4j models`).\n\n");
    sb.append("This page is generated from the commands (`DocsTest`); it lists every key.\n\n");
    sb.append("| key | aliases | commands | default | meaning |\n|---|---|---|---|---|\n");
    for (Map.Entry<String, OptionSpec> e : byName.entrySet()) {
      OptionSpec o = e.getValue();
      List<String> aliases = new ArrayList<>();
      for (String n : o.names()) {
        if (n.startsWith("--") && !n.equals(e.getKey())) {
          aliases.add("`" + n.substring(2) + "`");
        }
      }
      String def = o.defaultValue() == null ? "" : "`" + o.defaultValue() + "`";
      String desc =
          String.join(" ", o.description())
              .replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))
              .replace("|", "\\|");
      sb.append("| `")
          .append(e.getKey().substring(2))
          .append("` | ")
          .append(String.join(", ", aliases))
          .append(" | ")
          .append(String.join(", ", commands.get(e.getKey())))
          .append(" | ")
          .append(def)
          .append(" | ")
          .append(desc)
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * docs/cli.md rendered from the commands: what each does and its usage, as {@code --help} prints
   * it.
   */
  static String renderCli() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Command-line reference\n\n");
    sb.append(
        "`bin/recsys4j <command> [options]`. Every command takes `--config file.yaml` (keys are the option\n");
    sb.append(
        "names without dashes, see [config.md](config.md)); flags override the file. Errors in data or\n");
    sb.append(
        "options print one line naming the file, line or option and exit with code 2 (`RECSYS4J_DEBUG=1`\n");
    sb.append(
        "adds the stack trace); a wrong model name, YAML key or option gets the nearest valid one.\n\n");
    sb.append(
        "Options that one family of models does not read are errors for it: the ranking-only options are the\n");
    sb.append(
        "data options of interaction logs (`--format`, `--columns`, `--no-header`, `--test-file`, `--split`,\n");
    sb.append(
        "`--test-ratio`, `--min-rating`, `--unknown-ids`, `--on-duplicate`, `--split-seed`) and the BPR options\n");
    sb.append(
        "(`--sampling`, `--negatives`, `--shared-negatives`, `-k`, `--eval-batch-size`); `--eval-data` and\n");
    sb.append(
        "`--holdout` are CTR-only; each model reads only the model options `recsys4j models` lists for it.\n\n");
    sb.append(
        "**Outputs.** `train --out` must be a new path, an empty directory or an earlier bundle; anything else is\n");
    sb.append(
        "refused, never deleted. While a run writes it, `.<out>.lock` holds its pid and a second run into the\n");
    sb.append(
        "same output is refused. Files are written to a temporary file and renamed; a symbolic link is written\n");
    sb.append(
        "through to its target, a device or FIFO written directly (`--metrics-out /dev/stdout`).\n\n");
    sb.append(
        "**Checkpoints.** `train` writes `<out>.ckpt` atomically at every evaluation and epoch end and removes it\n");
    sb.append(
        "after the bundle is saved (`--keep-checkpoint` keeps it). Rerun the same command with `--resume` after\n");
    sb.append(
        "a kill: it continues (inside an epoch too) and ends with the same bits as an uninterrupted run. A resume\n");
    sb.append(
        "may only raise `--epochs` or change `--threads` (with a warning that the bits will differ); any other\n");
    sb.append("changed setting is an error naming it.\n\n");
    sb.append(
        "**Model selection.** The test split never selects an epoch. With `--valid-ratio R` a validation split\n");
    sb.append(
        "(ranking: a share of each user's training interactions drawn with `--split-seed`; CTR: rows drawn with `--seed`)\n");
    sb.append(
        "selects the epoch with the best `--monitor` and drives `--patience`; the report gives that epoch's test\n");
    sb.append(
        "metrics. Without one the model is the last epoch's. The metrics file and the bundle say which\n");
    sb.append("(`selected_by`: `validation` or `last-epoch`).\n\n");
    sb.append(
        "**`--metrics-out`** writes `{\"model\", \"final\": {...}, \"best_epoch\", \"selected_by\", \"epochs\": [{\"epoch\",\n");
    sb.append(
        "\"train_seconds\", \"loss\", \"eval_seconds\", \"recall@20\", \"valid_recall@20\", ...}], \"evaluations\": [{\"epoch\",\n");
    sb.append(
        "\"step\", \"seconds\", ...}]}`; losses are the mean per row of each step, averaged over the epoch's steps.\n\n");
    sb.append("This page is generated from the commands (`DocsTest`).\n");
    CommandLine root = new CommandLine(new Main());
    for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
      if (c.getKey().equals("help")) {
        continue;
      }
      String usage = c.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF).replace("\r", "");
      sb.append("\n## `")
          .append(c.getKey())
          .append("`\n\n```\n")
          .append(usage.strip())
          .append("\n```\n");
    }
    sb.append(
        "\n## `bench`\n\n`bin/recsys4j bench <workload> [--option value ...]` runs an end-to-end benchmark from\n");
    sb.append(
        "`recsys4j-bench.jar` and prints one JSON line per measurement; `bin/recsys4j bench --list` lists the\n");
    sb.append(
        "workloads (`lightgcn-epoch`, `eval-full`, `lightgcn-to-quality`, `dlrm-kaggle`, `preprocess-criteo`)\n");
    sb.append("and their options.\n");
    return sb.toString();
  }

  @Test
  void cliReferenceIsWhatTheCommandsPrint() throws Exception {
    Path file = ROOT.resolve("docs").resolve("cli.md");
    String rendered = renderCli();
    if (Boolean.getBoolean("recsys4j.docs.write")) {
      Files.writeString(file, rendered);
    }
    assertThat(Files.readString(file))
        .as("docs/cli.md is stale: run the tests with -Drecsys4j.docs.write=true")
        .isEqualTo(rendered);
  }

  @Test
  void configReferenceListsEveryKeyAsTheCommandsDefineThem() throws Exception {
    Path file = ROOT.resolve("docs").resolve("config.md");
    String rendered = renderConfig();
    if (Boolean.getBoolean("recsys4j.docs.write")) {
      Files.writeString(file, rendered);
    }
    assertThat(Files.readString(file))
        .as("docs/config.md is stale: run the tests with -Drecsys4j.docs.write=true")
        .isEqualTo(rendered);
  }

  @Test
  void cliReferenceMentionsEveryCommandAndOption() throws Exception {
    String cli = Files.readString(ROOT.resolve("docs").resolve("cli.md"));
    CommandLine root = new CommandLine(new Main());
    for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
      if (c.getKey().equals("help")) {
        continue;
      }
      assertThat(cli).as("docs/cli.md covers %s", c.getKey()).contains("## `" + c.getKey() + "`");
      for (OptionSpec o : c.getValue().getCommandSpec().options()) {
        assertThat(cli)
            .as("docs/cli.md mentions %s of %s", ErrorHandler.primary(o), c.getKey())
            .containsAnyOf(
                ErrorHandler.primary(o), "--[no-]" + ErrorHandler.primary(o).substring(2));
      }
    }
  }

  @Test
  void readmeIsAPageNotAManual() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    assertThat(lines.size()).isLessThan(300);
    assertThat(String.join("\n", lines)).doesNotContainIgnoringCase("session ");
    for (String doc :
        List.of("results.md", "cli.md", "config.md", "architecture.md", "extending.md")) {
      assertThat(ROOT.resolve("docs").resolve(doc)).exists();
      assertThat(Files.readString(ROOT.resolve("docs").resolve(doc)))
          .doesNotContainIgnoringCase("session ");
    }
  }
}
