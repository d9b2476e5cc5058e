/**
 * Readers for interaction files (LightGCN format, CSV/TSV, MovieLens), plain or gzip, with
 * file:line errors.
 */
package org.recsys4j.data.io;
