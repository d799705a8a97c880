package io.imdsagent.testapps.sealed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What SealedRun asks SealedMain to do, and where in the run directory each side finds the other's files.
 * Written as JSON by the test JVM, read inside the namespace.
 */
record RunSpec(
    Path directory,
    String parentNamespace,
    List<String> emulatorArgs,
    boolean stsStub,
    Map<String, String> env,
    List<List<String>> commands,
    Duration commandTimeout) {

  static final String SPEC_FILE = "spec.json";
  static final String RESULTS_FILE = "results.json";
  static final String IMDS_LOG_FILE = "imds-requests.jsonl";
  static final String STS_LOG_FILE = "sts-requests.jsonl";

  Path file(String name) {
    return directory.resolve(name);
  }

  Path stdout(int command) {
    return directory.resolve("command-" + command + ".out");
  }

  Path stderr(int command) {
    return directory.resolve("command-" + command + ".err");
  }

  void write() throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("directory", directory.toString());
    fields.put("parentNamespace", parentNamespace);
    fields.put("emulatorArgs", emulatorArgs);
    fields.put("stsStub", stsStub);
    fields.put("env", env);
    fields.put("commands", commands);
    fields.put("commandTimeoutMillis", commandTimeout.toMillis());
    Files.writeString(file(SPEC_FILE), new ObjectMapper().writeValueAsString(fields), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static RunSpec read(Path specFile) throws IOException {
    Map<String, Object> fields = new ObjectMapper().readValue(specFile.toFile(), Map.class);
    return new RunSpec(
        Path.of((String) fields.get("directory")),
        (String) fields.get("parentNamespace"),
        (List<String>) fields.get("emulatorArgs"),
        (Boolean) fields.get("stsStub"),
        (Map<String, String>) (Map<String, ?>) fields.get("env"),
        ((List<Object>) fields.get("commands")).stream().map(argv -> (List<String>) argv).collect(Collectors.toList()),
        Duration.ofMillis(((Number) fields.get("commandTimeoutMillis")).longValue()));
  }
}
