package org.recsys4j.cli;

import org.recsys4j.core.kernel.Kernels;
import org.recsys4j.train.Version;
import picocli.CommandLine;

/** Prints the library, JVM and kernel versions for {@code --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "recsys4j " + Version.get(),
      "java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vm.name")
          + ")",
      "kernels " + Kernels.get().name()
    };
  }
}
