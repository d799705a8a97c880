package io.imdsagent.benchmarks;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sts.StsStub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An AssumeRole of the instance's own role through the SDK v1 and v2 STS clients, once the agent knows the
 * role: refused ({@code self-assume=block}) or answered from the credential cache ({@code short-circuit}),
 * against the round trip it replaces (no agent: the STS stub on loopback answers, which real STS does in
 * milliseconds more, with AccessDenied). The time covers the SDK's own call path, the agent's decision, and
 * building the exception or result. Run by {@link BenchmarkMain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelfAssumeBenchmark {
    static final String ROLE = "S3Access";
    private static final String OWN_ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;

    private ImdsEmulator emulator;
    private StsStub sts;
    private com.amazonaws.services.securitytoken.AWSSecurityTokenService v1;
    private StsClient v2;
    private com.amazonaws.services.securitytoken.model.AssumeRoleRequest v1Request;
    private software.amazon.awssdk.services.sts.model.AssumeRoleRequest v2Request;

    @Setup
    public void start() throws IOException {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role(ROLE).build()
                .start(new InetSocketAddress("127.0.0.1", Integer.getInteger(BenchmarkMain.PORT_PROPERTY)));
        sts = StsStub.builder().instanceRole(ROLE).build().start();
        v1 = com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder.standard()
                .withEndpointConfiguration(new com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration(
                        sts.endpoint(), "us-east-1"))
                .build();
        v2 = StsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sts.endpoint())).build();
        v1Request = new com.amazonaws.services.securitytoken.model.AssumeRoleRequest()
                .withRoleArn(OWN_ROLE_ARN).withRoleSessionName("bench");
        v2Request = software.amazon.awssdk.services.sts.model.AssumeRoleRequest.builder()
                .roleArn(OWN_ROLE_ARN).roleSessionName("bench").build();
    }

    @TearDown
    public void stop() {
        v1.shutdown();
        v2.close();
        sts.close();
        emulator.close();
    }

    @Benchmark
    public Object v1AssumeOwnRole() {
        try {
            return v1.assumeRole(v1Request);
        } catch (com.amazonaws.SdkClientException refused) {
            return refused;
        }
    }

    @Benchmark
    public Object v2AssumeOwnRole() {
        try {
            return v2.assumeRole(v2Request);
        } catch (software.amazon.awssdk.core.exception.SdkClientException refused) {
            return refused;
        }
    }
}
