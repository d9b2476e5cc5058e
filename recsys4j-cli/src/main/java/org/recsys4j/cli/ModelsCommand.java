package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.models.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys4j models}: every registered model with its family, paper, options and defaults. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List every model: its family, what it is, its paper, and the options it takes with their defaults.",
      "Example: recsys4j models"
    })
final class ModelsCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      description = "YAML file of option values (accepted for symmetry; nothing to set).")
  Path config;

  @Override
  public Integer call() {
    ObjectMapper json = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (ModelProvider p : Models.all()) {
      sb.append(String.format("%-9s %-8s %s%n", p.type(), p.family().id(), p.description()));
      sb.append(String.format("%-9s %-8s %s%n", "", "paper", p.paper()));
      JsonNode defaults = json.valueToTree(p.defaultConfig());
      List<String> opts = new ArrayList<>();
      for (String f : p.fields()) {
        opts.add(ModelOptions.FLAGS.get(f) + " " + show(f, defaults.path(f)));
      }
      sb.append(
          String.format(
              "%-9s %-8s %s%n",
              "", "options", opts.isEmpty() ? "(none)" : String.join("  ", opts)));
    }
    sb.append("Every model also takes the training options of 'recsys4j train --help'.");
    System.out.println(sb);
    return 0;
  }

  private static String show(String field, JsonNode v) {
    if (field.equals("bagMean")) {
      return v.asBoolean() ? "mean" : "sum";
    }
    if (v.isArray()) {
      if (v.isEmpty()) {
        return field.equals("bottomMlp") ? "<dense>-64-<dim>" : "(none)";
      }
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      return String.join("-", parts);
    }
    return v.asText();
  }
}
