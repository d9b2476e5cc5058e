/** Logistic regression over one-hot categorical values and dense features (the CTR baseline). */
package org.recsys4j.models.lr;
