package io.imdsagent.testapps.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** An immutable snapshot of the requests an emulator received, in arrival order, with the counts tests ask for. */
public final class RequestLog {
  private final List<RecordedRequest> requests;

  public RequestLog(List<RecordedRequest> requests) {
    this.requests = List.copyOf(requests);
  }

  /** Reads a log the emulator wrote with {@code --request-log}; a missing file is an empty log. */
  public static RequestLog readJsonLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new RequestLog(List.of());
    }
    return new RequestLog(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .map(RecordedRequest::fromJson)
        .collect(Collectors.toList()));
  }

  public List<RecordedRequest> all() {
    return requests;
  }

  public int size() {
    return requests.size();
  }

  public int count(Predicate<RecordedRequest> matching) {
    return (int) requests.stream().filter(matching).count();
  }

  /** Token PUTs, answered or not. */
  public int tokenPuts() {
    return count(RecordedRequest::isTokenPut);
  }

  /** GETs of exactly this path. */
  public int gets(String path) {
    return count(request -> "GET".equals(request.method()) && path.equals(request.path()));
  }

  /** Requests other than token PUTs that carried no token: IMDSv1 calls. */
  public int tokenless() {
    return count(request -> !request.hadToken() && !request.isTokenPut());
  }

  /** One request a line, for assertion messages. */
  @Override
  public String toString() {
    return requests.stream().map(RecordedRequest::toString).collect(Collectors.joining("\n", "", "\n"));
  }
}
