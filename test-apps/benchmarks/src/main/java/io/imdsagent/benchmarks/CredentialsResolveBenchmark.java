package io.imdsagent.benchmarks;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
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

/**
 * A cached credentials lookup, the call on the path of every signed SDK request. Run by
 * {@link BenchmarkMain} once with the agent (served from its cache) and once without (the SDK's own
 * cached path), against the emulator on loopback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CredentialsResolveBenchmark {
    private ImdsEmulator emulator;
    private com.amazonaws.auth.InstanceProfileCredentialsProvider v1;
    private software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider v2;
    private software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider v2Chain;

    @Setup
    public void start() throws IOException {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build()
                .start(new InetSocketAddress("127.0.0.1", Integer.getInteger(BenchmarkMain.PORT_PROPERTY)));
        v1 = new com.amazonaws.auth.InstanceProfileCredentialsProvider(false);
        v2 = software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider.create();
        v1.getCredentials();
        v2.resolveCredentials();
        // what an SDK v2 client signs with: the default chain, given the client's profile file (none here)
        v2Chain = software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder()
                .profileFile(software.amazon.awssdk.profiles.ProfileFileSupplier.defaultSupplier()).build();
        v2Chain.resolveCredentials();
    }

    @TearDown
    public void stop() {
        emulator.close();
    }

    @Benchmark
    public Object v1GetCredentials() {
        return v1.getCredentials();
    }

    @Benchmark
    public Object v2ResolveCredentials() {
        return v2.resolveCredentials();
    }

    @Benchmark
    public Object v2DefaultChainResolveCredentials() {
        return v2Chain.resolveCredentials();
    }
}
