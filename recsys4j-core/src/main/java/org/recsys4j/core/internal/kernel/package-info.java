/** Kernel implementations: the Vector API kernels and their scalar twins. Not a public API. */
package org.recsys4j.core.internal.kernel;
