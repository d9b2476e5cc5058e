/** The popularity baseline. */
package org.recsys4j.models.pop;
