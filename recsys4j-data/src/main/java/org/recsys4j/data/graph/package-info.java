/** Graphs built from interactions, such as the normalised user-item adjacency. */
package org.recsys4j.data.graph;
