package io.imdsagent.testapps.legacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every legacy client app does, through its own HTTP client: GET the instance id, the role listing,
 * the role's credentials and a path that does not exist, the way code written before IMDSv2 does (no
 * token); or with {@code --token}, the IMDSv2 way. One line per call, which the tests read:
 * <pre>
 * instance-id: 200 i-0123456789abcdef0
 * role: 200 imds-agent-test-role
 * credentials: 200 AccessKeyId=ASIA...
 * missing: 404
 * instance-id: error java.io.IOException: imds-agent: IMDSv1 is blocked: ...
 * </pre>
 * Only the access key id of the credentials is printed, never a secret.
 *
 * <p>Usage: {@code App [--token] [BASE_URL]}; the base URL defaults to {@code IMDS_EMULATOR_URL}, else
 * {@code http://169.254.169.254} (which the tests only ever use inside a sealed network namespace).
 */
public final class ImdsCalls {
    public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\"AccessKeyId\"\\s*:\\s*\"([^\"]+)\"");

    /** One HTTP client, as the app uses it. */
    public interface Client {
        /** GET {@code url}, with the token header when {@code token} is not null. */
        Reply get(String url, String token) throws Exception;

        /** PUT {@code /latest/api/token} with a TTL header; the token. */
        String token(String baseUrl) throws Exception;
    }

    /** Status and body of one answer. */
    public static final class Reply {
        final int status;
        final String body;

        public Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private ImdsCalls() {
    }

    public static void run(Client client, String[] args) {
        boolean useToken = args.length > 0 && args[0].equals("--token");
        String base = args.length > (useToken ? 1 : 0) ? args[useToken ? 1 : 0] : baseUrl();
        String token = null;
        if (useToken) {
            try {
                token = client.token(base);
            } catch (Exception e) {
                System.out.println("token: error " + e);
                return;
            }
        }
        call("instance-id", client, base + "/latest/meta-data/instance-id", token);
        Reply role = call("role", client, base + "/latest/meta-data/iam/security-credentials/", token);
        if (role != null && role.status == 200) {
            call("credentials", client, base + "/latest/meta-data/iam/security-credentials/" + role.body.trim(), token);
        }
        call("missing", client, base + "/latest/meta-data/no-such-item", token);
    }

    public static String baseUrl() {
        String url = System.getenv("IMDS_EMULATOR_URL");
        return url == null || url.isEmpty() ? "http://169.254.169.254" : url;
    }

    private static Reply call(String what, Client client, String url, String token) {
        try {
            Reply reply = client.get(url, token);
            System.out.println(what + ": " + reply.status + printable(what, reply));
            return reply;
        } catch (Exception e) {
            System.out.println(what + ": error " + e);
            return null;
        }
    }

    private static String printable(String what, Reply reply) {
        if (reply.status != 200) {
            return "";
        }
        if (what.equals("credentials")) {
            Matcher id = ACCESS_KEY_ID.matcher(reply.body);
            return id.find() ? " AccessKeyId=" + id.group(1) : " (no AccessKeyId)";
        }
        return " " + reply.body.trim();
    }
}
