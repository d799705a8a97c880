package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice shared by the SDK instrumentations. Inlined into SDK classes (1.11 ones are Java 6 class files):
 * JDK types and the bridge only, no lambdas. On entry the bridge answers; an answer skips the SDK's body,
 * and on exit it becomes the return value, or is thrown when it is the SDK's own exception.
 */
final class ServeAdvice {

    private ServeAdvice() {
    }

    /** Entry of a method returning credentials, decided by the class of {@code this}. */
    static final class Credentials {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.This Object self) {
            return Bridge.instanceProfileCredentials(self);
        }
    }

    /** Entry of SDK v2's private {@code refreshCredentials()}, decided by the class of {@code this}. */
    static final class RefreshResult {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.This Object self) {
            return Bridge.instanceProfileRefreshResult(self);
        }
    }

    /** Exit: not suppressed, because the SDK's exception must reach the caller as the SDK would throw it. */
    static final class Return {
        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object served,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            if (served instanceof RuntimeException) {
                throw (RuntimeException) served;
            }
            if (served != null) {
                returned = served;
            }
        }
    }
}
