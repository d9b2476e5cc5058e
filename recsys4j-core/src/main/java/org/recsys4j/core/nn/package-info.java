/** Trainable state: dense parameters and embedding tables with sparse row gradients. */
package org.recsys4j.core.nn;
