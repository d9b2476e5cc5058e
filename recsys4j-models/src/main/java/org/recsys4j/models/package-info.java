/** Ranking models and their shared pieces (the BPR loss, the RankingModel contract). */
package org.recsys4j.models;
