/** The kernel SPI: the numeric hot paths, chosen once per JVM (Vector API or scalar). */
package org.recsys4j.core.kernel;
