package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.util.Map;

/**
 * An end-to-end benchmark that prints one JSON line per measurement to {@code out}: what was
 * measured, its configuration, the thread count, seconds, throughput and any quality metric.
 */
public interface Workload {
  String name();

  /** One line of help: what it measures and its options. */
  String description();

  void run(Map<String, String> options, PrintStream out) throws Exception;
}
