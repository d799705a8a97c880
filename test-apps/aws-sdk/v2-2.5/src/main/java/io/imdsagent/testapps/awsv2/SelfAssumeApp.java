package io.imdsagent.testapps.awsv2;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * An SDK v2 application that assumes roles with the default credential chain (the instance profile), as
 * code that assumes its own role by mistake does. Knows nothing of imds-agent.
 *
 * <p>Usage: {@code SelfAssumeApp CASE...}, each case {@code CALL,ROLE_ARN,SESSION[,SCOPING]}: CALL is
 * {@code sync}, {@code async} or {@code provider} (StsAssumeRoleCredentialsProvider), signed with the default
 * chain's credentials; {@code static-sync}, {@code static-async}, {@code static-provider} the same through
 * clients built with {@link #OTHER_ACCESS_KEY_ID}'s static keys; {@code override-sync}, {@code override-async}
 * through the default clients with those keys in the request's override configuration. SCOPING one of
 * {@code policy}, {@code policy-arns}, {@code tags}, {@code source-identity}. STS is at {@code STS_ENDPOINT}.
 * Prints {@code instance-key=ID}, then per case one line {@code case=SESSION outcome=...}: {@code assumed}
 * with the key id, expiration and the identity a GetCallerIdentity signed with the result shows; {@code error}
 * with the exception's class and message; or {@code unsupported} where this SDK version cannot say it.
 */
public final class SelfAssumeApp {
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String MODEL = "software.amazon.awssdk.services.sts.model.";
    /** The static keys of another principal (an IAM user, say) that the static and override calls sign with. */
    public static final String OTHER_ACCESS_KEY_ID = "AKIAOTHERPRINCIPAL01";
    private static final AwsCredentialsProvider OTHER = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(OTHER_ACCESS_KEY_ID, "other-principal-secret"));

    private final StsClient sts;
    private final StsAsyncClient asyncSts;
    private final StsClient otherSts;
    private final StsAsyncClient otherAsyncSts;

    private SelfAssumeApp(String stsEndpoint) {
        URI endpoint = URI.create(stsEndpoint);
        sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).build();
        asyncSts = StsAsyncClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).build();
        otherSts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).credentialsProvider(OTHER)
                .build();
        otherAsyncSts = StsAsyncClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(OTHER).build();
    }

    public static void main(String[] args) {
        String stsEndpoint = System.getenv("STS_ENDPOINT");
        if (stsEndpoint == null) {
            System.err.println("set STS_ENDPOINT to the STS stub's URL");
            System.exit(2);
        }
        System.out.println("instance-key=" + DefaultCredentialsProvider.create().resolveCredentials().accessKeyId());
        SelfAssumeApp app = new SelfAssumeApp(stsEndpoint);
        for (String spec : args) {
            String[] parts = spec.split(",");
            String scoping = parts.length > 3 ? parts[3] : "";
            System.out.println("case=" + parts[2] + " " + app.run(parts[0], parts[1], parts[2], scoping));
        }
        // Exits without closing the clients: the async client's Netty event loop takes seconds to wind down.
        System.exit(0);
    }

    private String run(String spec, String roleArn, String session, String scoping) {
        boolean staticClient = spec.startsWith("static-");
        String call = spec.substring(spec.indexOf('-') + 1);
        try {
            AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(roleArn).roleSessionName(session);
            if (!scope(request, scoping)) {
                return "outcome=unsupported";
            }
            if (spec.startsWith("override-")) {
                request.overrideConfiguration(AwsRequestOverrideConfiguration.builder().credentialsProvider(OTHER)
                        .build());
            }
            if (call.equals("provider")) {
                try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(staticClient ? otherSts : sts).refreshRequest(request.build()).build()) {
                    return assumed(provider.resolveCredentials());
                }
            }
            AssumeRoleResponse response = call.equals("async")
                    ? (staticClient ? otherAsyncSts : asyncSts).assumeRole(request.build()).join()
                    : (staticClient ? otherSts : sts).assumeRole(request.build());
            Credentials credentials = response.credentials();
            return assumed(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                    credentials.sessionToken()))
                    + " expiration=" + credentials.expiration()
                    + " assumed-arn=" + response.assumedRoleUser().arn();
        } catch (CompletionException e) {
            return error(e.getCause());
        } catch (RuntimeException | ReflectiveOperationException e) {
            return error(e);
        }
    }

    /** Sets the scoping parameter; false when this SDK version has no such parameter. */
    private static boolean scope(AssumeRoleRequest.Builder request, String scoping)
            throws ReflectiveOperationException {
        switch (scoping) {
            case "":
                return true;
            case "policy":
                request.policy(POLICY);
                return true;
            // 2.5.0 predates policy ARNs, session tags and source identity.
            case "policy-arns":
                Object policyArn = model("PolicyDescriptorType", "arn", POLICY_ARN);
                return policyArn != null
                        && set(request, "policyArns", Collection.class, Collections.singletonList(policyArn));
            case "tags":
                Object tag = model("Tag", "key", "team", "value", "storage");
                return tag != null && set(request, "tags", Collection.class, Collections.singletonList(tag));
            case "source-identity":
                return set(request, "sourceIdentity", String.class, "alice");
            default:
                throw new IllegalArgumentException("unknown scoping " + scoping);
        }
    }

    private static boolean set(AssumeRoleRequest.Builder request, String name, Class<?> parameter, Object value)
            throws ReflectiveOperationException {
        Method setter;
        try {
            setter = AssumeRoleRequest.Builder.class.getMethod(name, parameter);
        } catch (NoSuchMethodException olderVersion) {
            return false;
        }
        setter.invoke(request, value);
        return true;
    }

    /** {@code MODEL.type.builder().name(value)...build()}; null where this SDK version has no such type. */
    private static Object model(String type, String... namesAndValues) throws ReflectiveOperationException {
        Method builderMethod;
        try {
            builderMethod = Class.forName(MODEL + type).getMethod("builder");
        } catch (ClassNotFoundException olderVersion) {
            return null;
        }
        Object builder = builderMethod.invoke(null);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builderMethod.getReturnType().getMethod(namesAndValues[i], String.class)
                    .invoke(builder, namesAndValues[i + 1]);
        }
        return builderMethod.getReturnType().getMethod("build").invoke(builder);
    }

    /** Key id of what was assumed, and who STS says signs with it. */
    private String assumed(AwsCredentials credentials) {
        GetCallerIdentityRequest signedWithIt = GetCallerIdentityRequest.builder()
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .credentialsProvider(StaticCredentialsProvider.create(credentials)).build())
                .build();
        return "outcome=assumed key=" + credentials.accessKeyId() + " caller-arn="
                + sts.getCallerIdentity(signedWithIt).arn();
    }

    private static String error(Throwable e) {
        return "outcome=error exception=" + e.getClass().getName() + " message="
                + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
