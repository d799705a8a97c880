package io.imdsagent.instrument;

/**
 * The classes one instrumentation rewrites (by exact name, so matching is cheap) and the {@link Hook}s woven into
 * their methods. Only classes are rewritten, never an interface of one of these names.
 *
 * <p>Premain reads no instance: the agent's class-load filter is built from the same names, kept as constants
 * in {@code install.AgentInstaller}. An instance is made, and its {@link #hooks()} read, when the weaver first
 * meets a class it names.
 */
public interface TypeInstrumentation {

    /**
     * The binary names of the classes rewritten. A JDK class ({@code java.}, {@code javax.}, {@code jdk.},
     * {@code sun.}, {@code com.sun.}) is matched by that name alone; any other also when relocated inside
     * another distribution (a name ending in {@code .} and the name).
     */
    String[] classNames();

    Hook[] hooks();

    /** Whether {@code binaryName} is the JDK's own, so never a relocated copy. */
    static boolean isJdkClass(String binaryName) {
        return binaryName.startsWith("java.") || binaryName.startsWith("javax.") || binaryName.startsWith("jdk.")
                || binaryName.startsWith("sun.") || binaryName.startsWith("com.sun.");
    }

    /** Whether the class of this internal name is the class of {@code binaryName}, or a relocated copy of it. */
    static boolean isNamed(String internalName, String binaryName) {
        String wanted = binaryName.replace('.', '/');
        if (internalName.equals(wanted)) {
            return true;
        }
        int prefix = internalName.length() - wanted.length();
        return !isJdkClass(binaryName) && prefix > 0 && internalName.endsWith(wanted)
                && internalName.charAt(prefix - 1) == '/';
    }
}
