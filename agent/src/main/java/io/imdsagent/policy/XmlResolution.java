package io.imdsagent.policy;

/**
 * Tells whether an XML processor is fetching a resource on the current stack: an external entity, an
 * external DTD, an XInclude, a schema location or an XSLT {@code document()}. That is how IMDS answers
 * leak through XML processors (SSRF), so such a fetch of an IMDS address is refused in every mode.
 * Only consulted for requests already known to go to IMDS, so walking the stack costs nothing elsewhere.
 */
public final class XmlResolution {
    /** Packages whose code on the stack means an XML processor asked for the resource (relocated too). */
    private static final String[] XML_PROCESSORS = {
        "com.sun.org.apache.xerces.internal.", "com.sun.org.apache.xalan.internal.",
        "com.sun.org.apache.xml.internal.", "org.apache.xerces.", "org.apache.xalan.", "com.ctc.wstx.",
        "net.sf.saxon.", "org.apache.xml.resolver.",
    };

    private XmlResolution() {
    }

    /** Whether {@code stack} (innermost first) runs inside an XML processor. */
    public static boolean inProgress(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            for (String prefix : XML_PROCESSORS) {
                if (name.startsWith(prefix) || name.contains("." + prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same for the current thread. */
    public static boolean inProgress() {
        return inProgress(new Throwable().getStackTrace());
    }
}
