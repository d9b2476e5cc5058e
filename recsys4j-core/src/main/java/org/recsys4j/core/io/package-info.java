/** Safetensors reading and writing, and atomic file replacement. */
package org.recsys4j.core.io;
