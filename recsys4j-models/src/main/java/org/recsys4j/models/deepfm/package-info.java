/** DeepFM: an FM and an MLP over shared field embeddings. */
package org.recsys4j.models.deepfm;
