package io.imdsagent.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Third-party jars the ITs run beside the agent, as users do; the build copies them from Maven Central. */
public enum Companions {
    /** {@code io.prometheus.jmx:jmx_prometheus_javaagent} 1.0.1. */
    PROMETHEUS_JMX_EXPORTER("jmx_prometheus_javaagent.jar"),
    /** {@code io.opentelemetry.javaagent:opentelemetry-javaagent} 2.31.1. */
    OPENTELEMETRY_AGENT("opentelemetry-javaagent.jar"),
    /** {@code org.springframework.boot:spring-boot-loader} 3.5 (launcher {@code ...loader.launch.JarLauncher}). */
    SPRING_BOOT_3_LOADER("spring-boot-loader-3.jar"),
    /** {@code org.springframework.boot:spring-boot-loader} 2.7 (launcher {@code ...loader.JarLauncher}). */
    SPRING_BOOT_2_LOADER("spring-boot-loader-2.jar");

    private final String file;

    Companions(String file) {
        this.file = file;
    }

    public Path jar() {
        String directory = System.getProperty("imds.test.companions");
        if (directory == null) {
            throw new IllegalStateException("imds.test.companions is not set: run the ITs through mvn verify");
        }
        Path jar = Path.of(directory, file);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in pre-integration-test");
        }
        return jar;
    }
}
