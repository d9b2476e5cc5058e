/**
 * What the click-through-rate models share: the model interface, its config, the input layer and
 * the factory.
 */
package org.recsys4j.models.ctr;
