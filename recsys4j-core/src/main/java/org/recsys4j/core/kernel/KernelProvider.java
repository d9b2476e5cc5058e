package org.recsys4j.core.kernel;

import java.lang.reflect.Constructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Kernels} implementation once. The Vector API implementation is loaded
 * reflectively only when the {@code jdk.incubator.vector} module is in the boot layer, so a JVM
 * started without {@code --add-modules jdk.incubator.vector} never touches its classes. {@code
 * -Drecsys4j.kernels=scalar} forces the scalar twin (for comparisons and debugging).
 */
final class KernelProvider {
  private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);
  static final Kernels SCALAR = new org.recsys4j.core.internal.kernel.ScalarKernels();
  static final Kernels INSTANCE = choose();

  private KernelProvider() {}

  private static Kernels choose() {
    String forced = System.getProperty("recsys4j.kernels", "auto");
    if (forced.equals("scalar")) {
      LOG.info("kernels: scalar (forced by -Drecsys4j.kernels=scalar)");
      return SCALAR;
    }
    boolean hasModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (!hasModule) {
      LOG.warn(
          "kernels: Vector API not enabled, using scalar kernels (several times slower). "
              + "Start the JVM with --add-modules jdk.incubator.vector (bin/recsys4j does this).");
      return SCALAR;
    }
    try {
      Class<?> c = Class.forName("org.recsys4j.core.internal.kernel.VectorKernels");
      Constructor<?> ctor = c.getDeclaredConstructor();
      Kernels k = (Kernels) ctor.newInstance();
      LOG.debug("kernels: {}", k.name());
      return k;
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.warn("kernels: Vector API could not be loaded ({}), using scalar kernels", e.toString());
      return SCALAR;
    }
  }
}
