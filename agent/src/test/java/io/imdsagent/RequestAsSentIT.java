package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import io.imdsagent.testing.SampleApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The request-level hooks decide on the request as it is sent: after OkHttp's application interceptors (one
 * that adds {@code X-Forwarded-For} is refused, even under {@code upgrade}) and with Apache HttpClient's
 * client-wide default headers (a token there passes under {@code block}).
 */
class RequestAsSentIT {

    @Test
    void aForwardingHeaderAddedByAnOkHttpInterceptorIsRefused() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            CommandResult run = ForkedJvm.java().agent("endpoint=" + emulator.baseUrl() + ",imdsv1=upgrade")
                    .main(SampleApp.OKHTTP_4.classPath(), "io.imdsagent.testapps.legacy.okhttp.InterceptorApp",
                            emulator.baseUrl())
                    .run(Duration.ofSeconds(60));
            assertTrue(run.stdout().contains("interceptor-forwarded: error java.io.IOException: imds-agent: refused"),
                    run.toString());
            assertEquals(0, emulator.requests().size(), emulator.requests().toString());
        }
    }

    @Test
    void aTokenInApacheDefaultHeadersPassesUnderBlock() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            for (SampleApp app : new SampleApp[] {SampleApp.APACHE_HTTP_4, SampleApp.APACHE_HTTP_5}) {
                String main = app.mainClass().substring(0, app.mainClass().lastIndexOf('.') + 1)
                        + "DefaultHeaderTokenApp";
                CommandResult run = ForkedJvm.java().agent("endpoint=" + emulator.baseUrl() + ",imdsv1=block")
                        .main(app.classPath(), main, emulator.baseUrl()).run(Duration.ofSeconds(60));
                assertTrue(run.stdout().contains("default-header-token: 200 " + LegacyClient.INSTANCE_ID),
                        run.toString());
                assertTrue(!run.stderr().contains("IMDSv1"), run.toString());
            }
            assertEquals(0, emulator.requests().tokenless(), emulator.requests().toString());
        }
    }
}
