package io.imdsagent.testapps.awsv1;

import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.auth.InstanceProfileCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityResult;
import com.amazonaws.util.VersionInfoUtils;
import java.util.concurrent.Callable;

/**
 * An ordinary SDK v1 application: it knows nothing of imds-agent. It signs STS GetCallerIdentity with
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
        String accessKeyId = DefaultAWSCredentialsProviderChain.getInstance().getCredentials().getAWSAccessKeyId();
        AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(stsEndpoint, "us-east-1"))
                .build();
        try {
            GetCallerIdentityResult identity = sts.getCallerIdentity(new GetCallerIdentityRequest());
            return "sdk=aws-java-sdk/" + VersionInfoUtils.getVersion() + " access-key-id=" + accessKeyId
                    + " sts-user-id=" + identity.getUserId() + " sts-arn=" + identity.getArn();
        } finally {
            sts.shutdown();
        }
    }

    /**
     * A new instance-profile provider of this SDK copy, as a {@code java.*} type so that a caller in
     * another class loader can use it: each call answers the access key id the provider returns.
     */
    public static Callable<String> newInstanceProfileProvider() {
        final InstanceProfileCredentialsProvider provider = new InstanceProfileCredentialsProvider(false);
        return new Callable<String>() {
            @Override
            public String call() {
                return provider.getCredentials().getAWSAccessKeyId();
            }

            @Override
            public String toString() {
                return "aws-java-sdk/" + VersionInfoUtils.getVersion();
            }
        };
    }
}
