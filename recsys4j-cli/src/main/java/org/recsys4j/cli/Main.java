package org.recsys4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recsys4j} command. */
@Command(
    name = "recsys4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Deep-learning and graph recommender systems on the JVM.",
    subcommands = {
      QuickstartCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RecommendCommand.class,
      ExportEmbeddingsCommand.class,
      EmbedCommand.class,
      RetrainCommand.class,
      ServeCommand.class,
      PreprocessCommand.class,
      GenerateCommand.class,
      PredictCommand.class,
      ModelsCommand.class,
      ConvertCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    if (args.length == 0) {
      cl.usage(cl.getErr());
      cl.getErr()
          .println("error: no command given; try 'recsys4j quickstart' or 'recsys4j --help'");
      return 2;
    }
    try {
      ConfigFile.install(cl, args);
    } catch (IllegalArgumentException | CommandLine.ParameterException e) {
      cl.getErr().println("error: " + e.getMessage());
      return 2;
    }
    return cl.execute(args);
  }
}
