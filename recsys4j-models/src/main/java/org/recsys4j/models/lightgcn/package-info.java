/** LightGCN and its fused graph-propagation op. */
package org.recsys4j.models.lightgcn;
