package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.imdsagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code sts:AssumeRole} of the STS clients, asked of the bridge before any request is built:
 * <ul>
 * <li>SDK v1 (1.11 and 1.12) {@code AWSSecurityTokenServiceClient#executeAssumeRole}, which the sync call, the
 * async client's worker and {@code STSAssumeRoleSessionCredentialsProvider} all pass through (the public
 * {@code assumeRole} is left alone, so a call is decided once);</li>
 * <li>SDK v2 {@code DefaultStsClient#assumeRole} and {@code DefaultStsAsyncClient#assumeRole}, which
 * {@code StsAssumeRoleCredentialsProvider} and profiles with {@code role_arn} call.</li>
 * </ul>
 */
public final class StsAssumeRoleInstrumentation implements TypeInstrumentation {
    static final String V2_REQUEST = "software.amazon.awssdk.services.sts.model.AssumeRoleRequest";

    @Override
    public String[] classNames() {
        return new String[] {GuardedStsClasses.V1_CLIENT, GuardedStsClasses.V2_CLIENT,
            GuardedStsClasses.V2_ASYNC_CLIENT};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on(AssumeRoleMethods.matcher(), AssumeRoleAdvice.class,
                ServeAdvice.Return.class));
    }

    /** Apart, so that verifying the instrumentation at premain loads none of ByteBuddy's matcher types. */
    static final class AssumeRoleMethods {
        static ElementMatcher.Junction<MethodDescription> matcher() {
            return takesArguments(1).and(named("executeAssumeRole")
                    .or(named("assumeRole").and(takesArgument(0, ClassNames.matcher(V2_REQUEST)))));
        }
    }

    /** Entry: the bridge answers null (the SDK goes on), the result to return, or the exception to throw. */
    static final class AssumeRoleAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
            return Bridge.assumeRole(client, request);
        }
    }
}
