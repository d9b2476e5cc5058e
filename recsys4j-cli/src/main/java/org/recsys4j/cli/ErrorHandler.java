package org.recsys4j.cli;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (bad data, bad options, missing files) into one clear line and
 * exit code 2, instead of a stack trace. Set {@code RECSYS4J_DEBUG=1} to see the trace.
 *
 * <p>The libraries name config fields in their messages ({@code batchSize must be >= 1}); here, and
 * only here, those names become the command's flags ({@code --batch-size must be >= 1}).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  /**
   * A field name the libraries use: a one-word one before "must" or in a change "field: old ->
   * new", a camelCase one anywhere (only names of this command's options are rewritten).
   */
  private static final Pattern FIELD =
      Pattern.compile(
          "(^|[\\s(,;])([a-z][a-zA-Z0-9]*(?= must|: \\S+ -> )"
              + "|[a-z][a-z0-9]*[A-Z][a-zA-Z0-9]*\\b)");

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    boolean userError =
        ex instanceof IllegalArgumentException
            || ex instanceof IllegalStateException
            || ex instanceof UncheckedIOException
            || ex instanceof java.io.IOException;
    if (!userError || System.getenv("RECSYS4J_DEBUG") != null) {
      ex.printStackTrace(cl.getErr());
    }
    cl.getErr()
        .println(
            "error: "
                + Messages.capped(toFlags(String.valueOf(ex.getMessage()), cl.getCommandSpec())));
    return userError ? 2 : 1;
  }

  /** Rewrites config field names that are options of {@code spec} as their flags. */
  static String toFlags(String message, CommandLine.Model.CommandSpec spec) {
    Map<String, String> flags = new HashMap<>();
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      for (String n : o.names()) {
        if (n.startsWith("--")) {
          flags.putIfAbsent(camel(n.substring(2)), primary(o));
        }
      }
    }
    ModelOptions.FLAGS.forEach(
        (field, flag) -> {
          if (flags.containsValue(flag)) {
            flags.put(field, flag);
          }
        });
    Matcher m = FIELD.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String flag = flags.get(m.group(2));
      m.appendReplacement(
          sb, Matcher.quoteReplacement(m.group(1) + (flag != null ? flag : m.group(2))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The first long name an option was declared with. */
  static String primary(CommandLine.Model.OptionSpec o) {
    for (String n : o.names()) {
      if (n.startsWith("--")) {
        return n;
      }
    }
    return o.longestName();
  }

  static String camel(String kebab) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
