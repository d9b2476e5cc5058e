/** Training samplers that fill caller-owned batch buffers, such as uniform BPR triples. */
package org.recsys4j.data.sampling;
