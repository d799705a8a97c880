package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.HelloApp;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * premain initialises nothing of java.util.logging, java.nio.file or JMX that the application would not
 * have: app servers install their own log manager, MBean server or default file system after the agent,
 * and break when those were set up first. (Opening any jar, the agent's own included, makes the JDK load
 * some java.nio.file types for file attributes; what must not happen is the default file system being set
 * up, which is {@code FileSystems}.)
 */
class PremainClassLoadingIT {
    private static final List<String> FORBIDDEN = List.of("java.util.logging.", "java.nio.file.FileSystems",
            "java.lang.management.", "javax.management.", "sun.management.");

    @Test
    void premainLoadsNoLoggingFileSystemOrJmxClassesOfItsOwn() throws Exception {
        Set<String> baseline = loadedBeforeMain(ForkedJvm.java());
        Set<String> withAgent = loadedBeforeMain(ForkedJvm.java().agent("endpoint=http://127.0.0.1:9,log=warn"));
        assertTrue(withAgent.stream().anyMatch(name -> name.startsWith("io.imdsagent.")), "the agent did not load");
        Set<String> added = withAgent.stream().filter(name -> !baseline.contains(name))
                .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), added);
    }

    /** Classes loaded before the application's main class, from {@code -verbose:class}. */
    private static Set<String> loadedBeforeMain(ForkedJvm jvm) throws Exception {
        CommandResult result = jvm.jvmArg("-Xlog:class+load=info:stdout")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(Duration.ofSeconds(60));
        assertEquals(0, result.exitCode(), result.toString());
        Set<String> loaded = new TreeSet<>();
        for (String line : result.stdout().split("\n")) {
            int start = line.indexOf("[class,load] ");
            if (start < 0) {
                continue;
            }
            String name = line.substring(start + "[class,load] ".length()).split(" ")[0];
            if (name.equals(HelloApp.class.getName())) {
                break;
            }
            loaded.add(name);
        }
        return loaded;
    }
}
