package io.imdsagent.adapters;

import io.imdsagent.events.AgentLog;

/**
 * Which runtime classes are STS clients whose AssumeRole the agent guards, decided once per class: the SDK
 * classes below by exact name, a subclass of one (SDK v1's async client extends its sync client), or a copy
 * relocated inside another distribution.
 */
public final class GuardedStsClasses {
    // SDK v1: the sync client, which the async client extends and the assume-role provider calls
    public static final String V1_CLIENT = "com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient";
    public static final String V2_CLIENT = "software.amazon.awssdk.services.sts.DefaultStsClient";
    public static final String V2_ASYNC_CLIENT = "software.amazon.awssdk.services.sts.DefaultStsAsyncClient";
    static final String[] SDK_V1 = {V1_CLIENT};
    static final String[] SDK_V2 = {V2_CLIENT, V2_ASYNC_CLIENT};

    private final AgentLog log;
    private final ClassValue<Decision> decisions = new ClassValue<Decision>() {
        @Override
        protected Decision computeValue(Class<?> type) {
            return decide(type);
        }
    };

    public GuardedStsClasses(AgentLog log) {
        this.log = log;
    }

    /** The guarded view of {@code type}, or null when the agent leaves its calls alone. */
    public GuardedStsClass of(Class<?> type) {
        return decisions.get(type).guarded;
    }

    private Decision decide(Class<?> type) {
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            String name = candidate.getName();
            ClassLoader loader = candidate.getClassLoader();
            try {
                String root = ServedClasses.rootOf(name, SDK_V1);
                if (root != null) {
                    return new Decision(new GuardedStsClass(type.getName(), new StsV1Objects(root, loader, candidate), false));
                }
                root = ServedClasses.rootOf(name, SDK_V2);
                if (root != null) {
                    boolean async = name.endsWith(V2_ASYNC_CLIENT);
                    return new Decision(new GuardedStsClass(type.getName(), new StsV2Objects(root, loader, candidate), async));
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                log.warn("cannot guard sts:AssumeRole of " + type.getName() + " (loaded by " + type.getClassLoader()
                        + "); its calls go on unchecked", e);
                return Decision.NOT_GUARDED;
            }
        }
        return Decision.NOT_GUARDED;
    }

    /** ClassValue needs a non-null value; "not guarded" is a decision too. */
    private static final class Decision {
        static final Decision NOT_GUARDED = new Decision(null);
        final GuardedStsClass guarded;

        Decision(GuardedStsClass guarded) {
            this.guarded = guarded;
        }
    }
}
