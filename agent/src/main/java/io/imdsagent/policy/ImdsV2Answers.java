package io.imdsagent.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.Deadline;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.ImdsResponse;
import io.imdsagent.imds.InstanceProfile;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers an application's token-less request the way IMDS answers a tokened one, over the agent's own
 * IMDSv2 session. The role listing and the role's credentials come from what the agent already holds (the
 * JVM's one credential cache: one fetch per rotation however often legacy code asks); every other path,
 * and anything the agent does not hold, is fetched with the agent's token and answered as IMDS answered. One
 * answer waits on IMDS at most {@code timeout} x {@code attempts}, however many requests it takes.
 */
public final class ImdsV2Answers {
    // Any API version: /latest/ and dated ones such as /2016-09-02/.
    private static final Pattern CREDENTIALS = Pattern.compile("/[^/]+/meta-data/iam/security-credentials(/([^/]*))?");

    private final Supplier<ImdsCore> core;
    private final Supplier<? extends CredentialSource> credentials;

    /**
     * Both asked for at the first answer, not before: a JVM whose HTTP clients never call IMDS builds neither the
     * IMDS core nor the credential cache.
     */
    public ImdsV2Answers(Supplier<ImdsCore> core, Supplier<? extends CredentialSource> credentials) {
        this.core = core;
        this.credentials = credentials;
    }

    /** @throws ImdsException when IMDS cannot be asked (unreachable, token refused); its message is for the app */
    ImdsAnswer answer(ImdsRequest request) throws ImdsException {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return new ImdsAnswer(405, errorPage(405, "Method Not Allowed"));
        }
        String path = request.path();
        InstanceProfile profile = core.get().profile();
        Deadline deadline = profile.newDeadline();
        Matcher credentialsPath = CREDENTIALS.matcher(path);
        if (credentialsPath.matches()) {
            String role = knownRole(profile, deadline);
            String asked = credentialsPath.group(2);
            if (role != null && (asked == null || asked.isEmpty())) {
                return new ImdsAnswer(200, role);
            }
            if (role != null && asked.equals(role)) {
                return new ImdsAnswer(200, document(credentials.get().get(deadline)));
            }
        }
        ImdsResponse response = profile.session().get(path, deadline);
        return new ImdsAnswer(response.status(), response.body());
    }

    /** The role name when the instance has one; null sends the request on to IMDS, which answers it (404). */
    private static String knownRole(InstanceProfile profile, Deadline deadline) {
        try {
            return profile.roleName(deadline);
        } catch (ImdsException e) {
            return null;
        }
    }

    /** The credentials document as IMDS writes it, field for field. */
    static String document(Credentials credentials) {
        StringWriter out = new StringWriter();
        try {
            JsonGenerator json = Document.JSON.createGenerator(out).useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("Code", "Success");
            json.writeStringField("LastUpdated", time(credentials.lastUpdatedMillis()));
            json.writeStringField("Type", "AWS-HMAC");
            json.writeStringField("AccessKeyId", credentials.accessKeyId());
            json.writeStringField("SecretAccessKey", credentials.secretAccessKey());
            json.writeStringField("Token", credentials.sessionToken());
            json.writeStringField("Expiration", time(credentials.expirationMillis()));
            json.writeEndObject();
            json.close();
        } catch (IOException impossible) {
            throw new IllegalStateException("writing JSON to memory failed", impossible);
        }
        return out.toString();
    }

    private static String time(long epochMillis) {
        return Document.TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Loaded at the first credentials document, not when the agent starts. */
    private static final class Document {
        static final JsonFactory JSON = new JsonFactory();
        // IMDS writes its times to the second.
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
                .withZone(ZoneOffset.UTC);
    }

    private static String errorPage(int status, String reason) {
        return "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>" + status + " - " + reason
                + "</title></head><body><h1>" + status + " - " + reason + "</h1></body></html>\n";
    }
}
