package io.imdsagent.testapps.sealed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.sts.StsRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of commands in a fresh network namespace, against the emulator on the real IMDS addresses
 * ({@code http://169.254.169.254}, {@code http://[fd00:ec2::254]}) and optionally the STS stub.
 *
 * <pre>{@code
 * assumeTrue(SealedNamespace.unavailableReason().isEmpty(), ...);
 * SealedResult result = SealedRun.builder()
 *     .emulatorArgs("--mode", "required", "--lifetime", "8s")
 *     .withStsStub(true)
 *     .env("AWS_REGION", "us-east-1")
 *     .command(List.of(java, "-javaagent:" + agentJar, "-cp", appClasspath, "SomeApp"))
 *     .timeout(Duration.ofSeconds(30))
 *     .run();
 * }</pre>
 *
 * Commands see {@code IMDS_EMULATOR_URL=http://169.254.169.254} and, with the stub,
 * {@code STS_ENDPOINT=http://127.0.0.1:PORT}, and {@link Builder#env}, on top of this JVM's environment without
 * what {@link HostEnvironment} removes (AWS credentials and settings, container endpoints, agent options).
 */
public final class SealedRun {
  /** Time for the runner JVM to start, set up the namespace and write its results, beyond the commands' own. */
  private static final Duration RUNNER_ALLOWANCE = Duration.ofSeconds(30);

  private SealedRun() {
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final List<String> emulatorArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<List<String>> commands = new ArrayList<>();
    private boolean stsStub;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {
    }

    /** EmulatorMain flags (see its {@code --help}), appended; {@code --bind} and {@code --request-log} are the runner's. */
    public Builder emulatorArgs(String... args) {
      for (String arg : args) {
        if (arg.equals("--bind") || arg.equals("--request-log")) {
          throw new IllegalArgumentException("imds-harness: the sealed runner sets " + arg + " itself");
        }
        emulatorArgs.add(arg);
      }
      return this;
    }

    /** Also start the STS stub; its URL reaches the commands as {@code STS_ENDPOINT}. */
    public Builder withStsStub(boolean stsStub) {
      this.stsStub = stsStub;
      return this;
    }

    /** An environment variable for every command. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** A command (argv) to run; commands run one after another, against the same emulator. */
    public Builder command(List<String> argv) {
      commands.add(List.copyOf(argv));
      return this;
    }

    public Builder command(String... argv) {
      return command(List.of(argv));
    }

    /** How long each command may run before it is killed; default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Runs everything and collects the results. Throws IllegalStateException when the namespace cannot
     * be made (check {@link SealedNamespace#unavailableReason()} first) or the runner itself fails.
     */
    public SealedResult run() throws IOException, InterruptedException {
      SealedNamespace.unavailableReason().ifPresent(reason -> {
        throw new IllegalStateException("imds-harness: no sealed namespace here: " + reason);
      });
      Path directory = Files.createTempDirectory("imds-sealed-");
      try {
        RunSpec spec = new RunSpec(directory, Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(),
            emulatorArgs, stsStub, env, commands, timeout);
        spec.write();
        return runIn(spec);
      } finally {
        try (Stream<Path> files = Files.walk(directory)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }

    private SealedResult runIn(RunSpec spec) throws IOException, InterruptedException {
      Path runnerOut = spec.file("runner.out");
      List<String> command = List.of("unshare", "-rn",
          SealedNamespace.currentJava().toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
          "-cp", SealedNamespace.runnerClassPath(),
          SealedMain.class.getName(), spec.file(RunSpec.SPEC_FILE).toString());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(runnerOut.toFile());
      // the runner and every command get the test's variables only, on a clean base
      HostEnvironment.clean(builder.environment());
      Process runner = builder.start();
      runner.getOutputStream().close();
      Duration limit = timeout.multipliedBy(Math.max(1, commands.size())).plus(RUNNER_ALLOWANCE);
      boolean finished = runner.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        runner.descendants().forEach(ProcessHandle::destroyForcibly);
        runner.destroyForcibly();
        runner.waitFor();
      }
      String runnerOutput = text(runnerOut);
      Path resultsFile = spec.file(RunSpec.RESULTS_FILE);
      if (!finished || !Files.exists(resultsFile)) {
        throw new IllegalStateException("imds-harness: the sealed runner "
            + (finished ? "exited " + runner.exitValue() : "did not finish in " + limit)
            + " without results; its output:\n" + runnerOutput);
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> outcomes = (List<Map<String, Object>>) new ObjectMapper()
          .readValue(resultsFile.toFile(), Map.class).get("commands");
      List<CommandResult> results = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        results.add(new CommandResult(commands.get(i),
            ((Number) outcomes.get(i).get("exitCode")).intValue(),
            (Boolean) outcomes.get(i).get("timedOut"),
            text(spec.stdout(i)),
            text(spec.stderr(i))));
      }
      return new SealedResult(results,
          RequestLog.readJsonLines(spec.file(RunSpec.IMDS_LOG_FILE)),
          StsRequest.readJsonLines(spec.file(RunSpec.STS_LOG_FILE)),
          runnerOutput);
    }

    /** A command's output, malformed bytes replaced rather than refused. */
    private static String text(Path file) throws IOException {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
  }
}
