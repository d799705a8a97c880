package io.imdsagent.install;

import io.imdsagent.adapters.GuardedStsClasses;
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
import io.imdsagent.instrument.SdkV2DefaultChainInstrumentation;
import io.imdsagent.instrument.SdkV2ProviderInstrumentation;
import io.imdsagent.instrument.SocketChannelConnectInstrumentation;
import io.imdsagent.instrument.SocketConnectInstrumentation;
import io.imdsagent.instrument.SocketWriteInstrumentation;
import io.imdsagent.instrument.StsAssumeRoleInstrumentation;
import io.imdsagent.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * Which classes the agent rewrites, and its start: a class-load filter over their names, with the {@link Weaver}
 * brought in only when the first of them loads. Nothing here may touch ASM.
 */
public final class AgentInstaller {
    private AgentInstaller() {
    }

    /**
     * The instrumentations this agent applies. Premain reads their class names, which are constants here (javac
     * copies them in, so no instrumentation class loads); each instrumentation is made when the weaver first
     * meets a class it names. {@code AgentInstallerTest} holds each row to what its instrumentation says.
     */
    static Instrumentations instrumentations() {
        return new Instrumentations(new String[][] {
            {SdkV1ProviderInstrumentation.PROVIDER},
            {SdkV1Ec2FetcherInstrumentation.FETCHER},
            {SdkV1MetadataFetcherInstrumentation.BASE_FETCHER},
            {SdkV2ProviderInstrumentation.PROVIDER, SdkV2ProviderInstrumentation.HTTP_PROVIDER},
            {GuardedStsClasses.V1_CLIENT, GuardedStsClasses.V2_CLIENT, GuardedStsClasses.V2_ASYNC_CLIENT},
            {HttpUrlConnectionInstrumentation.HANDLER},
            {JdkHttpClientInstrumentation.CLIENT},
            {OkHttpInstrumentation.RETRY_AND_FOLLOW_UP},
            {ApacheHttpClient4Instrumentation.MAIN_EXEC, ApacheHttpClient4Instrumentation.MINIMAL_CLIENT,
                ApacheHttpClient4Instrumentation.ABSTRACT_CLIENT},
            {ApacheHttpClient5Instrumentation.EXEC_RUNTIME},
            {PlatformMBeanServerInstrumentation.MANAGEMENT_FACTORY},
            {SocketConnectInstrumentation.SOCKET},
            {SocketChannelConnectInstrumentation.CHANNEL},
            {AsynchronousSocketChannelConnectInstrumentation.CHANNEL},
            {NettyNativeSocketInstrumentation.SOCKET},
            {ClientProxyInstrumentation.APACHE4_ROUTE_PLANNER},
            {ClientProxyInstrumentation.APACHE5_ROUTE_PLANNER},
            {ClientProxyInstrumentation.JDK_HTTP_REQUEST},
            {ClientProxyInstrumentation.OKHTTP_ROUTE_SELECTOR},
            {ClientProxyInstrumentation.JETTY_PROXY_CONFIGURATION},
            {ClientProxyInstrumentation.REACTOR_PROXY_PROVIDER},
            {ClientProxyInstrumentation.VERTX_HTTP_CLIENT},
            {SocketWriteInstrumentation.NIO_SOCKET, SocketWriteInstrumentation.PLAIN_SOCKET_STREAM,
                SocketWriteInstrumentation.CHANNEL},
            {NettyNativeWriteInstrumentation.EPOLL_STREAM_CHANNEL},
            {SdkV2DefaultChainInstrumentation.CHAIN},
        }) {
            @Override
            TypeInstrumentation make(int index) {
                switch (index) {
                    case 0: return new SdkV1ProviderInstrumentation();
                    case 1: return new SdkV1Ec2FetcherInstrumentation();
                    case 2: return new SdkV1MetadataFetcherInstrumentation();
                    case 3: return new SdkV2ProviderInstrumentation();
                    case 4: return new StsAssumeRoleInstrumentation();
                    case 5: return new HttpUrlConnectionInstrumentation();
                    case 6: return new JdkHttpClientInstrumentation();
                    case 7: return new OkHttpInstrumentation();
                    case 8: return new ApacheHttpClient4Instrumentation();
                    case 9: return new ApacheHttpClient5Instrumentation();
                    case 10: return new PlatformMBeanServerInstrumentation();
                    case 11: return new SocketConnectInstrumentation();
                    case 12: return new SocketChannelConnectInstrumentation();
                    case 13: return new AsynchronousSocketChannelConnectInstrumentation();
                    case 14: return new NettyNativeSocketInstrumentation();
                    case 15: return ClientProxyInstrumentation.apache4();
                    case 16: return ClientProxyInstrumentation.apache5();
                    case 17: return ClientProxyInstrumentation.jdkHttpClient();
                    case 18: return ClientProxyInstrumentation.okHttp();
                    case 19: return ClientProxyInstrumentation.jetty();
                    case 20: return ClientProxyInstrumentation.reactorNetty();
                    case 21: return ClientProxyInstrumentation.vertx();
                    case 22: return new SocketWriteInstrumentation();
                    case 23: return new NettyNativeWriteInstrumentation();
                    case 24: return new SdkV2DefaultChainInstrumentation();
                    default: throw new IllegalArgumentException("no instrumentation " + index);
                }
            }
        };
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
