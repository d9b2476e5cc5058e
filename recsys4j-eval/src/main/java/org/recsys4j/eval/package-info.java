/** Evaluation: the Recommender contract, ranking metrics and the full-ranking evaluator. */
package org.recsys4j.eval;
