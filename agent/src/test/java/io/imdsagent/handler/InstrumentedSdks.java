package io.imdsagent.handler;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.install.InstrumentedSdkLoader;
import io.imdsagent.testing.SampleApp;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;

/**
 * The sample apps' real SDKs in this JVM, instrumented as the agent would (see {@link InstrumentedSdkLoader}),
 * and one bridge handler for the whole test JVM that forwards to whichever {@link AgentHandler} a test serves
 * with: the bridge takes one handler per JVM, and several test classes use it.
 */
final class InstrumentedSdks {
    private static final String[][] SAFETY_PROPERTIES = {
        {"com.amazonaws.sdk.ec2MetadataServiceEndpointOverride", "http://127.0.0.1:9"},
        {"aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:9"},
        {"aws.java.v1.disableDeprecationAnnouncement", "true"},
    };
    private static final Map<SampleApp, InstrumentedSdkLoader> SDKS = new EnumMap<>(SampleApp.class);
    private static volatile AgentHandler handler;

    static {
        // Any path that lets an SDK run its own code must fail before reaching a network.
        for (String[] property : SAFETY_PROPERTIES) {
            System.setProperty(property[0], property[1]);
        }
        if (!Bridge.install(new Bridge.Handler() {
            @Override
            protected Object instanceProfileCredentials(Object provider) {
                return handler.instanceProfileCredentials(provider);
            }

            @Override
            protected Object instanceProfileRefreshResult(Object provider) {
                return handler.instanceProfileRefreshResult(provider);
            }
        })) {
            throw new IllegalStateException("another test installed a bridge handler in this JVM");
        }
    }

    private InstrumentedSdks() {
    }

    /** From now on the SDKs' instance-profile providers in this JVM are answered by {@code serving}. */
    static void serve(AgentHandler serving) {
        handler = serving;
    }

    static synchronized ClassLoader sdk(SampleApp app) {
        return SDKS.computeIfAbsent(app, InstrumentedSdkLoader::new);
    }

    /** {@code new InstanceProfileCredentialsProvider(false)} of SDK v1. */
    static Object v1Provider(SampleApp app) throws Exception {
        return sdk(app).loadClass("com.amazonaws.auth.InstanceProfileCredentialsProvider")
                .getConstructor(boolean.class).newInstance(false);
    }

    /** {@code InstanceProfileCredentialsProvider.create()} of SDK v2. */
    static Object v2Provider(SampleApp app) throws Exception {
        return sdk(app)
                .loadClass("software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider")
                .getMethod("create").invoke(null);
    }

    static Object field(Object target, String name) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    /** Calls a method declared by the target's class or a superclass, whatever its access; rethrows what it throws. */
    static Object call(Object target, String name) throws Exception {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Method method = type.getDeclaredMethod(name);
                method.setAccessible(true);
                return method.invoke(target);
            } catch (NoSuchMethodException notHere) {
                // declared further up
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception) {
                    throw (Exception) e.getCause();
                }
                throw e;
            }
        }
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 0) {
                try {
                    return method.invoke(target);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception) {
                        throw (Exception) e.getCause();
                    }
                    throw e;
                }
            }
        }
        throw new NoSuchMethodException(name);
    }
}
