package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The classes one instrumentation rewrites (by exact name, so matching is cheap) and how it rewrites them.
 *
 * <p>Instances are made at premain, where only {@link #classNames()} is read: the agent's class-load filter
 * is built from those names alone, and ByteBuddy comes in only when one of them first loads. So a constructor
 * and {@code classNames()} must not touch ByteBuddy; advice is built in {@link #transform}.
 */
public interface TypeInstrumentation {

    /**
     * The binary names of the classes rewritten. A JDK class ({@code java.}, {@code javax.}, {@code jdk.},
     * {@code sun.}, {@code com.sun.}) is matched by that name alone; any other also when relocated inside
     * another distribution (a name ending in {@code .} and the name).
     */
    String[] classNames();

    /**
     * The named classes, narrowed further where a name cannot tell (a class, not an interface). Typed as
     * {@link ClassNames#matcher} answers, so that verifying this interface at premain loads no ByteBuddy class.
     */
    default ElementMatcher.Junction<TypeDescription> types() {
        return ClassNames.matcher(classNames());
    }

    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder);

    /** Whether {@code binaryName} is the JDK's own, so never a relocated copy. */
    static boolean isJdkClass(String binaryName) {
        return binaryName.startsWith("java.") || binaryName.startsWith("javax.") || binaryName.startsWith("jdk.")
                || binaryName.startsWith("sun.") || binaryName.startsWith("com.sun.");
    }

    /** Apart from the interface, which is verified at premain: ByteBuddy's types are loaded only when it is used. */
    final class ClassNames {
        private ClassNames() {
        }

        /** The classes of these names, exact, and relocated copies of those outside the JDK. */
        public static ElementMatcher.Junction<TypeDescription> matcher(String... binaryNames) {
            ElementMatcher.Junction<TypeDescription> matcher = none();
            for (String name : binaryNames) {
                matcher = matcher.or(isJdkClass(name) ? named(name) : named(name).or(nameEndsWith("." + name)));
            }
            return matcher;
        }

        /** As {@link #matcher}, but classes only: an interface of one of these names is left alone. */
        public static ElementMatcher.Junction<TypeDescription> classesOnly(String... binaryNames) {
            return matcher(binaryNames).and(not(isInterface()));
        }
    }
}
