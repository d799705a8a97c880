package io.imdsagent.instrument;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Builds advice from class files read straight out of the agent jar. ByteBuddy's default reads them
 * through the class loader, which asks the JDK's module image first and so initialises the default
 * java.nio.file file system during premain; app servers that install their own expect to come first.
 */
final class AdviceClassFiles {
    private static final ClassFileLocator AGENT_CLASSES = locate();

    private AdviceClassFiles() {
    }

    static Advice advice(Class<?> enterAndExit) {
        return Advice.to(enterAndExit, AGENT_CLASSES);
    }

    static Advice advice(Class<?> enter, Class<?> exit) {
        return Advice.to(enter, exit, AGENT_CLASSES);
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
