package io.imdsagent.testapps.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request the emulator received, recorded before it answered.
 *
 * @param tokenTtl the raw {@code X-aws-ec2-metadata-token-ttl-seconds} header, or null
 * @param forwardingHeaders which of {@code X-Forwarded-For}, {@code Forwarded}, {@code Via} the request carried
 * @param status the status served; 0 when the emulator never answered (a hung token PUT)
 * @param servedAccessKeyId the access key id of the credentials served, or null when none were
 */
public record RecordedRequest(
    Instant time,
    String method,
    String path,
    boolean hadToken,
    boolean tokenValid,
    String tokenTtl,
    List<String> forwardingHeaders,
    String userAgent,
    int status,
    String servedAccessKeyId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RecordedRequest {
    forwardingHeaders = List.copyOf(forwardingHeaders);
  }

  public boolean isTokenPut() {
    return "PUT".equals(method) && ImdsEmulator.TOKEN_PATH.equals(path);
  }

  public String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("time", time.toString());
    fields.put("method", method);
    fields.put("path", path);
    fields.put("hadToken", hadToken);
    fields.put("tokenValid", tokenValid);
    fields.put("tokenTtl", tokenTtl);
    fields.put("forwardingHeaders", forwardingHeaders);
    fields.put("userAgent", userAgent);
    fields.put("status", status);
    fields.put("servedAccessKeyId", servedAccessKeyId);
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static RecordedRequest fromJson(String line) {
    Map<String, Object> fields;
    try {
      fields = JSON.readValue(line, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("imds-harness: not a recorded request: " + line, e);
    }
    return new RecordedRequest(
        Instant.parse((String) fields.get("time")),
        (String) fields.get("method"),
        (String) fields.get("path"),
        (Boolean) fields.get("hadToken"),
        (Boolean) fields.get("tokenValid"),
        (String) fields.get("tokenTtl"),
        (List<String>) fields.get("forwardingHeaders"),
        (String) fields.get("userAgent"),
        ((Number) fields.get("status")).intValue(),
        (String) fields.get("servedAccessKeyId"));
  }

  /** One line for assertion messages, e.g. {@code GET /latest/meta-data/instance-id token=valid -> 200}. */
  @Override
  public String toString() {
    String token = hadToken ? (tokenValid ? "valid" : "invalid") : "none";
    return method + " " + path + " token=" + token
        + (tokenTtl == null ? "" : " ttl=" + tokenTtl)
        + (forwardingHeaders.isEmpty() ? "" : " forwarding=" + forwardingHeaders)
        + " -> " + (status == 0 ? "no answer" : String.valueOf(status));
  }
}
