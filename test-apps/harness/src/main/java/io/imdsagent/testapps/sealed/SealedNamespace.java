package io.imdsagent.testapps.sealed;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Whether this machine can make a sealed network namespace, and where the harness and its JVM live. */
public final class SealedNamespace {
  private static Optional<String> unavailableReason;

  private SealedNamespace() {
  }

  /**
   * Empty when {@code unshare -rn} and {@code ip} work here (probed once), else why not. Tests do
   * {@code Assumptions.assumeTrue(reason.isEmpty(), reason::get)}.
   */
  public static synchronized Optional<String> unavailableReason() {
    if (unavailableReason == null) {
      unavailableReason = probe();
    }
    return unavailableReason;
  }

  private static Optional<String> probe() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return Optional.of("sealed namespaces need Linux (unshare, ip); this is " + System.getProperty("os.name"));
    }
    List<String> command = List.of("unshare", "-rn", "ip", "addr", "add", "169.254.169.254/32", "dev", "lo");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of(String.join(" ", command) + " did not finish in 10 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.exitValue() == 0
          ? Optional.empty()
          : Optional.of(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output
              + "; unprivileged user namespaces may be disabled (kernel.unprivileged_userns_clone,"
              + " user.max_user_namespaces) or iproute2 missing");
    } catch (IOException e) {
      return Optional.of("cannot run unshare: " + e.getMessage() + " (install util-linux and iproute2)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while probing unshare");
    }
  }

  /** The class path of the runner JVM: the harness jar or classes directory, and Jackson's jars. */
  static String runnerClassPath() {
    return Stream.of(SealedNamespace.class, ObjectMapper.class, JsonFactory.class, JsonAutoDetect.class)
        .map(SealedNamespace::location).distinct().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("imds-harness: cannot locate " + type.getName(), e);
    }
  }

  /** The java launcher of this JVM: what runs the runner, and a default for commands that need a JVM. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
