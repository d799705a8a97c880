package io.imdsagent.install;

import io.imdsagent.instrument.TypeInstrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class-load filter that runs for every class the JVM loads: whether a class, by the internal name the
 * JVM hands a transformer, is one the agent rewrites. One hash lookup and a few suffix comparisons, no
 * allocation; built from the instrumentations' names without ByteBuddy, which it exists to keep out.
 */
final class TargetNames {
    // internal names (com/amazonaws/auth/...), exact
    private final Set<String> exact;
    // "/" + internal name, for copies of non-JDK classes relocated inside another distribution
    private final String[] relocatedSuffixes;

    private TargetNames(Set<String> exact, String[] relocatedSuffixes) {
        this.exact = exact;
        this.relocatedSuffixes = relocatedSuffixes;
    }

    static TargetNames of(List<TypeInstrumentation> instrumentations) {
        Set<String> exact = new HashSet<String>();
        List<String> relocated = new ArrayList<String>();
        for (TypeInstrumentation instrumentation : instrumentations) {
            for (String name : instrumentation.classNames()) {
                String internal = name.replace('.', '/');
                exact.add(internal);
                if (!TypeInstrumentation.isJdkClass(name)) {
                    relocated.add("/" + internal);
                }
            }
        }
        return new TargetNames(exact, relocated.toArray(new String[0]));
    }

    /** @param internalName as a {@code ClassFileTransformer} gets it: {@code com/amazonaws/auth/Foo} */
    boolean contains(String internalName) {
        if (exact.contains(internalName)) {
            return true;
        }
        for (String suffix : relocatedSuffixes) {
            if (internalName.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
