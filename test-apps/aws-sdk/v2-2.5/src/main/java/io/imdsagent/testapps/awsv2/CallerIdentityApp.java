package io.imdsagent.testapps.awsv2;

import java.net.URI;
import java.util.concurrent.Callable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * An ordinary SDK v2 application: it knows nothing of imds-agent. It signs STS GetCallerIdentity with
 * the default credential chain against the STS stub at {@code STS_ENDPOINT} and prints the access key
 * id it signed with (an id, not a secret). Exit status 1 when the call fails.
 */
public final class CallerIdentityApp {

    private CallerIdentityApp() {
    }

    public static void main(String[] args) {
        String stsEndpoint = System.getenv("STS_ENDPOINT");
        if (stsEndpoint == null) {
            System.err.println("set STS_ENDPOINT to the STS stub's URL");
            System.exit(2);
        }
        try {
            System.out.println(callerIdentity(stsEndpoint));
        } catch (RuntimeException e) {
            System.err.println("GetCallerIdentity failed: " + e);
            System.exit(1);
        }
    }

    /** One signed GetCallerIdentity; answers a line naming the SDK, the key id and what STS said. */
    public static String callerIdentity(String stsEndpoint) {
        String accessKeyId = DefaultCredentialsProvider.create().resolveCredentials().accessKeyId();
        try (StsClient sts = StsClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(stsEndpoint))
                .build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            return "sdk=aws-sdk-java/" + VersionInfo.SDK_VERSION + " access-key-id=" + accessKeyId
                    + " sts-user-id=" + identity.userId() + " sts-arn=" + identity.arn();
        }
    }

    /**
     * A new instance-profile provider of this SDK copy, as a {@code java.*} type so that a caller in
     * another class loader can use it: each call answers the access key id the provider returns.
     */
    public static Callable<String> newInstanceProfileProvider() {
        InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.create();
        return new Callable<>() {
            @Override
            public String call() {
                return provider.resolveCredentials().accessKeyId();
            }

            @Override
            public String toString() {
                return "aws-sdk-java/" + VersionInfo.SDK_VERSION;
            }
        };
    }
}
