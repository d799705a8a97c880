package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/** The classes one instrumentation rewrites (by name only, so matching is cheap) and how it rewrites them. */
public interface TypeInstrumentation {

    ElementMatcher<TypeDescription> types();

    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder);

    /** An SDK class by its exact name, or a copy of it relocated inside another distribution. */
    static ElementMatcher.Junction<TypeDescription> sdkClass(String name) {
        return named(name).or(nameEndsWith("." + name));
    }
}
