package org.recsys4j.eval;

import org.recsys4j.core.Parallel;

/**
 * Measures a model on held-out data it was built for: full ranking of every item for a ranking
 * model ({@link FullRankingEvaluator#on}), AUC and log loss over labelled rows for a CTR model
 * ({@link CtrEvaluator#on}). The training lifecycle evaluates every family through this interface.
 *
 * @param <M> what the evaluator can measure ({@link Recommender}, {@link Scorer})
 */
@FunctionalInterface
public interface Evaluator<M> {

  /** The metrics of {@code model}, computed with {@code parallel}'s threads. */
  EvalResult evaluate(M model, Parallel parallel);
}
