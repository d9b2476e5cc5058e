package org.recsys4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.recsys4j.core.util.Nearest;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config file.yaml} on every command: the file's keys are option names without dashes
 * ({@code batch-size: 2048}; an alias such as {@code arch-mlp-bot} works too) and become the
 * defaults of the command's options, so flags on the command line override them. A key no command
 * knows is an error naming the key, the file and the nearest valid key; a value of the wrong type
 * is an error naming the key; keys of {@code train} are accepted (and unused) by the other
 * commands, so one recipe serves {@code train} and {@code evaluate}.
 */
final class ConfigFile {
  /** The keys each command's --config file set, by command: what {@link #given} consults. */
  private static final Map<CommandSpec, Set<String>> GIVEN = new WeakHashMap<>();

  /** The --config file of each command that had one. */
  private static final Map<CommandSpec, Path> FILES = new WeakHashMap<>();

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
    String command = null;
    for (String a : args) {
      if (root.getSubcommands().containsKey(a)) {
        command = a;
        break;
      }
    }
    if (command == null) {
      return;
    }
    CommandLine sub = root.getSubcommands().get(command);
    CommandSpec spec = sub.getCommandSpec();
    Map<String, OptionSpec> byKey = keys(spec);
    CommandLine train = root.getSubcommands().get("train");
    Set<String> trainKeys = train == null ? Set.of() : keys(train.getCommandSpec()).keySet();
    Map<OptionSpec, String> chosen = new LinkedHashMap<>();
    Set<String> given = new TreeSet<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String k = e.getKey();
      OptionSpec o = byKey.get(k);
      if (o == null) {
        if (trainKeys.contains(k)) {
          continue; // a training recipe reused by another command
        }
        String near = Nearest.of(k, byKey.keySet());
        throw new CommandLine.ParameterException(
            sub,
            file
                + ": unknown key '"
                + k
                + "' for '"
                + command
                + "'"
                + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; keys are the command's option names");
      }
      if (chosen.containsKey(o)) {
        throw new CommandLine.ParameterException(
            sub,
            file
                + ": '"
                + k
                + "' and '"
                + chosen.get(o)
                + "' are two names of one option; give one");
      }
      checkType(file, k, e.getValue(), o, sub);
      chosen.put(o, k);
      given.addAll(List.of(o.names()));
    }
    synchronized (GIVEN) {
      GIVEN.put(spec, given);
      FILES.put(spec, file);
    }
    sub.setDefaultValueProvider(
        arg -> {
          if (arg instanceof OptionSpec && chosen.containsKey(arg)) {
            return values.get(chosen.get(arg));
          }
          return null;
        });
  }

  /** The option names of a command without dashes, each alias included. */
  private static Map<String, OptionSpec> keys(CommandSpec spec) {
    Map<String, OptionSpec> m = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      for (String n : o.names()) {
        if (n.startsWith("--")
            && !n.equals("--config")
            && !n.equals("--help")
            && !n.equals("--version")) {
          m.put(n.substring(2), o);
        }
      }
    }
    return m;
  }

  /**
   * A number, boolean or list value that picocli could not convert is named here, not as a usage
   * dump.
   */
  private static void checkType(
      Path file, String key, String value, OptionSpec o, CommandLine sub) {
    Class<?> t = o.type().isArray() ? o.type().getComponentType() : o.type();
    String[] parts = o.type().isArray() ? value.split(",") : new String[] {value};
    for (String p : parts) {
      String v = p.trim();
      String expected = null;
      try {
        if (t == int.class || t == Integer.class) {
          expected = "an integer";
          Integer.parseInt(v);
        } else if (t == long.class || t == Long.class) {
          expected = "an integer";
          Long.parseLong(v);
        } else if (t == float.class || t == Float.class || t == double.class || t == Double.class) {
          expected = "a number";
          Double.parseDouble(v);
        } else if (t == boolean.class || t == Boolean.class) {
          expected = "true or false";
          if (!v.equals("true") && !v.equals("false")) {
            throw new NumberFormatException(v);
          }
        }
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(
            sub,
            file
                + ": key '"
                + key
                + "' must be "
                + expected
                + ", got '"
                + Messages.capped(value)
                + "'");
      }
    }
  }

  /**
   * True when option {@code name} (e.g. {@code --sampling}) was given on the command line or in
   * --config.
   */
  static boolean given(CommandSpec spec, String name) {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    if (pr != null && pr.hasMatchedOption(name)) {
      return true;
    }
    synchronized (GIVEN) {
      Set<String> g = GIVEN.get(spec);
      return g != null && g.contains(name);
    }
  }

  /**
   * Where option {@code name} came from, for messages: " (set in FILE)" when the config file gave
   * it, else "".
   */
  static String source(CommandSpec spec, String name) {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    if (pr != null && pr.hasMatchedOption(name)) {
      return "";
    }
    synchronized (GIVEN) {
      Set<String> g = GIVEN.get(spec);
      return g != null && g.contains(name) ? " (set in " + FILES.get(spec) + ")" : "";
    }
  }

  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--config " + file + ": no such file");
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      Map<String, String> m = new LinkedHashMap<>();
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
          throw new IllegalArgumentException(
              file + ": key '" + e.getKey() + "' must be a value or a list");
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
