package io.imdsagent.adapters;

import io.imdsagent.events.AgentLog;
import java.io.File;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Whether an SDK v2 {@code DefaultCredentialsProvider} would get its credentials from its instance-profile
 * provider, so that the agent may answer it at once: building the chain (six providers, the profile file
 * machinery, an IMDS client the agent never lets run) costs an application's start more than the agent does.
 *
 * <p>Only where nothing ahead of the instance profile in the chain can answer: no keys in the system properties
 * or the environment, no web identity token, no shared credentials or config file (at any place the SDK may look
 * for one), no container credentials endpoint, IMDS not disabled. Any of them set, even to something the SDK
 * would reject, and the chain runs as the SDK built it (its instance-profile provider still served by the agent).
 * So does a chain given a profile file that holds a profile (an SDK client gives its chain the client's profile file:
 * empty where no file exists), one told not to reuse the provider that last answered, and one of a version that
 * records neither (2.5.0), since the agent cannot see what it was told.
 *
 * <p>Decided once per provider, at its first call, as the SDK's own chain settles on the provider that answered
 * it first: a key set later does not change what a provider already answered with, but a provider built after
 * it sees it. On the path of a signed request this is a scan of the few chains known to reach the instance profile
 * (an application has one per SDK client): no lock, no allocation.
 */
public final class SdkV2DefaultChains {
    static final String[][] SETTINGS_AHEAD = {
        // SystemPropertyCredentialsProvider and EnvironmentVariableCredentialsProvider
        {"aws.accessKeyId", "AWS_ACCESS_KEY_ID"},
        {"aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY"},
        {"aws.sessionToken", "AWS_SESSION_TOKEN"},
        // WebIdentityTokenFileCredentialsProvider
        {"aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE"},
        {"aws.roleArn", "AWS_ROLE_ARN"},
        // ContainerCredentialsProvider
        {"aws.containerCredentialsPath", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"},
        {"aws.containerCredentialsFullUri", "AWS_CONTAINER_CREDENTIALS_FULL_URI"},
        {"aws.containerServiceEndpoint", "AWS_CONTAINER_SERVICE_ENDPOINT"},
        // InstanceProfileCredentialsProvider itself: disabled, the chain fails in the SDK's words
        {"aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED"},
    };
    // ProfileCredentialsProvider: a file named by these, or the default one in the home directory
    static final String[][] PROFILE_FILES = {
        {"aws.sharedCredentialsFile", "AWS_SHARED_CREDENTIALS_FILE", "credentials"},
        {"aws.configFile", "AWS_CONFIG_FILE", "config"},
    };

    // chains beyond these many (an application building a client per request) are looked up under the lock
    static final int MOST_SCANNED = 16;

    private final Settings settings;
    private final AgentLog log;
    // the chains known to reach the instance profile, newest last; replaced whole, under the lock of decided
    private volatile WeakReference<?>[] reaching = new WeakReference<?>[0];
    // guarded by itself
    private final Map<Object, Boolean> decided = new WeakHashMap<Object, Boolean>();

    public SdkV2DefaultChains(Settings settings, AgentLog log) {
        this.settings = settings;
        this.log = log;
    }

    /** @param chain an SDK v2 {@code DefaultCredentialsProvider} (or a relocated copy) */
    public boolean reachInstanceProfile(Object chain) {
        for (WeakReference<?> known : reaching) {
            if (known.get() == chain) {
                return true;
            }
        }
        synchronized (decided) {
            Boolean known = decided.get(chain);
            boolean reaches;
            if (known != null) {
                reaches = known;
            } else {
                String runsFor = whyTheChainRuns(chain);
                reaches = runsFor == null;
                decided.put(chain, reaches);
                log.debug(reaches ? "SDK v2's default chain (" + chain.getClass().getName() + ") is answered by the"
                        + " agent: nothing ahead of its instance profile is configured"
                        : "SDK v2's default chain (" + chain.getClass().getName() + ") runs: " + runsFor);
            }
            if (reaches) {
                scanned(chain);
            }
            return reaches;
        }
    }

    /** Puts {@code chain} among those scanned, dropping the collected ones and, beyond the bound, the oldest. */
    private void scanned(Object chain) {
        List<WeakReference<?>> kept = new ArrayList<WeakReference<?>>();
        for (WeakReference<?> known : reaching) {
            if (known.get() != null) {
                kept.add(known);
            }
        }
        kept.add(new WeakReference<Object>(chain));
        while (kept.size() > MOST_SCANNED) {
            kept.remove(0);
        }
        reaching = kept.toArray(new WeakReference<?>[0]);
    }

    /** What a provider ahead of the instance profile might answer with, or an option of the chain; null for none. */
    String whyTheChainRuns(Object chain) {
        String configured;
        try {
            configured = configuredAheadOfInstanceProfile();
        } catch (RuntimeException securityManagerSaysNo) {
            return "its settings cannot be read (" + securityManagerSaysNo + ")";
        }
        return configured != null ? configured : optionAgainstAnswering(chain);
    }

    /**
     * Whether the agent answered this chain and the SDK never built it, so that closing it (which would build it
     * to close it) can be skipped. A chain the SDK built before the agent came (a dynamic attach) is closed by it.
     */
    public boolean unbuiltAfterAnswering(Object chain) {
        synchronized (decided) {
            if (!Boolean.TRUE.equals(decided.get(chain))) {
                return false;
            }
        }
        try {
            Object lazy = field(field(chain, "providerChain"), "delegate");
            return Boolean.FALSE.equals(PublicMethods.call(lazy, "hasValue"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Why the chain's options may keep it from its instance profile, or null when they do not: its own profile file,
     * if it was given one, holds no profile, and it reuses the provider that last answered (it records both).
     */
    static String optionAgainstAnswering(Object chain) {
        try {
            if (Boolean.FALSE.equals(field(chain, "reuseLastProviderEnabled"))) {
                return "it is told not to reuse the provider that last answered";
            }
            Object profileFile = field(chain, "profileFile");
            return profileFile == null || holdsNoProfile(((Supplier<?>) profileFile).get()) ? null
                    : "its profile file holds a profile";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "its options cannot be read (" + e + ")";
        }
    }

    private static boolean holdsNoProfile(Object profileFile) throws ReflectiveOperationException {
        Object profiles = PublicMethods.call(profileFile, "profiles");
        return profiles instanceof Map && ((Map<?, ?>) profiles).isEmpty();
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /** What a provider ahead of the instance profile in the default chain might answer with, or null for nothing. */
    String configuredAheadOfInstanceProfile() {
        for (String[] setting : SETTINGS_AHEAD) {
            if (settings.property(setting[0]) != null) {
                return "system property " + setting[0] + " is set";
            }
            if (settings.environment(setting[1]) != null) {
                return "environment variable " + setting[1] + " is set";
            }
        }
        for (String path : profileFileCandidates()) {
            if (settings.fileExists(path)) {
                return "profile file " + path + " exists";
            }
        }
        return null;
    }

    /**
     * Every place the SDK's profile reader might look: a named file, with a leading {@code ~} expanded against
     * each directory the SDK might take for the home directory, and the default file in each of them.
     */
    List<String> profileFileCandidates() {
        List<String> homes = new ArrayList<String>();
        for (String home : new String[] {settings.environment("HOME"), settings.environment("USERPROFILE"),
                joined(settings.environment("HOMEDRIVE"), settings.environment("HOMEPATH")),
                settings.property("user.home")}) {
            if (home != null && !homes.contains(home)) {
                homes.add(home);
            }
        }
        List<String> candidates = new ArrayList<String>();
        for (String[] file : PROFILE_FILES) {
            for (String named : new String[] {settings.property(file[0]), settings.environment(file[1])}) {
                if (named == null) {
                    continue;
                }
                candidates.add(named);
                if (named.startsWith("~/") || named.startsWith("~" + File.separator)) {
                    for (String home : homes) {
                        candidates.add(home + named.substring(1));
                    }
                }
            }
            for (String home : homes) {
                candidates.add(home + File.separator + ".aws" + File.separator + file[2]);
            }
        }
        return candidates;
    }

    private static String joined(String drive, String path) {
        return drive == null || path == null ? null : drive + path;
    }

    /** Where the settings come from: the JVM's own, or a test's. */
    public interface Settings {
        Settings SYSTEM = new Settings() {
            @Override
            public String property(String name) {
                return System.getProperty(name);
            }

            @Override
            public String environment(String name) {
                return System.getenv(name);
            }

            @Override
            public boolean fileExists(String path) {
                return new File(path).exists();
            }
        };

        String property(String name);

        String environment(String name);

        boolean fileExists(String path);
    }
}
