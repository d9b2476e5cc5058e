/**
 * Impression logs: which items were shown to which user, which were clicked (label 1) and which
 * were shown and not clicked (label 0, real negatives), when, in which request and as which kind of
 * edge. The input of graph link prediction (GraphSAGE) and of CTR models trained on shown items.
 */
package org.recsys4j.data.impressions;
