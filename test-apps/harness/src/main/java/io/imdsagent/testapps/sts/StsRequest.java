package io.imdsagent.testapps.sts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request the STS stub received. Holds no secret: the signature and the security token's value are
 * never kept, only whether a token came.
 *
 * @param params every query and form parameter, decoded, in the order sent (Action and Version included)
 * @param accessKeyId from the SigV4 {@code Authorization} header's {@code Credential=}, or null if unsigned
 * @param signingRegion the region of that credential scope, or null
 */
public record StsRequest(
    Instant time,
    String action,
    Map<String, String> params,
    String accessKeyId,
    String signingRegion,
    boolean hadSecurityToken,
    int status) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public StsRequest {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A parameter's value, or null. */
  public String param(String name) {
    return params.get(name);
  }

  public String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("time", time.toString());
    fields.put("action", action);
    fields.put("params", params);
    fields.put("accessKeyId", accessKeyId);
    fields.put("signingRegion", signingRegion);
    fields.put("hadSecurityToken", hadSecurityToken);
    fields.put("status", status);
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static StsRequest fromJson(String line) {
    Map<String, Object> fields;
    try {
      fields = JSON.readValue(line, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("imds-harness: not a STS request log line: " + line, e);
    }
    return new StsRequest(
        Instant.parse((String) fields.get("time")),
        (String) fields.get("action"),
        (Map<String, String>) (Map<String, ?>) fields.get("params"),
        (String) fields.get("accessKeyId"),
        (String) fields.get("signingRegion"),
        (Boolean) fields.get("hadSecurityToken"),
        ((Number) fields.get("status")).intValue());
  }

  /** Reads a log the stub wrote; a missing file is an empty list. */
  public static List<StsRequest> readJsonLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .map(StsRequest::fromJson)
        .collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return action + " by " + accessKeyId + (hadSecurityToken ? " (session)" : "") + " " + params + " -> " + status;
  }
}
