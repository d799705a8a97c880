package io.imdsagent.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS SDK sample apps in {@code test-apps/aws-sdk}, each on its own class path as its module wrote it
 * ({@code target/classes} plus {@code target/classpath.txt}); the build makes them before the agent's tests.
 */
public enum SampleApp {
    SDK_V1_11("v1-1.11", "io.imdsagent.testapps.awsv1.CallerIdentityApp"),
    SDK_V1_12("v1-1.12", "io.imdsagent.testapps.awsv1.CallerIdentityApp"),
    SDK_V2_5("v2-2.5", "io.imdsagent.testapps.awsv2.CallerIdentityApp"),
    SDK_V2_57("v2-2.57", "io.imdsagent.testapps.awsv2.CallerIdentityApp"),
    /** SDK v1 1.12 and v2 2.57 together; {@code --sdk CLASSPATH} loads another app's SDK beside them. */
    MIXED("mixed", "io.imdsagent.testapps.mixed.MixedSdkApp");

    private final String module;
    private final String mainClass;

    SampleApp(String module, String mainClass) {
        this.module = module;
        this.mainClass = mainClass;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The app's whole runtime class path. */
    public String classPath() {
        Path target = ForkedJvm.repoRoot().resolve("test-apps/aws-sdk").resolve(module).resolve("target");
        Path dependencies = target.resolve("classpath.txt");
        if (!Files.isRegularFile(dependencies)) {
            throw new IllegalStateException(dependencies + " is missing: build the sample apps first"
                    + " (mvn -B install -DskipTests at the repository root)");
        }
        try {
            return target.resolve("classes") + File.pathSeparator
                    + Files.readString(dependencies, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loader that sees the JDK and this app's class path only: its own copy of the app's SDK. */
    public URLClassLoader isolatedLoader() {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath().split(File.pathSeparator)) {
            try {
                urls.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** The argv of this app under {@code jvm}, which says which java and which agent options. */
    public List<String> command(ForkedJvm jvm, String... args) {
        return jvm.main(classPath(), mainClass, args).argv();
    }
}
