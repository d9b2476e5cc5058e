/** JMH micro-benchmarks of the kernels, vector and scalar in the same run. */
package org.recsys4j.bench.jmh;
