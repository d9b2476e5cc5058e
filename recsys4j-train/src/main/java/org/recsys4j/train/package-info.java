/** Training: the trainer, listeners, checkpoints, model bundles and the model registry. */
package org.recsys4j.train;
