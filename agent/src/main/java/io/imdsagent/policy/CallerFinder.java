package io.imdsagent.policy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds who made a request from the current stack: the first frame outside the JDK, the agent, the HTTP
 * client libraries and the AWS SDKs (an SDK's own metadata code is the HTTP client of the application that
 * calls it). On JDK 9+ frames come with their classes ({@code StackWalker}, reached reflectively because the
 * agent is Java 8 bytecode), so the caller's jar is known; on JDK 8 the class is looked up by name.
 */
public class CallerFinder {
    private static final String[] PLATFORM = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin."};
    /** The agent's own packages; its sample apps ({@code io.imdsagent.testapps}) are callers like any other. */
    private static final String[] AGENT = {
        "io.imdsagent.bootstrap.", "io.imdsagent.policy.", "io.imdsagent.instrument.", "io.imdsagent.install.",
        "io.imdsagent.handler.", "io.imdsagent.adapters.", "io.imdsagent.imds.", "io.imdsagent.events.",
        "io.imdsagent.config.", "io.imdsagent.shaded.", "io.imdsagent.relay.",
    };
    /** Libraries that make requests for their callers; also matched when relocated ({@code x.y.okhttp3.}). */
    private static final String[] LIBRARIES = {
        "okhttp3.", "okio.", "com.squareup.okhttp.", "org.apache.http.", "org.apache.hc.", "com.amazonaws.",
        "software.amazon.awssdk.", "io.netty.", "reactor.netty.", "reactor.core.", "org.eclipse.jetty.", "io.vertx.",
        "com.ctc.wstx.", "net.sf.saxon.",
    };

    /** The call site of the code running now. */
    public CallSite find() {
        return find(StackWalking.WALKER != null ? StackWalking.WALKER.frames() : throwableFrames());
    }

    /** The call site in {@code frames}, innermost first. */
    static CallSite find(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            String name = frame.element.getClassName();
            if (matches(name, PLATFORM, false) || matches(name, AGENT, false) || matches(name, LIBRARIES, true)) {
                continue;
            }
            Frame callee = i > 0 ? frames.get(i - 1) : null;
            boolean viaLibrary = callee != null && matches(callee.element.getClassName(), LIBRARIES, true);
            return new CallSite(describe(frame.element), origin(frame),
                    viaLibrary ? describe(callee.element) : null, viaLibrary ? origin(callee) : null);
        }
        return CallSite.UNKNOWN;
    }

    private static boolean matches(String className, String[] prefixes, boolean relocatable) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix) || (relocatable && className.contains("." + prefix))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(StackTraceElement element) {
        String file = element.getFileName();
        String where = file == null ? "Unknown Source"
                : element.getLineNumber() >= 0 ? file + ":" + element.getLineNumber() : file;
        return element.getClassName() + "." + element.getMethodName() + "(" + where + ")";
    }

    private static JarOrigin origin(Frame frame) {
        return frame.type == null ? null : JarOrigin.of(frame.type);
    }

    private static List<Frame> throwableFrames() {
        StackTraceElement[] elements = new Throwable().getStackTrace();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Frame> frames = new ArrayList<Frame>(elements.length);
        for (StackTraceElement element : elements) {
            frames.add(new Frame(loaded(element.getClassName(), loader), element));
        }
        return frames;
    }

    private static Class<?> loaded(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** One stack frame: its class when known, and where it is. */
    static final class Frame {
        final Class<?> type;
        final StackTraceElement element;

        Frame(Class<?> type, StackTraceElement element) {
            this.type = type;
            this.element = element;
        }
    }

    /** {@code StackWalker} with class references, through reflection; set up at the first call, null on JDK 8. */
    private static final class StackWalking {
        static final StackWalking WALKER = create();

        private final Object walker;
        private final Method walk;
        private final Method declaringClass;
        private final Method toStackTraceElement;

        private StackWalking(Object walker, Method walk, Method declaringClass, Method toStackTraceElement) {
            this.walker = walker;
            this.walk = walk;
            this.declaringClass = declaringClass;
            this.toStackTraceElement = toStackTraceElement;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static StackWalking create() {
            try {
                Class<?> walkerClass = Class.forName("java.lang.StackWalker");
                Class<? extends Enum> option = (Class<? extends Enum>) Class.forName("java.lang.StackWalker$Option");
                Class<?> frame = Class.forName("java.lang.StackWalker$StackFrame");
                Object walker = walkerClass.getMethod("getInstance", java.util.Set.class)
                        .invoke(null, EnumSet.of(Enum.valueOf(option, "RETAIN_CLASS_REFERENCE")));
                return new StackWalking(walker, walkerClass.getMethod("walk", Function.class),
                        frame.getMethod("getDeclaringClass"), frame.getMethod("toStackTraceElement"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        @SuppressWarnings("unchecked")
        List<Frame> frames() {
            try {
                return (List<Frame>) walk.invoke(walker, new Function<Stream<Object>, List<Frame>>() {
                    @Override
                    public List<Frame> apply(Stream<Object> stream) {
                        List<Frame> frames = new ArrayList<Frame>();
                        for (Iterator<Object> it = stream.iterator(); it.hasNext(); ) {
                            Object frame = it.next();
                            try {
                                frames.add(new Frame((Class<?>) declaringClass.invoke(frame),
                                        (StackTraceElement) toStackTraceElement.invoke(frame)));
                            } catch (ReflectiveOperationException e) {
                                return Collections.emptyList();
                            }
                        }
                        return frames;
                    }
                });
            } catch (ReflectiveOperationException | RuntimeException e) {
                return throwableFrames();
            }
        }
    }
}
