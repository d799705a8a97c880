package io.imdsagent.cli;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.ImdsResponse;
import io.imdsagent.imds.ImdsTransport;
import io.imdsagent.imds.InstanceProfile;
import io.imdsagent.imds.InstanceRole;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code check}: walks the agent's IMDSv2 path once (token, role, account, credentials) and says what
 * it found, or the likely cause when it fails. Prints no secret: only the access key id and expiry.
 */
final class CheckCommand {
    private final AgentConfig config;
    private final InstanceProfile profile;
    private final ImdsTransport plainTransport;
    private final Clock clock;
    private final PrintStream out;

    /**
     * @param plainTransport the transport below the token session, for the one diagnostic request
     */
    CheckCommand(AgentConfig config, InstanceProfile profile, ImdsTransport plainTransport, Clock clock,
                 PrintStream out) {
        this.config = config;
        this.profile = profile;
        this.plainTransport = plainTransport;
        this.clock = clock;
        this.out = out;
    }

    /** @return 0 when the agent would serve credentials, 1 when not */
    int run() {
        out.println("endpoint:    " + config.endpoint());
        try {
            String role = profile.roleName(profile.newDeadline());
            out.println("token:       issued (ttl " + config.tokenTtlSeconds() + "s)");
            out.println("role:        " + role);
            InstanceRole instanceRole = profile.instanceRole(profile.newDeadline());
            out.println("account:     " + instanceRole.account() + " (partition " + instanceRole.partition() + ")");
            Credentials credentials = profile.fetchCredentials(profile.newDeadline());
            long left = credentials.expirationMillis() - clock.millis();
            out.println("credentials: " + credentials.accessKeyId() + ", expire "
                    + Instant.ofEpochMilli(credentials.expirationMillis()) + " (" + describe(left) + ")");
            if (left <= 0) {
                out.println("result:      NOT HEALTHY: IMDS hands out expired credentials (an AWS-side outage?)");
                return 1;
            }
            out.println("result:      healthy");
            return 0;
        } catch (ImdsException e) {
            out.println("token:       " + (profile.session().hasToken() ? "issued" : "not issued"));
            out.println("error:       " + e.getMessage());
            out.println("likely:      " + likelyCause(e));
            out.println("result:      NOT HEALTHY");
            return 1;
        }
    }

    private String likelyCause(ImdsException e) {
        switch (e.kind()) {
            case UNREACHABLE:
                if (!profile.session().hasToken() && tokenlessGetAnswers()) {
                    return "the token PUT got no answer while a token-less GET does: the instance's metadata"
                            + " hop limit is too low for this network path (containers need"
                            + " HttpPutResponseHopLimit 2: aws ec2 modify-instance-metadata-options).";
                }
                return "nothing answers at " + config.endpoint() + ": this is not an EC2 instance, or IMDS is"
                        + " disabled (HttpEndpoint), or option endpoint points elsewhere.";
            case TOKEN_REFUSED:
                return "IMDS refuses the IMDSv2 token: with HttpTokens=required every request needs a valid"
                        + " token; check for a proxy or a rewriting sidecar between this JVM and IMDS.";
            default:
                return "IMDS answers but not as expected: check that the instance has an instance profile"
                        + " with a role, and that option endpoint is the metadata service.";
        }
    }

    /**
     * The one token-less request imds-agent ever sends, from {@code check} only and only after the
     * token PUT went unanswered: it tells a low hop limit apart from "nothing there". It asks for the
     * category listing, which holds no secret.
     */
    private boolean tokenlessGetAnswers() {
        try {
            ImdsResponse response = plainTransport.send("GET", "/latest/meta-data/", null, null, profile.newDeadline());
            return response.status() == 200 || response.status() == 401;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(long millis) {
        long seconds = Math.abs(millis) / 1000;
        String amount = (seconds / 3600) + "h" + (seconds / 60 % 60) + "m" + (seconds % 60) + "s";
        return millis >= 0 ? amount + " left" : "expired " + amount + " ago";
    }
}
