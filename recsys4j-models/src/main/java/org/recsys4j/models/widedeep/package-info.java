/** Wide &amp; Deep: a linear model and an MLP trained jointly. */
package org.recsys4j.models.widedeep;
