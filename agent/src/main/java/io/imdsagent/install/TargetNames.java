package io.imdsagent.install;

import io.imdsagent.instrument.TypeInstrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The class-load filter that runs for every class the JVM loads, most of them before the JIT has compiled it:
 * whether a class is one the agent rewrites. Keyed by the name after the last separator, which a relocated copy
 * keeps too, so a class that is no target costs one short hash lookup; built from the instrumentations' names
 * without ASM, which it exists to keep out.
 */
final class TargetNames {
    // "InstanceProfileCredentialsProvider" -> {"com/amazonaws/auth/InstanceProfileCredentialsProvider", ...}
    private final Map<String, String[]> bySimpleName;

    private TargetNames(Map<String, String[]> bySimpleName) {
        this.bySimpleName = bySimpleName;
    }

    static TargetNames of(Instrumentations instrumentations) {
        Map<String, List<String>> names = new HashMap<String, List<String>>();
        for (int i = 0; i < instrumentations.size(); i++) {
            for (String name : instrumentations.classNames(i)) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                List<String> same = names.get(simple);
                if (same == null) {
                    same = new ArrayList<String>();
                    names.put(simple, same);
                }
                same.add(name);
            }
        }
        Map<String, String[]> bySimpleName = new HashMap<String, String[]>();
        for (Map.Entry<String, List<String>> entry : names.entrySet()) {
            bySimpleName.put(entry.getKey(), entry.getValue().toArray(new String[0]));
        }
        return new TargetNames(bySimpleName);
    }

    /** @param internalName as a {@code ClassFileTransformer} gets it: {@code com/amazonaws/auth/Foo} */
    boolean contains(String internalName) {
        return matches(internalName, '/');
    }

    /** @param binaryName as {@link Class#getName()} says it: {@code com.amazonaws.auth.Foo} */
    boolean containsBinaryName(String binaryName) {
        return matches(binaryName, '.');
    }

    private boolean matches(String name, char separator) {
        String[] targets = bySimpleName.get(name.substring(name.lastIndexOf(separator) + 1));
        if (targets == null) {
            return false;
        }
        String internalName = name.replace('.', '/');
        for (String target : targets) {
            if (TypeInstrumentation.isNamed(internalName, target)) {
                return true;
            }
        }
        return false;
    }
}
