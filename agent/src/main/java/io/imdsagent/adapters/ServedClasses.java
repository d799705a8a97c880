package io.imdsagent.adapters;

import io.imdsagent.events.AgentLog;

/**
 * Which runtime classes the agent serves credentials to, decided once per class. A class is served when it,
 * or a superclass, is one of the SDK classes below by exact name, or a copy of one relocated inside another
 * distribution (a name ending in {@code .com.amazonaws.auth.InstanceProfileCredentialsProvider}). Everything
 * else, notably the ECS container provider and fetcher that share code with these, is left to the SDK.
 */
public final class ServedClasses {
    /** SDK v1 classes, each standing for the instance-profile provider. */
    static final String[] SDK_V1 = {
        "com.amazonaws.auth.InstanceProfileCredentialsProvider",
        // 1.11: the EC2CredentialsFetcher shared with the ECS provider, told apart by its endpoint provider
        "com.amazonaws.auth.InstanceProfileCredentialsProvider$InstanceMetadataCredentialsEndpointProvider",
        // 1.12: the provider's own fetcher; the ECS provider has ContainerCredentialsFetcher
        "com.amazonaws.auth.InstanceMetadataServiceCredentialsFetcher",
    };
    static final String[] SDK_V2 = {
        "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
        // answered only where it would reach its instance-profile provider (see SdkV2DefaultChains)
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
    };

    private final AgentLog log;
    private final ClassValue<Decision> decisions = new ClassValue<Decision>() {
        @Override
        protected Decision computeValue(Class<?> type) {
            return decide(type);
        }
    };

    public ServedClasses(AgentLog log) {
        this.log = log;
    }

    /** The served view of {@code type}, or null when the SDK's own code should run for it. */
    public ServedClass of(Class<?> type) {
        return decisions.get(type).served;
    }

    private Decision decide(Class<?> type) {
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            String name = candidate.getName();
            ClassLoader loader = candidate.getClassLoader();
            try {
                String root = rootOf(name, SDK_V1);
                if (root != null) {
                    return new Decision(new ServedClass(type.getName(), new SdkV1Objects(root, loader)));
                }
                root = rootOf(name, SDK_V2);
                if (root != null) {
                    return new Decision(new ServedClass(type.getName(), new SdkV2Objects(root, loader)));
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                log.warn("cannot serve credentials to " + type.getName() + " (loaded by "
                        + type.getClassLoader() + "); the SDK's own code runs for it", e);
                return Decision.NOT_SERVED;
            }
        }
        return Decision.NOT_SERVED;
    }

    /**
     * What a relocating distribution put before the SDK's own name: {@code ""} for the SDK itself,
     * {@code "shaded."} for {@code shaded.com.amazonaws...}; null when {@code className} is none of {@code sdkNames}.
     */
    static String rootOf(String className, String[] sdkNames) {
        for (String sdkName : sdkNames) {
            if (className.equals(sdkName)) {
                return "";
            }
            int rootLength = className.length() - sdkName.length();
            if (rootLength > 0 && className.endsWith(sdkName) && className.charAt(rootLength - 1) == '.') {
                return className.substring(0, rootLength);
            }
        }
        return null;
    }

    /** ClassValue needs a non-null value; "not served" is a decision too. */
    private static final class Decision {
        static final Decision NOT_SERVED = new Decision(null);
        final ServedClass served;

        Decision(ServedClass served) {
            this.served = served;
        }
    }
}
