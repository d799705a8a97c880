package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Builds advice from class files read straight out of the agent jar. ByteBuddy's default reads them
 * through the class loader, which asks the JDK's module image first and so initialises the default
 * java.nio.file file system during premain; app servers that install their own expect to come first.
 */
final class AdviceClassFiles {
    private static final ClassFileLocator AGENT_CLASSES = locate();

    private AdviceClassFiles() {
    }

    // Taking names and typed as exactly what instrumentations pass on, so that verifying their classes at premain,
    // when only their class names are wanted, loads no ByteBuddy class (the verifier loads a parameter's type to
    // check what is passed to it).

    /** The advice on the methods of this name that take this many arguments. */
    static AsmVisitorWrapper on(String method, int arguments, Class<?> enterAndExit) {
        return on(named(method).and(takesArguments(arguments)), enterAndExit);
    }

    static AsmVisitorWrapper on(String method, int arguments, Class<?> enter, Class<?> exit) {
        return on(named(method).and(takesArguments(arguments)), enter, exit);
    }

    /** The advice on the methods of this name that take exactly these argument types. */
    static AsmVisitorWrapper on(String method, Class<?>[] argumentTypes, Class<?> enterAndExit) {
        return on(named(method).and(takesArguments(argumentTypes)), enterAndExit);
    }

    /** The advice class's enter and exit on the methods matched. */
    static AsmVisitorWrapper on(ElementMatcher.Junction<MethodDescription> methods, Class<?> enterAndExit) {
        return Advice.to(enterAndExit, AGENT_CLASSES).on(methods);
    }

    static AsmVisitorWrapper on(ElementMatcher.Junction<MethodDescription> methods, Class<?> enter, Class<?> exit) {
        return Advice.to(enter, exit, AGENT_CLASSES).on(methods);
    }

    private static ClassFileLocator locate() {
        try {
            File source = new File(AdviceClassFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (source.isFile()) {
                return ClassFileLocator.ForJarFile.of(source);
            }
        } catch (URISyntaxException | IOException | RuntimeException unusualCodeSource) {
            // Fall back to the class loader: correct, only less careful about premain.
        }
        return ClassFileLocator.ForClassLoader.of(AdviceClassFiles.class.getClassLoader());
    }
}
