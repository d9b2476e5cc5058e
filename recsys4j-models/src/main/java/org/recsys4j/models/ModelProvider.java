package org.recsys4j.models;

import java.util.List;

/**
 * One model's registration: its name, family, paper, configuration class and the configuration
 * fields it reads, and how to build it. A model package adds one implementation and lists it in
 * {@code META-INF/services/org.recsys4j.models.ModelProvider}; {@link Models} finds it with {@link
 * java.util.ServiceLoader}, so adding a model edits no switch anywhere else.
 */
public interface ModelProvider {

  /** The type name, e.g. {@code lightgcn}. */
  String type();

  ModelFamily family();

  /** One line saying what the model is. */
  String description();

  /** The paper that defines it (authors, venue, year). */
  String paper();

  /** The configuration record saved in bundles. */
  Class<? extends Record> configClass();

  /**
   * The names of the configuration fields this model reads (record component names). A front end
   * rejects a setting outside this list instead of ignoring it.
   */
  List<String> fields();

  /** The configuration with every field at its default. */
  Record defaultConfig();

  /** Builds an untrained model (initialised from {@code seed}). */
  Model create(Record config, ModelInputs inputs, long seed);

  /** Casts {@code config} to this model's configuration class, or says what was wrong. */
  default <C extends Record> C cast(Record config, Class<C> type) {
    if (!type.isInstance(config)) {
      throw new IllegalArgumentException(
          type()
              + " takes a "
              + type.getSimpleName()
              + ", got "
              + (config == null ? "null" : config.getClass().getSimpleName()));
    }
    return type.cast(config);
  }
}
