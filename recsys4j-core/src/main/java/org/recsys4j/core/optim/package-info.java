/** Optimizers (SGD, Adagrad, row-wise Adagrad, Adam) with dense and sparse-row update paths. */
package org.recsys4j.core.optim;
