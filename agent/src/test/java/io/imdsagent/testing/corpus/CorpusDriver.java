package io.imdsagent.testing.corpus;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the corpus inside the sealed namespace (the emulator already answers on {@code 169.254.169.254}):
 * puts the container credential addresses on loopback, starts the stubs, writes the hosts file, then runs
 * each client JVM of the plan in turn with its rows on stdin. Everything lands in the plan's directory:
 * {@code NAME.out}/{@code NAME.err}/{@code NAME.events} per JVM, {@code stubs.log}, {@code hosts}.
 */
public final class CorpusDriver {
    static final int ORIGIN_PORT = 8081;
    static final int REDIRECTOR_PORT = 8082;
    static final int PROXY_PORT = 8083;
    static final String HOSTS_FILE = "hosts";
    static final String STUB_LOG = "stubs.log";
    static final String CONTAINER_BODY = "{\"AccessKeyId\":\"ASIACONTAINERSTUB\"}";

    private CorpusDriver() {
    }

    /** {@code CorpusDriver PLAN_FILE}; the plan is {@link CorpusPlan}'s. */
    public static void main(String[] args) throws Exception {
        CorpusPlan plan = CorpusPlan.read(Path.of(args[0]));
        Path directory = plan.directory();
        refuseUnlessSealed();
        ip("addr", "add", "169.254.170.2/32", "dev", "lo");
        ip("addr", "add", "169.254.170.23/32", "dev", "lo");
        ip("addr", "add", "fd00:ec2::23/128", "dev", "lo", "nodad");
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        Files.writeString(directory.resolve(HOSTS_FILE), String.join("\n",
                "127.0.0.1 localhost origin.example " + hostname,
                "169.254.169.254 instance-data instance-data.ec2.internal imds.attacker.example",
                "169.254.170.2 ecs-credentials.attacker.example",
                ""));
        List<RecordingStub> stubs = new ArrayList<>();
        try (Writer log = Files.newBufferedWriter(directory.resolve(STUB_LOG), StandardCharsets.UTF_8)) {
            stubs.add(RecordingStub.start("origin", new InetSocketAddress("127.0.0.1", ORIGIN_PORT),
                    line -> RecordingStub.answer(200, "OK", "", "origin-ok"), log));
            stubs.add(RecordingStub.start("redirector", new InetSocketAddress("127.0.0.1", REDIRECTOR_PORT),
                    CorpusDriver::redirect, log));
            stubs.add(RecordingStub.start("proxy", new InetSocketAddress("127.0.0.1", PROXY_PORT),
                    line -> RecordingStub.answer(502, "Bad Gateway", "", "proxy-stub"), log));
            for (String container : new String[] {"169.254.170.2", "169.254.170.23", "fd00:ec2::23"}) {
                stubs.add(RecordingStub.start("container " + container, new InetSocketAddress(container, 80),
                        line -> RecordingStub.answer(200, "OK", "", CONTAINER_BODY), log));
            }
            for (CorpusPlan.Jvm jvm : plan.jvms()) {
                run(plan, jvm);
            }
        } finally {
            for (RecordingStub stub : stubs) {
                stub.close();
            }
        }
        System.exit(0);
    }

    /** {@code GET /r/HOST/PATH} answers 302 to {@code http://HOST/PATH}. */
    private static String redirect(String requestLine) {
        String target = requestLine.split(" ")[1];
        if (!target.startsWith("/r/")) {
            return RecordingStub.answer(404, "Not Found", "", "no redirect here");
        }
        return RecordingStub.answer(302, "Found", "Location: http://" + target.substring(3) + "\r\n", "");
    }

    private static void run(CorpusPlan plan, CorpusPlan.Jvm jvm) throws IOException, InterruptedException {
        Path directory = plan.directory();
        List<String> command = new ArrayList<>(List.of(jvm.java(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-javaagent:" + plan.agentJar() + "=imdsv1=" + jvm.mode() + ",events="
                        + directory.resolve(jvm.name() + ".events"),
                "-Djdk.net.hosts.file=" + directory.resolve(HOSTS_FILE),
                // Via is a restricted header in both JDK clients; an application that forwards sets these.
                "-Dsun.net.http.allowRestrictedHeaders=true",
                "-Djdk.httpclient.allowRestrictedHeaders=via",
                // XML processors fetch through URLConnection with no timeout of their own.
                "-Dsun.net.client.defaultConnectTimeout=5000",
                "-Dsun.net.client.defaultReadTimeout=10000",
                "-cp", jvm.classPath(), jvm.mainClass()));
        if (!jvm.modulePath().isEmpty()) {
            command.addAll(1, List.of("--module-path", jvm.modulePath(), "--add-modules", "ALL-MODULE-PATH"));
        }
        Path rows = directory.resolve(jvm.name() + ".rows");
        Files.write(rows, jvm.rows(), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command)
                .redirectInput(rows.toFile())
                .redirectOutput(directory.resolve(jvm.name() + ".out").toFile())
                .redirectError(directory.resolve(jvm.name() + ".err").toFile())
                .start();
        if (!process.waitFor(plan.jvmTimeoutSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            Files.writeString(directory.resolve(jvm.name() + ".err"), "\nKILLED after " + plan.jvmTimeoutSeconds()
                    + " s\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** The container addresses go on loopback only in a namespace with nothing but loopback (as SealedMain checks). */
    private static void refuseUnlessSealed() throws IOException {
        List<String> interfaces = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
            if (line.contains(":")) {
                interfaces.add(line.substring(0, line.indexOf(':')).trim());
            }
        }
        if (!interfaces.equals(List.of("lo"))) {
            throw new IllegalStateException("not in a sealed namespace (interfaces " + interfaces
                    + "); refusing to run");
        }
    }
}
