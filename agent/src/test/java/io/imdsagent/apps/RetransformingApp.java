package io.imdsagent.apps;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Makes N token-less GETs of one URL, then does what a second agent in the same JVM (a tracer, a profiler) does
 * to classes it instruments: retransforms the JDK's HTTP handler and socket with a transformer of its own that
 * changes nothing, then makes N more. Usage: {@code RetransformingApp URL N}; needs
 * {@code -Djdk.attach.allowAttachSelf=true} to reach an {@link Instrumentation}.
 */
public final class RetransformingApp {
    private RetransformingApp() {
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[1]);
        for (int i = 0; i < calls; i++) {
            System.out.println("before: " + RepeatedImdsCallApp.get(args[0]));
        }
        Instrumentation instrumentation = ByteBuddyAgent.install();
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] classFile) {
                return null;
            }
        }, true);
        instrumentation.retransformClasses(Class.forName("sun.net.www.protocol.http.Handler"),
                java.net.Socket.class);
        System.out.println("retransformed");
        for (int i = 0; i < calls; i++) {
            System.out.println("after: " + RepeatedImdsCallApp.get(args[0]));
        }
    }
}
