package org.recsys4j.train;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal, a progress bar per epoch with the running loss,
 * throughput and ETA; otherwise (logs, CI), one plain line per epoch. Both end each epoch with a
 * line carrying the loss, time and any metrics.
 */
public final class ProgressListener implements TrainListener {
  private final PrintStream out;
  private final boolean terminal;
  private final int batchSize;
  private ProgressBar bar;
  private String lastEvaluation = "";
  private int stepsPerEpoch;
  private int totalEpochs;
  private double runningLoss;
  private int runningSteps;

  public ProgressListener(PrintStream out, int batchSize, boolean terminal) {
    this.out = out;
    this.batchSize = batchSize;
    this.terminal = terminal;
  }

  /** A listener that draws a bar only when standard output is an interactive console. */
  public static ProgressListener auto(PrintStream out, int batchSize) {
    return new ProgressListener(
        out, batchSize, System.console() != null && System.getenv("CI") == null);
  }

  @Override
  public void onTrainStart(int totalEpochs, int stepsPerEpoch, int startEpoch) {
    this.totalEpochs = totalEpochs;
    this.stepsPerEpoch = stepsPerEpoch;
    if (startEpoch > 0) {
      out.printf("resuming after epoch %d of %d%n", startEpoch, totalEpochs);
    }
  }

  /** Without a terminal, a progress line at most this often inside an epoch (logs stay short). */
  static final long LINE_EVERY_NANOS = 30_000_000_000L;

  private long epochStart;
  private long lastLine;
  private int firstStep;

  @Override
  public void onStep(int epoch, int step, double loss) {
    runningLoss += loss;
    runningSteps++;
    if (!terminal) {
      long now = System.nanoTime();
      if (runningSteps == 1) {
        epochStart = now;
        lastLine = now;
        firstStep = step;
      } else if (now - lastLine >= LINE_EVERY_NANOS) {
        lastLine = now;
        double secs = (now - epochStart) / 1e9;
        double rate = (step - firstStep + 1) * (double) batchSize / secs;
        double eta = (stepsPerEpoch - step) * (double) batchSize / rate;
        out.printf(
            "epoch %d/%d step %d/%d (%.0f%%) loss %.5f %,.0f rows/s ETA %s%n",
            epoch,
            totalEpochs,
            step,
            stepsPerEpoch,
            100.0 * step / stepsPerEpoch,
            runningLoss / runningSteps,
            rate,
            duration(eta));
        out.flush();
      }
      return;
    }
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format("epoch %d/%d", epoch, totalEpochs))
              .setInitialMax((long) stepsPerEpoch * batchSize)
              .setUnit(" samples", 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
              .build();
    }
    bar.stepTo(Math.min((long) step * batchSize, (long) stepsPerEpoch * batchSize));
    if (step % 10 == 0) {
      bar.setExtraMessage(
          String.format(" loss %.4f%s", runningLoss / runningSteps, lastEvaluation));
    }
  }

  @Override
  public void onStepEvaluation(int epoch, long step, Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder(String.format("epoch %d step %d", epoch, step));
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getKey().equals("auc") || e.getKey().equals("logloss")) {
        sb.append(String.format(" %s %.4f", e.getKey(), e.getValue()));
      }
    }
    if (terminal) { // shown beside the running loss until the epoch ends; a printed line would
      // break the bar
      lastEvaluation = " | " + sb;
    } else {
      out.println(sb);
    }
  }

  @Override
  public void onEpochEnd(EpochStats s) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    runningLoss = 0;
    runningSteps = 0;
    lastEvaluation = "";
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "epoch %d/%d loss %.5f train %.1fs",
                s.epoch(), totalEpochs, s.loss(), s.trainSeconds()));
    if (!s.metrics().isEmpty()) {
      sb.append(String.format(" eval %.1fs", s.evalSeconds()));
      for (Map.Entry<String, Double> e : s.metrics().entrySet()) {
        String k =
            e.getKey().startsWith(Trainer.VALID_PREFIX)
                ? e.getKey().substring(Trainer.VALID_PREFIX.length())
                : e.getKey();
        if (k.startsWith("recall")
            || k.startsWith("ndcg")
            || k.equals("auc")
            || k.equals("logloss")) {
          sb.append(String.format(" %s %.4f", e.getKey(), e.getValue()));
        }
      }
    }
    out.println(sb);
    out.flush();
  }

  @Override
  public void onTrainEnd(TrainReport r) {
    String which =
        r.selectedBy().equals("validation")
            ? "epoch " + r.bestEpoch() + " selected on validation"
            : "last epoch " + r.bestEpoch() + " (no validation split selects another)";
    out.printf(
        "done in %.1fs%s; %s: %s%n",
        r.totalSeconds(), r.stoppedEarly() ? " (stopped early)" : "", which, format(r.best()));
  }

  @Override
  public void onWarning(String message) {
    out.println("warning: " + message);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  static String format(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : " ")
                .append(k)
                .append(' ')
                .append(String.format("%.4f", v)));
    return sb.toString();
  }
}
