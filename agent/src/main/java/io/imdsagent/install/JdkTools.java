package io.imdsagent.install;

/**
 * Recognises the JDK's own tools ({@code jps}, {@code jcmd}, {@code keytool}, {@code javac}...),
 * which pick up {@code JAVA_TOOL_OPTIONS} like any JVM but have no business with IMDS.
 */
public final class JdkTools {
    private static final String[] TOOL_PACKAGES = {
        "sun.tools.", "sun.security.tools.", "com.sun.tools.", "jdk.", "sun.jvm.hotspot.", "sun.rmi.",
        "sun.applet.", "com.sun.jndi.", "com.sun.corba.",
    };

    private JdkTools() {
    }

    /**
     * @param javaCommand the {@code sun.java.command} property: main class (on JDK 9+ possibly
     *     {@code module/class}) followed by arguments
     */
    public static boolean isJdkTool(String javaCommand) {
        if (javaCommand == null || javaCommand.isEmpty()) {
            return false;
        }
        int space = javaCommand.indexOf(' ');
        String main = space < 0 ? javaCommand : javaCommand.substring(0, space);
        int slash = main.indexOf('/');
        if (slash >= 0) {
            String module = main.substring(0, slash);
            if (module.startsWith("jdk.") || module.startsWith("java.")) {
                return true;
            }
            main = main.substring(slash + 1);
        }
        for (String prefix : TOOL_PACKAGES) {
            if (main.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
