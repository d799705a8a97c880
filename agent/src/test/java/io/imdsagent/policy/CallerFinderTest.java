package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallerFinderTest {

    private static List<CallerFinder.Frame> frames(String... classMethodLine) {
        List<CallerFinder.Frame> frames = new ArrayList<>();
        for (String frame : classMethodLine) {
            String[] parts = frame.split(" ");
            String simple = parts[0].substring(parts[0].lastIndexOf('.') + 1);
            frames.add(new CallerFinder.Frame(null,
                    new StackTraceElement(parts[0], parts[1], simple + ".java", Integer.parseInt(parts[2]))));
        }
        return frames;
    }

    @Test
    void theCallerIsTheFirstFrameOutsideJdkAgentClientsAndSdks() {
        CallSite site = CallerFinder.find(frames(
                "io.imdsagent.policy.CallerFinder find 40",
                "io.imdsagent.adapters.GuardedHttpUrlConnection decide 90",
                "sun.net.www.protocol.http.HttpURLConnection getInputStream 1600",
                "com.amazonaws.internal.EC2ResourceFetcher doReadResource 80",
                "com.amazonaws.util.EC2MetadataUtils getInstanceId 210",
                "com.example.billing.Startup region 17",
                "com.example.billing.Main main 5"));
        assertEquals("com.example.billing.Startup.region(Startup.java:17)", site.caller());
        assertEquals("com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:210)", site.via());
    }

    @Test
    void relocatedClientsAreLibrariesToo() {
        CallSite site = CallerFinder.find(frames(
                "com.vendor.shaded.okhttp3.internal.connection.RealCall execute 154",
                "com.example.App fetch 3"));
        assertEquals("com.example.App.fetch(App.java:3)", site.caller());
        assertEquals("com.vendor.shaded.okhttp3.internal.connection.RealCall.execute(RealCall.java:154)", site.via());
    }

    @Test
    void aCallerThatUsesTheJdkDirectlyHasNoVia() {
        CallSite site = CallerFinder.find(frames(
                "java.net.URL openStream 1100",
                "io.imdsagent.testapps.LegacyApp instanceId 12"));
        assertEquals("io.imdsagent.testapps.LegacyApp.instanceId(LegacyApp.java:12)", site.caller());
        assertNull(site.via());
    }

    @Test
    void aStackOfOnlyLibrariesHasNoCaller() {
        CallSite site = CallerFinder.find(frames(
                "okhttp3.internal.connection.RealCall getResponseWithInterceptorChain 200",
                "java.util.concurrent.ThreadPoolExecutor runWorker 1136"));
        assertNull(site.caller());
    }

    @Test
    void onTheLiveStackTheCallerComesWithItsJarAndVersion() {
        // The test method itself is agent code (io.imdsagent.policy); JUnit's reflection is the first outside.
        CallSite site = new CallerFinder().find();
        assertTrue(site.caller().startsWith("org.junit."), site.toString());
        assertNotNull(site.jar(), site.toString());
        assertTrue(site.jar().path().endsWith(".jar"), site.toString());
        assertNotNull(site.jar().version(), site.toString());
    }
}
