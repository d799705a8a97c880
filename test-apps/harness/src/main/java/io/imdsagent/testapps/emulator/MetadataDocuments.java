package io.imdsagent.testapps.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bodies IMDS serves, in the layout AWS uses: pretty-printed JSON with {@code " : "}, XHTML error pages. */
final class MetadataDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetadataDocuments() {
  }

  static String credentials(IssuedCredentials credentials) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Code", "Success");
    fields.put("LastUpdated", timestamp(credentials.lastUpdated()));
    fields.put("Type", "AWS-HMAC");
    fields.put("AccessKeyId", credentials.accessKeyId());
    fields.put("SecretAccessKey", credentials.secretAccessKey());
    fields.put("Token", credentials.sessionToken());
    fields.put("Expiration", timestamp(credentials.expiration()));
    return awsJson(fields);
  }

  /** Cut off in the middle of the secret, as a truncated response would be. */
  static String malformedCredentials(IssuedCredentials credentials) {
    String whole = credentials(credentials);
    return whole.substring(0, whole.indexOf("\"SecretAccessKey\"") + 25);
  }

  static String instanceProfileInfo(Instant lastUpdated, String instanceProfileArn, String instanceProfileId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Code", "Success");
    fields.put("LastUpdated", timestamp(lastUpdated));
    fields.put("InstanceProfileArn", instanceProfileArn);
    fields.put("InstanceProfileId", instanceProfileId);
    return awsJson(fields);
  }

  static String identityDocument(String account, String region, String availabilityZone, String instanceId,
      Instant pendingTime) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("accountId", account);
    fields.put("architecture", "x86_64");
    fields.put("availabilityZone", availabilityZone);
    fields.put("billingProducts", null);
    fields.put("devpayProductCodes", null);
    fields.put("marketplaceProductCodes", null);
    fields.put("imageId", "ami-0abcdef1234567890");
    fields.put("instanceId", instanceId);
    fields.put("instanceType", "t3.micro");
    fields.put("kernelId", null);
    fields.put("pendingTime", timestamp(pendingTime));
    fields.put("privateIp", "10.0.0.10");
    fields.put("ramdiskId", null);
    fields.put("region", region);
    fields.put("version", "2017-09-30");
    return awsJson(fields);
  }

  /** The XHTML page IMDS sends with 4xx answers. */
  static String errorPage(int status) {
    String title = status + " - " + reason(status);
    return "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
        + "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
        + "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
        + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
        + " <head>\n"
        + "  <title>" + title + "</title>\n"
        + " </head>\n"
        + " <body>\n"
        + "  <h1>" + title + "</h1>\n"
        + " </body>\n"
        + "</html>\n";
  }

  private static String reason(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "Error";
    }
  }

  /** AWS's timestamps: ISO-8601, whole seconds, {@code Z}. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** IMDS's own layout: one field a line, {@code "Key" : value}; Jackson writes each key and value. */
  private static String awsJson(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("{\n");
    String separator = "";
    try {
      for (Map.Entry<String, Object> field : fields.entrySet()) {
        out.append(separator).append("  ").append(JSON.writeValueAsString(field.getKey())).append(" : ")
            .append(JSON.writeValueAsString(field.getValue()));
        separator = ",\n";
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return out.append("\n}").toString();
  }
}
