/** Datasets: id maps, CSR interactions, interaction logs and the format-detecting loader. */
package org.recsys4j.data;
