/** Synthetic data generators with planted structure, for tests and the quickstart. */
package org.recsys4j.data.synthetic;
