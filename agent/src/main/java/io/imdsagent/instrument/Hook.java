package io.imdsagent.instrument;

/**
 * One method the agent rewrites and the bridge call woven into it, as data; {@code io.imdsagent.install.Weaver}
 * turns it into a few instructions. A method is picked by name and argument count (relocated copies of a library
 * change the packages in descriptors, not these), narrowed where that cannot tell. The bridge method is named;
 * its parameters take the {@link Value}s in order and, for the exit shapes, the value returned last. Bridge
 * methods that must not fail the host catch their own failures and answer "do nothing", so the woven code has no
 * handler of its own.
 */
public final class Hook {

    /** What the bridge call does to the method. */
    public enum Shape {
        /**
         * On entry; a non-null answer skips the body and is returned (a method returning nothing just returns), or
         * thrown when it is an exception.
         */
        ANSWER,
        /** On entry; what the bridge returns replaces one argument. */
        REPLACE_ARGUMENT,
        /** At each return; what the bridge returns is returned instead. */
        FILTER_RETURN,
        /** At each return; the bridge sees the value returned. */
        OBSERVE_RETURN
    }

    private final Shape shape;
    private final String method;
    private final int arguments;
    private final int replaced;
    private final String bridgeMethod;
    private final Value[] values;
    private final int typedArgument;
    private final String typedArgumentClass;
    private final String onlyIn;
    private final int unlessOverloadTakes;

    private Hook(Shape shape, String method, int arguments, int replaced, String bridgeMethod, Value[] values,
                 int typedArgument, String typedArgumentClass, String onlyIn, int unlessOverloadTakes) {
        this.shape = shape;
        this.method = method;
        this.arguments = arguments;
        this.replaced = replaced;
        this.bridgeMethod = bridgeMethod;
        this.values = values;
        this.typedArgument = typedArgument;
        this.typedArgumentClass = typedArgumentClass;
        this.onlyIn = onlyIn;
        this.unlessOverloadTakes = unlessOverloadTakes;
    }

    public static Hook answer(String method, int arguments, String bridgeMethod, Value... values) {
        return new Hook(Shape.ANSWER, method, arguments, -1, bridgeMethod, values, -1, null, null, -1);
    }

    /** @param method {@code <init>} for a constructor, where nothing may be passed of {@code this} */
    public static Hook replaceArgument(String method, int arguments, int argument, String bridgeMethod,
                                       Value... values) {
        return new Hook(Shape.REPLACE_ARGUMENT, method, arguments, argument, bridgeMethod, values, -1, null, null, -1);
    }

    /**
     * Arguments are read as they are at the return: the methods hooked so do not assign to theirs.
     */
    public static Hook filterReturn(String method, int arguments, String bridgeMethod, Value... values) {
        return new Hook(Shape.FILTER_RETURN, method, arguments, -1, bridgeMethod, values, -1, null, null, -1);
    }

    public static Hook observeReturn(String method, int arguments, String bridgeMethod, Value... values) {
        return new Hook(Shape.OBSERVE_RETURN, method, arguments, -1, bridgeMethod, values, -1, null, null, -1);
    }

    /** Only where argument {@code index} is of this class (or, outside the JDK, a relocated copy of it). */
    public Hook whereArgument(int index, String binaryName) {
        return new Hook(shape, method, arguments, replaced, bridgeMethod, values, index, binaryName, onlyIn,
                unlessOverloadTakes);
    }

    /** Only in the class of this name (or a relocated copy), of those the instrumentation names. */
    public Hook onlyIn(String binaryName) {
        return new Hook(shape, method, arguments, replaced, bridgeMethod, values, typedArgument, typedArgumentClass,
                binaryName, unlessOverloadTakes);
    }

    /** Only where the class declares no method of the same name taking {@code arguments} arguments. */
    public Hook unlessOverloadTakes(int otherArguments) {
        return new Hook(shape, method, arguments, replaced, bridgeMethod, values, typedArgument, typedArgumentClass,
                onlyIn, otherArguments);
    }

    public Shape shape() {
        return shape;
    }

    public String method() {
        return method;
    }

    public int arguments() {
        return arguments;
    }

    /** The argument {@link Shape#REPLACE_ARGUMENT} replaces. */
    public int replaced() {
        return replaced;
    }

    public String bridgeMethod() {
        return bridgeMethod;
    }

    public Value[] values() {
        return values.clone();
    }

    /** The argument whose class is named, or -1. */
    public int typedArgument() {
        return typedArgument;
    }

    public String typedArgumentClass() {
        return typedArgumentClass;
    }

    /** The one class hooked, or null for every class the instrumentation names. */
    public String onlyIn() {
        return onlyIn;
    }

    /** The overload whose presence leaves this method alone, by argument count, or -1. */
    public int unlessOverloadTakes() {
        return unlessOverloadTakes;
    }

    @Override
    public String toString() {
        return shape + " " + method + "/" + arguments + " -> " + bridgeMethod;
    }

    /** A value passed to the bridge. */
    public static final class Value {

        /** Where the value comes from. */
        public enum Kind {
            THIS, ARGUMENT, FIELD, CONSTANT, NULL
        }

        private static final Value THIS = new Value(Kind.THIS, -1, null);
        private static final Value NULL = new Value(Kind.NULL, -1, null);

        private final Kind kind;
        private final int argument;
        private final String name;

        private Value(Kind kind, int argument, String name) {
            this.kind = kind;
            this.argument = argument;
            this.name = name;
        }

        public static Value self() {
            return THIS;
        }

        public static Value argument(int index) {
            return new Value(Kind.ARGUMENT, index, null);
        }

        /** An instance field the hooked class declares. */
        public static Value field(String name) {
            return new Value(Kind.FIELD, -1, name);
        }

        public static Value constant(String text) {
            return new Value(Kind.CONSTANT, -1, text);
        }

        public static Value none() {
            return NULL;
        }

        public Kind kind() {
            return kind;
        }

        public int argument() {
            return argument;
        }

        /** The field's name, or the constant. */
        public String name() {
            return name;
        }
    }
}
