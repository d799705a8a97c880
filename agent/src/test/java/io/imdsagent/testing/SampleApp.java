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
 * The sample apps in {@code test-apps} (AWS SDK apps, legacy HTTP client apps), each on its own class path as
 * its module wrote it ({@code target/classes} plus {@code target/classpath.txt}); the build makes them before
 * the agent's tests.
 */
public enum SampleApp {
    SDK_V1_11("aws-sdk/v1-1.11", "io.imdsagent.testapps.awsv1.CallerIdentityApp"),
    SDK_V1_12("aws-sdk/v1-1.12", "io.imdsagent.testapps.awsv1.CallerIdentityApp"),
    SDK_V2_5("aws-sdk/v2-2.5", "io.imdsagent.testapps.awsv2.CallerIdentityApp"),
    SDK_V2_57("aws-sdk/v2-2.57", "io.imdsagent.testapps.awsv2.CallerIdentityApp"),
    /** SDK v1 1.12 and v2 2.57 together; {@code --sdk CLASSPATH} loads another app's SDK beside them. */
    MIXED("aws-sdk/mixed", "io.imdsagent.testapps.mixed.MixedSdkApp"),
    /** IMDS through {@code HttpURLConnection}; {@code [--token] [BASE_URL]} (see {@code ImdsCalls}). */
    URL_CONNECTION("legacy-clients/url-connection", "io.imdsagent.testapps.legacy.urlconnection.UrlConnectionApp"),
    /** SDK v1 1.11.600's metadata utilities and a hand-written {@code HttpURLConnection} call: the demo's app. */
    LEGACY_SDK_V1("legacy-clients/sdk-v1", "io.imdsagent.testapps.legacy.sdkv1.LegacyApp"),
    /** SDK v2 2.5.0's region lookup and instance id. */
    LEGACY_SDK_V2("legacy-clients/sdk-v2", "io.imdsagent.testapps.legacy.sdkv2.RegionApp"),
    /** IMDS through {@code java.net.http.HttpClient}, {@code send} and {@code sendAsync}. */
    JDK_HTTP_CLIENT("legacy-clients/jdk-http", "io.imdsagent.testapps.legacy.jdkhttp.JdkHttpClientApp"),
    /** IMDS through OkHttp 4. */
    OKHTTP_4("legacy-clients/okhttp", "io.imdsagent.testapps.legacy.okhttp.OkHttpApp"),
    /** The same app from its jar, on OkHttp 3. */
    OKHTTP_3("legacy-clients/okhttp-3", "io.imdsagent.testapps.legacy.okhttp.OkHttpApp"),
    /** IMDS through Apache HttpClient 4.5. */
    APACHE_HTTP_4("legacy-clients/apache4", "io.imdsagent.testapps.legacy.apache4.ApacheHttp4App"),
    /** IMDS through Apache HttpClient 5 classic. */
    APACHE_HTTP_5("legacy-clients/apache5", "io.imdsagent.testapps.legacy.apache5.ApacheHttp5App"),
    /** The SSRF corpus's JDK clients, JDK XML processors and SDK v2 provider; rows on stdin (see {@code CorpusRows}). */
    SSRF_JDK("ssrf-clients/jdk", "io.imdsagent.testapps.ssrf.JdkClients"),
    /** The SSRF corpus's OkHttp, Apache (classic and async), Jetty, Saxon and Woodstox clients. */
    SSRF_LIBRARIES("ssrf-clients/libs", "io.imdsagent.testapps.ssrf.LibraryClients"),
    /** The SSRF corpus's Reactor Netty and plain Netty clients, NIO and epoll. */
    SSRF_NETTY("ssrf-clients/netty", "io.imdsagent.testapps.ssrf.NettyClients"),
    /** The SSRF corpus's Vert.x web client. */
    SSRF_VERTX("ssrf-clients/vertx", "io.imdsagent.testapps.ssrf.VertxClients");

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
        Path target = ForkedJvm.repoRoot().resolve("test-apps").resolve(module).resolve("target");
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
