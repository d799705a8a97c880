package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsParserTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

    static String document(String code, String expiration) {
        return "{ \"Code\" : \"" + code + "\", \"LastUpdated\" : \"2012-04-26T16:39:16Z\", \"Type\" : \"AWS-HMAC\","
                + " \"AccessKeyId\" : \"ASIAIOSFODNN7EXAMPLE\", \"SecretAccessKey\" : \"" + SECRET + "\","
                + " \"Token\" : \"" + TOKEN + "\", \"Expiration\" : \"" + expiration + "\" }";
    }

    @ParameterizedTest
    @CsvSource({
        "2017-05-17T15:09:54Z, 2017-05-17T15:09:54Z",
        "2017-05-17T15:09:54+0000, 2017-05-17T15:09:54Z",
        "2017-05-17T15:09:54+00:00, 2017-05-17T15:09:54Z",
        "2017-05-17T17:09:54+0200, 2017-05-17T15:09:54Z",
        "2017-05-17T15:09:54.123Z, 2017-05-17T15:09:54.123Z",
        "2017-05-17T15:09:54.123456+0000, 2017-05-17T15:09:54.123Z",
    })
    void acceptsTheExpirationFormsAwsUses(String written, String expected) throws Exception {
        Credentials credentials = CredentialsParser.parseCredentials(document("Success", written));
        assertEquals(Instant.parse(expected).toEpochMilli(), credentials.expirationMillis());
        assertEquals("ASIAIOSFODNN7EXAMPLE", credentials.accessKeyId());
        assertEquals(SECRET, credentials.secretAccessKey());
        assertEquals(TOKEN, credentials.sessionToken());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "[1,2,3]",
        "{\"Code\":\"Success\"}",
        "{\"Code\":\"Failure\",\"Message\":\"no role\"}",
        "{ \"Code\" : \"Success\", \"LastUpdated\" : \"2012-04-26T16:39:16Z\", \"AccessKeyId\" : \"ASIA\","
                + " \"SecretAccessKey\" : \"" + SECRET + "\", \"Token\" : \"" + TOKEN + "\" }",
        "{ \"Code\" : \"Success\", \"LastUpdated\" : \"2012-04-26T16:39:16Z\", \"AccessKeyId\" : \"ASIA\","
                + " \"SecretAccessKey\" : \"" + SECRET + "\", \"Token\" : \"" + TOKEN + "\", \"Expiration\" : \"tomorrow\" }",
        "{ \"Code\" : \"Success\", \"LastUpdated\" : \"2012-04-26T16:39:16Z\", \"AccessKeyId\" : \"ASIA\","
                + " \"SecretAccessKey\" : 42, \"Token\" : \"" + TOKEN + "\", \"Expiration\" : \"2017-05-17T15:09:54Z\" }",
        "{ \"Code\" : \"Success\", \"SecretAccessKey\" : \"" + SECRET + "\", \"Token\" : \"" + TOKEN + "\"",
    })
    void refusesMalformedDocumentsWithoutQuotingThem(String body) {
        ImdsException e = assertThrows(ImdsException.class, () -> CredentialsParser.parseCredentials(body));
        assertEquals(ImdsException.Kind.BAD_ANSWER, e.kind());
        assertTrue(e.getMessage().startsWith("imds-agent: IMDS "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void toStringNeverShowsASecret() throws Exception {
        String shown = CredentialsParser.parseCredentials(document("Success", "2017-05-17T15:09:54Z")).toString();
        assertTrue(shown.contains("ASIAIOSFODNN7EXAMPLE"));
        assertFalse(shown.contains(SECRET));
        assertFalse(shown.contains(TOKEN));
    }

    @Test
    void readsPartitionAndAccountFromTheInstanceProfileArn() throws Exception {
        String arn = CredentialsParser.parseInstanceProfileArn(
                "{\"Code\":\"Success\",\"InstanceProfileArn\":\"arn:aws-cn:iam::123456789012:instance-profile/team/web\"}");
        InstanceRole role = InstanceRole.fromInstanceProfileArn(arn, "S3Access");
        assertEquals("aws-cn", role.partition());
        assertEquals("123456789012", role.account());
        assertEquals("S3Access", role.roleName());
    }

    @Test
    void valuesQuotedInMessagesAreShortAndPrintable() {
        ImdsException e = assertThrows(ImdsException.class, () -> CredentialsParser.parseCredentials(
                "{\"Code\":\"Fail\\u0000ure\\n\\u001b[31m" + "x".repeat(100) + "\"}"));
        assertTrue(e.getMessage().contains("'Fail?ure??[31m" + "x".repeat(26) + "...'"), e.getMessage());
    }
}
