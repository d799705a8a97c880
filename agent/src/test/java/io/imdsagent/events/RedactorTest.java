package io.imdsagent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example==";

    private final Redactor redactor = new Redactor();

    @Test
    void registeredSecretsAreReplacedWherever() {
        redactor.register(SECRET_ACCESS_KEY);
        redactor.register(SESSION_TOKEN);
        assertEquals("signing with <redacted> and <redacted>, again <redacted>",
                redactor.scrub("signing with " + SECRET_ACCESS_KEY + " and " + SESSION_TOKEN + ", again " + SECRET_ACCESS_KEY));
        assertEquals("x<redacted>y", redactor.scrub("x" + SESSION_TOKEN + "y"));
    }

    @Test
    void urlEncodedFormOfARegisteredSecretIsReplacedToo() {
        redactor.register(SESSION_TOKEN);
        String encoded = "IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJHMEUCIQD%2Bexample%3D%3D";
        assertEquals("GET /bucket?sig=1&tok=<redacted>", redactor.scrub("GET /bucket?sig=1&tok=" + encoded));
    }

    @Test
    void aSecretThatContainsAnotherIsReplacedWhole() {
        redactor.register("abcd1234");
        redactor.register("abcd1234efgh5678");
        assertEquals("<redacted> <redacted>", redactor.scrub("abcd1234efgh5678 abcd1234"));
    }

    @Test
    void textWithNothingToHideIsReturnedAsIs() {
        redactor.register(SECRET_ACCESS_KEY);
        String text = "refreshed credentials ASIAEXAMPLE, expire 2024-05-06T07:08:09Z";
        assertSame(text, redactor.scrub(text));
        assertNull(redactor.scrub(null));
        assertEquals("", redactor.scrub(""));
    }

    @Test
    void nullAndEmptySecretsAreIgnored() {
        redactor.register(null);
        redactor.register("");
        assertEquals("nothing here", redactor.scrub("nothing here"));
    }

    @Test
    void remembersOnlyTheMostRecentSecrets() {
        Redactor small = new Redactor(2);
        small.register("first-secret");
        small.register("second-secret");
        small.register("first-secret"); // seen again: now the most recent
        small.register("third-secret");
        assertEquals("<redacted> second-secret <redacted>", small.scrub("first-secret second-secret third-secret"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            // IMDS credentials document
            "{\"Code\" : \"Success\", \"AccessKeyId\" : \"ASIAEXAMPLE\", \"SecretAccessKey\" : \"wJalr/K7+x\", \"Token\" : \"IQoJ==\", \"Expiration\" : \"2024-05-06T07:08:09Z\"}"
                    + "|{\"Code\" : \"Success\", \"AccessKeyId\" : \"ASIAEXAMPLE\", \"SecretAccessKey\" : \"<redacted>\", \"Token\" : \"<redacted>\", \"Expiration\" : \"2024-05-06T07:08:09Z\"}",
            "{\"Token\":\"IQoJ\\\"quoted\\\\\",\"Code\":\"Success\"}|{\"Token\":\"<redacted>\",\"Code\":\"Success\"}",
            "{\"sessionToken\": \"IQoJ\", \"secretKey\":\"abc\"}|{\"sessionToken\": \"<redacted>\", \"secretKey\":\"<redacted>\"}",
            "{\"aws_session_token\" :\"IQoJ\"}|{\"aws_session_token\" :\"<redacted>\"}",
            "body was: {\"Code\" : \"Success\", \"Token\" : \"IQoJb3JpZ2lu|body was: {\"Code\" : \"Success\", \"Token\" : \"<redacted>",
            // STS AssumeRole response
            "<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>wJalr/K7+x</SecretAccessKey>"
                    + "<SessionToken>IQoJ==</SessionToken></Credentials>"
                    + "|<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey><redacted></SecretAccessKey>"
                    + "<SessionToken><redacted></SessionToken></Credentials>",
            "<ns1:SessionToken >IQoJ (cut off|<ns1:SessionToken ><redacted>",
            // headers, header maps, query strings, settings
            "X-aws-ec2-metadata-token: AQAEAbc_-xyz==|X-aws-ec2-metadata-token: <redacted>",
            "{X-aws-ec2-metadata-token=[AQAEAbc==], Accept=[*/*]}|{X-aws-ec2-metadata-token=[<redacted>], Accept=[*/*]}",
            "X-Amz-Security-Token: IQoJb3J/pZ2+lu==|X-Amz-Security-Token: <redacted>",
            "GET /?X-Amz-Security-Token=IQoJ%2Fb3&X-Amz-Date=20240506T070809Z|GET /?X-Amz-Security-Token=<redacted>&X-Amz-Date=20240506T070809Z",
            "-Daws.secretAccessKey=wJalr/K7 -Daws.accessKeyId=AKIAEXAMPLE|-Daws.secretAccessKey=<redacted> -Daws.accessKeyId=AKIAEXAMPLE",
            "aws_session_token = IQoJ; region=us-east-1|aws_session_token = <redacted>; region=us-east-1",
            "secret-access-key='wJalr'|secret-access-key='<redacted>'",
    })
    void secretsInJsonXmlAndHeaderFormAreRedactedUnregistered(String text, String scrubbed) {
        assertEquals(scrubbed, redactor.scrub(text));
    }

    @Test
    void headerValueEndsAtTheLineEnd() {
        assertEquals("PUT /latest/api/token\r\nx-aws-ec2-metadata-token:<redacted>\r\nHost: 169.254.169.254",
                redactor.scrub("PUT /latest/api/token\r\nx-aws-ec2-metadata-token:AQAE\r\nHost: 169.254.169.254"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "X-aws-ec2-metadata-token-ttl-seconds: 21600",
            "started: endpoint=http://169.254.169.254, imdsv1=upgrade, token-ttl=21600, refresh-ahead=15m",
            "token: PUT /latest/api/token returned 403",
            "no token yet; retrying in 2s",
            "\"TokenTtl\": 21600",
            "the secret store is not used",
    })
    void wordsAboutSecretsAreNotSecrets(String text) {
        assertEquals(text, redactor.scrub(text));
    }

    @Test
    void hugeTextIsScrubbedQuicklyAndWithoutStackOverflow() {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            token.append(i % 7 == 0 ? "\\\"" : "ab/+");
        }
        String json = "{\"Token\" : \"" + token + "\", \"Code\" : \"Success\"}";
        String plain = "x".repeat(2_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals("{\"Token\" : \"<redacted>\", \"Code\" : \"Success\"}", redactor.scrub(json));
            assertSame(plain, redactor.scrub(plain));
        });
    }

    @Test
    void registeringWhileScrubbingOnOtherThreadsNeverLetsARegisteredSecretThrough() throws Exception {
        Redactor shared = new Redactor(1_000);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> leaks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                leaks.add(threads.submit(() -> {
                    boolean leaked = false;
                    for (int i = 0; i < 100; i++) {
                        String secret = "secret-" + thread + "-" + i + "-value";
                        shared.register(secret);
                        leaked |= shared.scrub("value " + secret + " end").contains(secret);
                    }
                    return leaked;
                }));
            }
            for (Future<Boolean> leak : leaks) {
                assertFalse(leak.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
