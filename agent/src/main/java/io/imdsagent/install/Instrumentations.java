package io.imdsagent.install;

import io.imdsagent.instrument.TypeInstrumentation;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Instrumentations by index: the classes each one names, known without making it, and the instrumentation itself,
 * made when the weaver first meets one of its classes. So premain reads names only, and a JVM makes the
 * instrumentations of the classes it loads rather than all of them.
 */
abstract class Instrumentations {
    private final String[][] classNames;
    private final AtomicReferenceArray<TypeInstrumentation> made;

    /** @param classNames by index, what {@link TypeInstrumentation#classNames()} of the one made there returns */
    Instrumentations(String[][] classNames) {
        this.classNames = classNames;
        this.made = new AtomicReferenceArray<TypeInstrumentation>(classNames.length);
    }

    abstract TypeInstrumentation make(int index);

    int size() {
        return classNames.length;
    }

    String[] classNames(int index) {
        return classNames[index];
    }

    TypeInstrumentation get(int index) {
        TypeInstrumentation instrumentation = made.get(index);
        if (instrumentation == null) {
            // two threads may both make one; the first one kept wins, and making one has no side effect
            made.compareAndSet(index, null, make(index));
            instrumentation = made.get(index);
        }
        return instrumentation;
    }
}
