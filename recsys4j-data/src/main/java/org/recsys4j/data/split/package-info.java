/** Seeded train/test splits: per-user random, leave-last-out, global temporal. */
package org.recsys4j.data.split;
