/** Factorization machines. */
package org.recsys4j.models.fm;
