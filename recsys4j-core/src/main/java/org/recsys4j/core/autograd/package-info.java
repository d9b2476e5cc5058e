/**
 * Reverse-mode automatic differentiation: a per-step tape and coarse ops, each with a
 * finite-difference-tested backward.
 */
package org.recsys4j.core.autograd;
