/** Small primitive data structures for hot paths, such as the packed top-K heap. */
package org.recsys4j.core.util;
