/** The recsys4j command line (picocli). */
package org.recsys4j.cli;
