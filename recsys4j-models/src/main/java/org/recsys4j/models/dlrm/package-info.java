/** DLRM: bottom MLP, pairwise dot interaction of embeddings, top MLP (facebookresearch/dlrm). */
package org.recsys4j.models.dlrm;
