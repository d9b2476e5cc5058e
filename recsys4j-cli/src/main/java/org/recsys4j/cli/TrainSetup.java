package org.recsys4j.cli;

import java.util.List;
import java.util.Map;
import org.recsys4j.models.Model;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.TrainingTask;

/**
 * A family's preparation of a training run: its data read and split, the model built over it, the
 * task that trains it, and what the bundle records about the data.
 *
 * @param notes lines for the user about the data and its splits
 * @param taskDescription what the task adds to the "training ..." line (sampling, negatives), or ""
 * @param parent the bundle a warm-started run continued from, or null
 */
record TrainSetup(
    Model model,
    TrainingTask task,
    BundleSections sections,
    String datasetName,
    String fingerprint,
    Map<String, Object> dataset,
    List<String> notes,
    String taskDescription,
    String parent) {}
