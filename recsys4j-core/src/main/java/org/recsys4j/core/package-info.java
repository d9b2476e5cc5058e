/**
 * Core numerics: tensors over primitive arrays, the random generator, the worker pool and CSR
 * matrices.
 */
package org.recsys4j.core;
