package org.recsys4j.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (bad data, bad options, missing files) into one clear line and
 * exit code 2, instead of a stack trace. Set {@code RECSYS4J_DEBUG=1} to see the trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    boolean userError = ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
        || ex instanceof UncheckedIOException || ex instanceof java.io.IOException;
    if (!userError || System.getenv("RECSYS4J_DEBUG") != null) {
      ex.printStackTrace(cl.getErr());
    }
    cl.getErr().println("error: " + ex.getMessage());
    return userError ? 2 : 1;
  }
}
