package io.imdsagent.testapps.awsv1;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.auth.STSAssumeRoleSessionCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceAsync;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceAsyncClientBuilder;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.AssumeRoleRequest;
import com.amazonaws.services.securitytoken.model.AssumeRoleResult;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityResult;
import com.amazonaws.services.securitytoken.model.PolicyDescriptorType;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ExecutionException;

/**
 * An SDK v1 application that assumes roles with the default credential chain (the instance profile), as
 * code that assumes its own role by mistake does. Knows nothing of imds-agent.
 *
 * <p>Usage: {@code SelfAssumeApp CASE...}, each case {@code CALL,ROLE_ARN,SESSION[,SCOPING]}: CALL is
 * {@code sync}, {@code async} or {@code provider} (STSAssumeRoleSessionCredentialsProvider), signed with the
 * default chain's credentials; {@code static-sync}, {@code static-async}, {@code static-provider} the same
 * through clients built with {@link #OTHER_ACCESS_KEY_ID}'s static keys; {@code override-sync},
 * {@code override-async} through the default clients with those keys on the request. SCOPING one of
 * {@code policy}, {@code policy-arns}, {@code tags}, {@code source-identity}. STS is at {@code STS_ENDPOINT}.
 * Prints {@code instance-key=ID}, then per case one line {@code case=SESSION outcome=...}: {@code assumed}
 * with the key id, expiration and the identity a GetCallerIdentity signed with the result shows; {@code error}
 * with the exception's class and message; or {@code unsupported} where this SDK version cannot say it.
 */
public final class SelfAssumeApp {
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    /** The static keys of another principal (an IAM user, say) that the static and override calls sign with. */
    public static final String OTHER_ACCESS_KEY_ID = "AKIAOTHERPRINCIPAL01";
    private static final AWSCredentialsProvider OTHER = new AWSStaticCredentialsProvider(
            new BasicAWSCredentials(OTHER_ACCESS_KEY_ID, "other-principal-secret"));

    private final AWSSecurityTokenService sts;
    private final AWSSecurityTokenServiceAsync asyncSts;
    private final AWSSecurityTokenService otherSts;
    private final AWSSecurityTokenServiceAsync otherAsyncSts;

    private SelfAssumeApp(String stsEndpoint) {
        EndpointConfiguration endpoint = new EndpointConfiguration(stsEndpoint, "us-east-1");
        sts = AWSSecurityTokenServiceClientBuilder.standard().withEndpointConfiguration(endpoint).build();
        asyncSts = AWSSecurityTokenServiceAsyncClientBuilder.standard().withEndpointConfiguration(endpoint).build();
        otherSts = AWSSecurityTokenServiceClientBuilder.standard().withEndpointConfiguration(endpoint)
                .withCredentials(OTHER).build();
        otherAsyncSts = AWSSecurityTokenServiceAsyncClientBuilder.standard().withEndpointConfiguration(endpoint)
                .withCredentials(OTHER).build();
    }

    public static void main(String[] args) {
        String stsEndpoint = System.getenv("STS_ENDPOINT");
        if (stsEndpoint == null) {
            System.err.println("set STS_ENDPOINT to the STS stub's URL");
            System.exit(2);
        }
        System.out.println("instance-key="
                + DefaultAWSCredentialsProviderChain.getInstance().getCredentials().getAWSAccessKeyId());
        SelfAssumeApp app = new SelfAssumeApp(stsEndpoint);
        try {
            for (String spec : args) {
                String[] parts = spec.split(",");
                String scoping = parts.length > 3 ? parts[3] : "";
                System.out.println("case=" + parts[2] + " " + app.run(parts[0], parts[1], parts[2], scoping));
            }
        } finally {
            app.sts.shutdown();
            app.asyncSts.shutdown();
            app.otherSts.shutdown();
            app.otherAsyncSts.shutdown();
        }
    }

    private String run(String spec, String roleArn, String session, String scoping) {
        boolean staticClient = spec.startsWith("static-");
        boolean override = spec.startsWith("override-");
        String call = spec.substring(spec.indexOf('-') + 1);
        try {
            if (call.equals("provider")) {
                return provider(staticClient ? otherSts : sts, roleArn, session, scoping);
            }
            AssumeRoleRequest request = new AssumeRoleRequest().withRoleArn(roleArn).withRoleSessionName(session);
            if (!scope(request, scoping)) {
                return "outcome=unsupported";
            }
            if (override) {
                request.setRequestCredentialsProvider(OTHER);
            }
            AssumeRoleResult result = call.equals("async")
                    ? (staticClient ? otherAsyncSts : asyncSts).assumeRoleAsync(request).get()
                    : (staticClient ? otherSts : sts).assumeRole(request);
            com.amazonaws.services.securitytoken.model.Credentials credentials = result.getCredentials();
            return assumed(new BasicSessionCredentials(credentials.getAccessKeyId(),
                    credentials.getSecretAccessKey(), credentials.getSessionToken()))
                    + " expiration=" + credentials.getExpiration().toInstant()
                    + " assumed-arn=" + result.getAssumedRoleUser().getArn();
        } catch (ExecutionException e) {
            return error(e.getCause());
        } catch (RuntimeException e) {
            return error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(e);
        } catch (ReflectiveOperationException e) {
            return error(e);
        }
    }

    private String provider(AWSSecurityTokenService client, String roleArn, String session, String scoping)
            throws ReflectiveOperationException {
        STSAssumeRoleSessionCredentialsProvider.Builder builder =
                new STSAssumeRoleSessionCredentialsProvider.Builder(roleArn, session).withStsClient(client);
        if (scoping.equals("policy")) {
            builder.withScopeDownPolicy(POLICY);
        } else if (scoping.equals("tags")) {
            Object tag = tag();
            if (tag == null || !call(builder, "withSessionTags", Collection.class, Collections.singletonList(tag))) {
                return "outcome=unsupported";
            }
        } else if (scoping.equals("source-identity")) {
            if (!call(builder, "withSourceIdentity", String.class, "alice")) {
                return "outcome=unsupported";
            }
        } else if (!scoping.isEmpty()) {
            return "outcome=unsupported";
        }
        STSAssumeRoleSessionCredentialsProvider provider = builder.build();
        try {
            return assumed(provider.getCredentials());
        } finally {
            provider.close();
        }
    }

    /** Sets the scoping parameter; false when this SDK version has no such parameter. */
    private static boolean scope(AssumeRoleRequest request, String scoping) throws ReflectiveOperationException {
        switch (scoping) {
            case "":
                return true;
            case "policy":
                request.setPolicy(POLICY);
                return true;
            case "policy-arns":
                request.withPolicyArns(new PolicyDescriptorType().withArn(POLICY_ARN));
                return true;
            // 1.11.600 predates session tags and source identity; 1.12 has them.
            case "tags":
                Object tag = tag();
                return tag != null && call(request, "setTags", Collection.class, Collections.singletonList(tag));
            case "source-identity":
                return call(request, "setSourceIdentity", String.class, "alice");
            default:
                throw new IllegalArgumentException("unknown scoping " + scoping);
        }
    }

    /** A session tag; null where this SDK version has none. */
    private static Object tag() throws ReflectiveOperationException {
        Class<?> type;
        try {
            type = Class.forName("com.amazonaws.services.securitytoken.model.Tag");
        } catch (ClassNotFoundException olderVersion) {
            return null;
        }
        Object tag = type.getConstructor().newInstance();
        type.getMethod("setKey", String.class).invoke(tag, "team");
        type.getMethod("setValue", String.class).invoke(tag, "storage");
        return tag;
    }

    private static boolean call(Object target, String method, Class<?> parameter, Object value)
            throws ReflectiveOperationException {
        Method setter;
        try {
            setter = target.getClass().getMethod(method, parameter);
        } catch (NoSuchMethodException olderVersion) {
            return false;
        }
        setter.invoke(target, value);
        return true;
    }

    /** Key id of what was assumed, and who STS says signs with it. */
    private String assumed(AWSCredentials credentials) {
        GetCallerIdentityResult identity = sts.getCallerIdentity(new GetCallerIdentityRequest()
                .withRequestCredentialsProvider(new AWSStaticCredentialsProvider(credentials)));
        return "outcome=assumed key=" + credentials.getAWSAccessKeyId() + " caller-arn=" + identity.getArn();
    }

    private static String error(Throwable e) {
        return "outcome=error exception=" + e.getClass().getName() + " message="
                + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
