package io.imdsagent.benchmarks;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.net.InetSocketAddress;

/**
 * One process: N SDK v1 and N SDK v2 instance-profile providers each resolve credentials once; prints
 * how many requests the emulator received. {@link BenchmarkMain} runs it with and without the agent.
 */
public final class ImdsRequestCount {
    private ImdsRequestCount() {
    }

    public static void main(String[] args) throws Exception {
        int providers = Integer.parseInt(args[0]);
        try (ImdsEmulator emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build()
                .start(new InetSocketAddress("127.0.0.1", Integer.getInteger(BenchmarkMain.PORT_PROPERTY)))) {
            for (int i = 0; i < providers; i++) {
                new com.amazonaws.auth.InstanceProfileCredentialsProvider(false).getCredentials();
                software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider.create().resolveCredentials();
            }
            System.out.println("requests=" + emulator.requests().size() + " tokenPuts=" + emulator.requests().tokenPuts());
        }
    }
}
