/** Matrix factorisation trained with BPR. */
package org.recsys4j.models.mf;
