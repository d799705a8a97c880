package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.imdsagent.apps.JmxApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.RunningJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code io.imdsagent:type=Agent}: in the platform MBean server once somebody asks for that server (the
 * application, or the JDK's management agent when a JMX client attaches later), never made by the agent, and
 * not in the way of an application that installs its own log manager and MBean server builder in its main.
 * Each JVM makes two IMDSv1 calls (upgraded) and one forwarded call (refused) against the emulator.
 */
class AgentMBeanIT {
    private static final List<String> ATTRIBUTES = List.of("ImdsRequests", "TokenRequests", "CredentialRefreshes",
            "ImdsV1Upgraded", "ImdsV1Blocked", "ImdsV1Allowed", "SelfAssumeBlocked", "SelfAssumeShortCircuited",
            "SelfAssumeAllowed", "SsrfRefusals", "CredentialSecondsLeft", "Options");

    private ImdsEmulator imds;

    @BeforeEach
    void startImds() throws Exception {
        imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
    }

    @AfterEach
    void stopImds() {
        imds.close();
    }

    private ForkedJvm app(String options, String... args) {
        return ForkedJvm.java().agent("endpoint=" + imds.baseUrl() + ",timeout=5s,log=warn" + options)
                .main(ForkedJvm.testClassPath(), JmxApp.class, args);
    }

    @Test
    void appearsWhenTheApplicationAsksForThePlatformServerAndCountsWhatTheAgentDid() throws Exception {
        CommandResult run = app("", "platform", imds.baseUrl()).run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("servers before asking: 0"), "the agent made an MBean server\n" + run);
        Map<String, String> mbean = attributes(run.stdout());
        // the order JMX lists them in follows reflection's, which the JVM does not fix
        assertEquals(new TreeSet<>(ATTRIBUTES), new TreeSet<>(mbean.keySet()), run.toString());
        assertEquals("2", mbean.get("ImdsV1Upgraded"));
        assertEquals("1", mbean.get("SsrfRefusals"));
        assertEquals("0", mbean.get("ImdsV1Blocked"));
        assertEquals("0", mbean.get("SelfAssumeBlocked"));
        assertEquals("1", mbean.get("TokenRequests"));
        assertEquals("1", mbean.get("CredentialRefreshes"));
        // The forwarded call never reached IMDS: what the emulator saw is what the agent sent.
        assertEquals(String.valueOf(imds.requests().size()), mbean.get("ImdsRequests"));
        assertEquals(0, imds.requests().tokenless(), imds.requests().toString());
        long secondsLeft = Long.parseLong(mbean.get("CredentialSecondsLeft"));
        assertTrue(secondsLeft > 3600 && secondsLeft <= 6 * 3600, run.toString());
        assertTrue(mbean.get("Options").contains("imdsv1=upgrade") && mbean.get("Options").contains("jmx=on"),
                run.toString());
        assertFalse(run.stdout().contains("(writable)"), run.toString());
        assertNoSecret(run.stdout());
    }

    @Test
    void jmxOffRegistersNothing() throws Exception {
        CommandResult run = app(",jmx=off", "platform", imds.baseUrl()).run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("imdsv1 credentials: "), run.toString());
        assertTrue(run.stdout().contains("mbean: none"), run.toString());
    }

    @Test
    void anApplicationsOwnLogManagerAndMBeanServerBuilderSetInItsMainStillTakeEffect() throws Exception {
        CommandResult run = app("", "own-builder", imds.baseUrl()).run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("log manager: " + JmxApp.AppLogManager.class.getName()), run.toString());
        assertTrue(run.stdout().contains("platform server built by: AppMBeanServerBuilder"), run.toString());
        assertEquals("2", attributes(run.stdout()).get("ImdsV1Upgraded"), run.toString());
    }

    @Test
    void appearsForAJmxClientThatAttachesLater() throws Exception {
        try (RunningJvm app = RunningJvm.start(app("", "wait", imds.baseUrl(), "60000"))) {
            app.awaitLine("ready", Duration.ofSeconds(30));
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(app.pid()), "ManagementAgent.start_local").redirectErrorStream(true).start();
            assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS), "jcmd hung");
            String jcmdOutput = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, jcmd.exitValue(), jcmdOutput);

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            String address;
            try {
                address = vm.getAgentProperties().getProperty("com.sun.management.jmxremote.localConnectorAddress");
            } finally {
                vm.detach();
            }
            assertTrue(address != null, "no local connector address\n" + jcmdOutput);
            String printed;
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                printed = JmxApp.agentMBean(connector.getMBeanServerConnection());
            }
            Map<String, String> mbean = attributes(printed);
            assertEquals(ATTRIBUTES, List.copyOf(mbean.keySet()), printed + "\n" + app);
            assertEquals("2", mbean.get("ImdsV1Upgraded"));
            assertEquals("1", mbean.get("SsrfRefusals"));
        }
    }

    static Map<String, String> attributes(String stdout) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).matches("[A-Za-z0-9]+")) {
                attributes.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return attributes;
    }

    private void assertNoSecret(String text) {
        assertFalse(text.contains(imds.currentCredentials().secretAccessKey()), text);
        assertFalse(text.contains(imds.currentCredentials().sessionToken()), text);
    }
}
