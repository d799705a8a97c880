package io.imdsagent.testapps.requirements;

import io.imdsagent.testapps.sealed.SealedNamespace;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Checks {@link RequiresSealedNamespace} and {@link RequiresJdk25} before the class's {@code @BeforeAll} methods
 * (a class-level annotation) or before each test (a method-level one). A machine that cannot make a sealed
 * namespace skips the test with the reason printed, or fails it in CI, which can always make one. A machine
 * without JDK 25 skips its tests everywhere (CI included): where the JDK is, they run.
 */
public final class Requirements implements BeforeAllCallback, BeforeEachCallback {
  static final String SEALED = "sealed";
  static final String JDK25 = "jdk25";
  /** Where this project's machines have Temurin 25. */
  public static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  @Override
  public void beforeAll(ExtensionContext context) {
    check(context.getRequiredTestClass(), context.getDisplayName());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    check(context.getRequiredTestMethod(), context.getDisplayName());
  }

  private static void check(AnnotatedElement element, String test) {
    if (element.isAnnotationPresent(RequiresSealedNamespace.class)) {
      Optional<String> reason = SealedNamespace.unavailableReason();
      if (reason.isPresent()) {
        unmet(test, "no sealed network namespace: " + reason.get(), inCi());
      }
    }
    if (element.isAnnotationPresent(RequiresJdk25.class)) {
      requireJdk25(test);
    }
  }

  /** For a test that needs JDK 25 in only some of its cases (a table row): what {@link RequiresJdk25} does. */
  public static void requireJdk25(String test) {
    if (!Files.isExecutable(JDK25_JAVA)) {
      unmet(test, "no JDK 25 at " + JDK25_JAVA, false);
    }
  }

  private static void unmet(String test, String why, boolean fail) {
    String message = (fail ? "FAILED (CI=true) " : "SKIPPED ") + test + ": " + why;
    System.out.println(message);
    if (fail) {
      throw new AssertionError(message);
    }
    throw new TestAbortedException(message);
  }

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
