/** DCN-v2: cross network and deep MLP in parallel. */
package org.recsys4j.models.dcn;
