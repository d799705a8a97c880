package io.imdsagent.install;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.events.AgentLog;
import io.imdsagent.instrument.ApacheHttpClient4Instrumentation;
import io.imdsagent.instrument.ApacheHttpClient5Instrumentation;
import io.imdsagent.instrument.AsynchronousSocketChannelConnectInstrumentation;
import io.imdsagent.instrument.ClientProxyInstrumentation;
import io.imdsagent.instrument.HttpUrlConnectionInstrumentation;
import io.imdsagent.instrument.JdkHttpClientInstrumentation;
import io.imdsagent.instrument.NettyNativeSocketInstrumentation;
import io.imdsagent.instrument.NettyNativeWriteInstrumentation;
import io.imdsagent.instrument.OkHttpInstrumentation;
import io.imdsagent.instrument.PlatformMBeanServerInstrumentation;
import io.imdsagent.instrument.SdkV1Ec2FetcherInstrumentation;
import io.imdsagent.instrument.SdkV1MetadataFetcherInstrumentation;
import io.imdsagent.instrument.SdkV1ProviderInstrumentation;
import io.imdsagent.instrument.SdkV2ProviderInstrumentation;
import io.imdsagent.instrument.SocketChannelConnectInstrumentation;
import io.imdsagent.instrument.SocketConnectInstrumentation;
import io.imdsagent.instrument.SocketWriteInstrumentation;
import io.imdsagent.instrument.StsAssumeRoleInstrumentation;
import io.imdsagent.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Which classes the agent rewrites, and its start: a class-load filter over their names, with the {@link Weaver}
 * brought in only when the first of them loads. Nothing here may touch ASM.
 */
public final class AgentInstaller {
    private AgentInstaller() {
    }

    /** The instrumentations this agent applies; made at premain, where only their class names are read. */
    static List<TypeInstrumentation> instrumentations() {
        return Arrays.<TypeInstrumentation>asList(
                new SdkV1ProviderInstrumentation(),
                new SdkV1Ec2FetcherInstrumentation(),
                new SdkV1MetadataFetcherInstrumentation(),
                new SdkV2ProviderInstrumentation(),
                new StsAssumeRoleInstrumentation(),
                new HttpUrlConnectionInstrumentation(),
                new JdkHttpClientInstrumentation(),
                new OkHttpInstrumentation(),
                new ApacheHttpClient4Instrumentation(),
                new ApacheHttpClient5Instrumentation(),
                new PlatformMBeanServerInstrumentation(),
                new SocketConnectInstrumentation(),
                new SocketChannelConnectInstrumentation(),
                new AsynchronousSocketChannelConnectInstrumentation(),
                new NettyNativeSocketInstrumentation(),
                new SocketWriteInstrumentation(),
                new NettyNativeWriteInstrumentation(),
                ClientProxyInstrumentation.apache4(),
                ClientProxyInstrumentation.apache5(),
                ClientProxyInstrumentation.jdkHttpClient(),
                ClientProxyInstrumentation.okHttp(),
                ClientProxyInstrumentation.jetty(),
                ClientProxyInstrumentation.reactorNetty(),
                ClientProxyInstrumentation.vertx());
    }

    /**
     * Registers the agent's class-load filter; the rest of the agent comes in through {@code activation} when the
     * first class it rewrites appears (at once, if one is loaded already).
     */
    public static void install(Instrumentation instrumentation, DeferredInstaller.Activation activation) {
        new DeferredInstaller(instrumentation, TargetNames.of(instrumentations()), activation).install();
    }

    /**
     * The transformer that rewrites the targets, not registered: the {@link DeferredInstaller} hands it the classes
     * its filter lets through.
     */
    public static ClassFileTransformer rewriter(AgentLog log) {
        return new Weaver(instrumentations(), Bridge.class, log);
    }
}
