package io.imdsagent.testapps.sealed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testapps.emulator.EmulatorMain;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sts.StsStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs inside {@code unshare -rn}: checks that the namespace is new and empty and puts the IMDS addresses on
 * loopback; then, in a second JVM, starts the emulator on them and the STS stub on 127.0.0.1, runs each
 * command in turn, and writes the results next to the spec. Started only by SealedRun.
 */
public final class SealedMain {
  private static final String IMDS_URL = "http://169.254.169.254";

  private SealedMain() {
  }

  /** {@code SealedMain SPEC} seals and starts {@code SealedMain --serve SPEC}, which does the rest. */
  public static void main(String[] args) {
    try {
      if (args[0].equals("--serve")) {
        serve(RunSpec.read(Path.of(args[1])));
        System.exit(0);
      }
      seal(RunSpec.read(Path.of(args[0])));
      System.exit(serveInNewJvm(args[0]));
    } catch (Exception e) {
      System.err.println("imds-harness: sealed runner failed: " + e);
      e.printStackTrace();
      System.exit(3);
    }
  }

  private static void seal(RunSpec spec) throws IOException, InterruptedException {
    checkSealed(spec);
    ip("link", "set", "lo", "up");
    ip("addr", "add", "169.254.169.254/32", "dev", "lo");
    ip("addr", "add", "fd00:ec2::254/128", "dev", "lo", "nodad");
  }

  private static void checkSealed(RunSpec spec) throws IOException {
    // Only a fresh namespace holding nothing but loopback may carry the IMDS addresses: then no packet
    // sent to them, or anywhere else, can leave this machine.
    String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    if (namespace.equals(spec.parentNamespace())) {
      throw new IllegalStateException("still in the parent network namespace " + namespace + "; refusing to run");
    }
    // /proc/self/net/dev lists every interface of this namespace, down or without addresses too
    // (NetworkInterface lists only configured ones, and /sys/class/net shows the namespace sysfs was mounted in).
    List<String> interfaces = Files.readAllLines(Path.of("/proc/self/net/dev")).stream()
        .filter(line -> line.contains(":"))
        .map(line -> line.substring(0, line.indexOf(':')).trim())
        .collect(Collectors.toList());
    if (!interfaces.equals(List.of("lo"))) {
      throw new IllegalStateException("network interfaces other than lo exist here " + interfaces
          + "; refusing to run");
    }
  }

  /**
   * A JVM decides at start whether IPv6 exists (JDK: an entry in /proc/net/if_inet6), and this one started
   * before loopback had an address; the one that serves must start after.
   */
  private static int serveInNewJvm(String specFile) throws IOException, InterruptedException {
    Process server = new ProcessBuilder(SealedNamespace.currentJava().toString(), "-Xmx64m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        SealedMain.class.getName(), "--serve", specFile)
        .inheritIO()
        .start();
    return server.waitFor();
  }

  private static void serve(RunSpec spec) throws IOException, InterruptedException {
    checkSealed(spec);
    List<String> emulatorArgs = new ArrayList<>(List.of(
        "--bind", "169.254.169.254:80", "--bind", "[fd00:ec2::254]:80",
        "--request-log", spec.file(RunSpec.IMDS_LOG_FILE).toString()));
    emulatorArgs.addAll(spec.emulatorArgs());
    try (ImdsEmulator emulator = EmulatorMain.start(emulatorArgs);
         StsStub sts = spec.stsStub() ? startSts(spec, emulator) : null) {
      System.out.println("imds-harness: IMDS emulator listening on " + EmulatorMain.describe(emulator));
      Map<String, String> env = new LinkedHashMap<>(spec.env());
      env.put("IMDS_EMULATOR_URL", IMDS_URL);
      if (sts != null) {
        env.put("STS_ENDPOINT", sts.endpoint());
        System.out.println("imds-harness: STS stub listening on " + sts.endpoint());
      }
      List<Object> results = new ArrayList<>();
      for (int i = 0; i < spec.commands().size(); i++) {
        results.add(runCommand(spec, i, env));
      }
      Path partial = spec.file(RunSpec.RESULTS_FILE + ".partial");
      Files.writeString(partial, new ObjectMapper().writeValueAsString(Map.of("commands", results)), StandardCharsets.UTF_8);
      Files.move(partial, spec.file(RunSpec.RESULTS_FILE), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static StsStub startSts(RunSpec spec, ImdsEmulator emulator) throws IOException {
    return StsStub.builder()
        .account(emulator.account())
        .partition(emulator.partition())
        .instanceRole(emulator.role())
        .instanceId(emulator.instanceId())
        .requestLog(spec.file(RunSpec.STS_LOG_FILE))
        .build()
        .start();
  }

  private static Map<String, Object> runCommand(RunSpec spec, int index, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = spec.commands().get(index);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(spec.stdout(index).toFile())
        .redirectError(spec.stderr(index).toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    boolean finished = process.waitFor(spec.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("exitCode", process.exitValue());
    result.put("timedOut", !finished);
    return result;
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
          + output);
    }
  }
}
