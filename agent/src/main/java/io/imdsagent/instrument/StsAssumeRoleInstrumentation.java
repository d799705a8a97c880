package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.self;

import io.imdsagent.adapters.GuardedStsClasses;

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
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("executeAssumeRole", 1, "assumeRole", self(), argument(0)),
            Hook.answer("assumeRole", 1, "assumeRole", self(), argument(0)).whereArgument(0, V2_REQUEST),
        };
    }
}
