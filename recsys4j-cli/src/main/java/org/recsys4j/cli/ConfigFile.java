package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code --config file.yaml}: the file's keys are option names without dashes
 * ({@code batch-size: 2048}) and become the defaults of the command's options, so flags given on
 * the command line override them. Unknown keys are an error naming the key and the file.
 */
final class ConfigFile {
  private ConfigFile() {}

  static void install(CommandLine root, String[] args) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      }
    }
    if (file == null) {
      return;
    }
    Map<String, String> values = read(file);
    for (CommandLine sub : root.getSubcommands().values()) {
      sub.setDefaultValueProvider(arg -> {
        if (arg instanceof CommandLine.Model.OptionSpec) {
          String name = ((CommandLine.Model.OptionSpec) arg).longestName().replaceFirst("^--", "");
          return values.get(name);
        }
        return null;
      });
    }
    String command = null;
    for (String a : args) {
      if (root.getSubcommands().containsKey(a)) {
        command = a;
        break;
      }
    }
    if (command != null) {
      CommandLine sub = root.getSubcommands().get(command);
      List<String> known = new ArrayList<>();
      for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
        known.add(o.longestName().replaceFirst("^--", ""));
      }
      for (String k : values.keySet()) {
        if (!known.contains(k)) {
          throw new CommandLine.ParameterException(sub, file + ": unknown key '" + k + "' for '" + command
              + "'; keys are the command's option names, e.g. " + known.subList(0, Math.min(5, known.size())));
        }
      }
    }
  }

  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--config " + file + ": no such file");
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      Map<String, String> m = new HashMap<>();
      if (root == null) {
        return m;
      }
      if (!root.isObject()) {
        throw new IllegalArgumentException(file + ": expected a mapping of option names to values");
      }
      Iterator<Map.Entry<String, JsonNode>> it = root.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isArray()) {
          List<String> parts = new ArrayList<>();
          v.forEach(x -> parts.add(x.asText()));
          m.put(e.getKey(), String.join(",", parts));
        } else if (v.isContainerNode()) {
          throw new IllegalArgumentException(file + ": key '" + e.getKey() + "' must be a value or a list");
        } else {
          m.put(e.getKey(), v.asText());
        }
      }
      return m;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
    }
  }
}
