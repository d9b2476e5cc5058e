/** End-to-end benchmark programs that print one JSON line per measurement. */
package org.recsys4j.bench.e2e;
