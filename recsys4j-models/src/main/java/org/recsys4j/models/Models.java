package org.recsys4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.recsys4j.core.util.Nearest;

/** Every registered model, found once with {@link ServiceLoader}; looks them up by type name. */
public final class Models {
  private static final Map<String, ModelProvider> BY_TYPE = load();

  private Models() {}

  private static Map<String, ModelProvider> load() {
    Map<String, ModelProvider> m = new LinkedHashMap<>();
    for (ModelProvider p : ServiceLoader.load(ModelProvider.class, Models.class.getClassLoader())) {
      ModelProvider old = m.putIfAbsent(p.type(), p);
      if (old != null) {
        throw new IllegalStateException(
            "two models are registered as '"
                + p.type()
                + "': "
                + old.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** All providers, in registration order. */
  public static List<ModelProvider> all() {
    return List.copyOf(BY_TYPE.values());
  }

  /** The type names of one family, in registration order. */
  public static List<String> types(ModelFamily family) {
    List<String> t = new ArrayList<>();
    for (ModelProvider p : BY_TYPE.values()) {
      if (p.family() == family) {
        t.add(p.type());
      }
    }
    return t;
  }

  /** The provider of {@code type}, or an error listing the types and the nearest one. */
  public static ModelProvider get(String type) {
    ModelProvider p = BY_TYPE.get(type);
    if (p == null) {
      String near = Nearest.of(type, BY_TYPE.keySet());
      throw new IllegalArgumentException(
          "unknown model '"
              + type
              + "'"
              + (near != null ? " (did you mean '" + near + "'?)" : "")
              + "; models are "
              + BY_TYPE.keySet());
    }
    return p;
  }

  /** Builds an untrained model of {@code type}. */
  public static Model create(String type, Record config, ModelInputs inputs, long seed) {
    return get(type).create(config, inputs, seed);
  }
}
