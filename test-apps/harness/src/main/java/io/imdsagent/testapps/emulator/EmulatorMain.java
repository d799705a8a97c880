package io.imdsagent.testapps.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The emulator as a process: {@code java -jar imds-harness.jar [flags]}; also used by the sealed-namespace runner. */
public final class EmulatorMain {
  static final String USAGE = String.join("\n",
      "usage: java -jar imds-harness.jar [flags]",
      "  --bind HOST:PORT            repeatable; 127.x, [::1], 169.254.169.254, [fd00:ec2::254]; default 127.0.0.1:1338",
      "  --mode required|optional    IMDSv2 only, or IMDSv1 too; default required",
      "  --role NAME | --no-role     default imds-agent-test-role",
      "  --account ID  --partition P  --region R  --instance-id ID",
      "  --lifetime 6h|30s|1500ms    credential lifetime; default 6h",
      "  --rotation-lead 5m|3s       new credentials this long before expiry; default 5m",
      "  --request-log FILE          append each request as a JSON line",
      "  --hang-token-put            token PUTs never answer (hop limit 1)",
      "  --expired-credentials       serve credentials that expired a minute ago",
      "  --malformed-credentials     serve a cut-off credentials document",
      "  --fail-next PREFIX:STATUS:COUNT   the next COUNT requests under PREFIX get STATUS",
      "  --delay PREFIX:DURATION     answer requests under PREFIX after DURATION");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private EmulatorMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    ImdsEmulator emulator;
    try {
      emulator = start(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    System.out.println("imds-harness: IMDS emulator listening on " + describe(emulator));
    new CountDownLatch(1).await();
  }

  /** Where it listens and which role it serves, for the one line a runner prints. */
  public static String describe(ImdsEmulator emulator) {
    return emulator.addresses().stream().map(ImdsEmulator::url).collect(Collectors.joining(" "))
        + " (role " + emulator.role() + ")";
  }

  /**
   * Builds and starts an emulator from command-line flags (see {@code --help}); faults named by flags are
   * switched on once it listens. Throws IllegalArgumentException naming a bad flag.
   */
  public static ImdsEmulator start(List<String> args) throws IOException {
    ImdsEmulator.Builder builder = ImdsEmulator.builder();
    List<InetSocketAddress> binds = new ArrayList<>();
    List<Consumer<ImdsEmulator>> faults = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      switch (flag) {
        case "--no-role" -> builder.role(null);
        case "--hang-token-put" -> faults.add(emulator -> emulator.hangTokenPut(true));
        case "--expired-credentials" -> faults.add(emulator -> emulator.expiredCredentials(true));
        case "--malformed-credentials" -> faults.add(emulator -> emulator.malformedCredentials(true));
        default -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("imds-harness: " + flag + " needs a value, or is unknown");
          }
          String value = args.get(++i);
          switch (flag) {
            case "--bind" -> binds.add(bindAddress(value));
            case "--mode" -> builder.mode(mode(value));
            case "--role" -> builder.role(value);
            case "--account" -> builder.account(value);
            case "--partition" -> builder.partition(value);
            case "--region" -> builder.region(value);
            case "--instance-id" -> builder.instanceId(value);
            case "--lifetime" -> builder.credentialLifetime(duration(flag, value));
            case "--rotation-lead" -> builder.rotationLead(duration(flag, value));
            case "--request-log" -> builder.requestLog(Path.of(value));
            case "--fail-next" -> faults.add(failNext(value));
            case "--delay" -> faults.add(delay(value));
            default -> throw new IllegalArgumentException("imds-harness: unknown flag " + flag);
          }
        }
      }
    }
    if (binds.isEmpty()) {
      binds.add(new InetSocketAddress("127.0.0.1", 1338));
    }
    binds.forEach(ImdsEmulator::checkBindable);
    ImdsEmulator emulator = builder.build().start(binds.toArray(new InetSocketAddress[0]));
    faults.forEach(fault -> fault.accept(emulator));
    return emulator;
  }

  /** {@code 127.0.0.1:1338} or {@code [fd00:ec2::254]:80}. */
  static InetSocketAddress bindAddress(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("imds-harness: --bind wants HOST:PORT, got " + value);
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    // Literal addresses only: resolving a name could itself send a packet.
    if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !host.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException("imds-harness: --bind wants an IP address, got " + host);
    }
    return new InetSocketAddress(host, port("--bind", value.substring(colon + 1)));
  }

  private static ImdsEmulator.Mode mode(String value) {
    try {
      return ImdsEmulator.Mode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("imds-harness: --mode wants required or optional, got " + value);
    }
  }

  /** {@code 1500ms}, {@code 30s}, {@code 5m}, {@code 6h}. */
  static Duration duration(String flag, String value) {
    Matcher matcher = DURATION.matcher(value);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("imds-harness: " + flag + " wants a duration like 30s, 5m or 6h, got " + value);
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static Consumer<ImdsEmulator> failNext(String value) {
    String[] parts = value.split(":");
    if (parts.length != 3 || !parts[1].matches("[1-5][0-9][0-9]") || !parts[2].matches("[0-9]+")) {
      throw new IllegalArgumentException("imds-harness: --fail-next wants PREFIX:STATUS:COUNT, got " + value);
    }
    int status = Integer.parseInt(parts[1]);
    int count = Integer.parseInt(parts[2]);
    return emulator -> emulator.failNext(parts[0], status, count);
  }

  private static Consumer<ImdsEmulator> delay(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("imds-harness: --delay wants PREFIX:DURATION, got " + value);
    }
    Duration delay = duration("--delay", value.substring(colon + 1));
    return emulator -> emulator.delay(value.substring(0, colon), delay);
  }

  private static int port(String flag, String value) {
    if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) > 65535) {
      throw new IllegalArgumentException("imds-harness: " + flag + " wants a port 0-65535, got " + value);
    }
    return Integer.parseInt(value);
  }
}
