package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.imdsagent.config.SelfAssumeMode;
import io.imdsagent.imds.InstanceRole;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Which AssumeRole calls name the instance's own role, and what each mode makes of them. */
class SelfAssumeRuleTest {
    private static final InstanceRole OWN = new InstanceRole("aws", "123456789012", "S3Access");
    private static final SelfAssumeRule BLOCK = new SelfAssumeRule(SelfAssumeMode.BLOCK);
    private static final SelfAssumeRule.Signer INSTANCE = () -> SigningPrincipal.INSTANCE;
    private static final SelfAssumeRule.Signer NOT_ASKED = () -> {
        throw new AssertionError("the signer is asked only for an unscoped call of the own role");
    };

    static Stream<Arguments> roleArns() {
        return Stream.of(
                Arguments.of("arn:aws:iam::123456789012:role/S3Access", true),
                Arguments.of("arn:aws:iam::123456789012:role/s3access", true),
                Arguments.of("arn:aws:iam::123456789012:role/S3ACCESS", true),
                Arguments.of("arn:aws:iam::123456789012:role/team/s3access", true),
                Arguments.of("arn:aws:iam::123456789012:role/a/b/c/S3Access", true),
                Arguments.of("arn:aws:iam::123456789012:role/S3AccessReadOnly", false),
                Arguments.of("arn:aws:iam::123456789012:role/Prefix-S3Access", false),
                Arguments.of("arn:aws:iam::123456789012:role/S3Access/other", false),
                Arguments.of("arn:aws:iam::123456789012:role/S3Access/", false),
                Arguments.of("arn:aws:iam::210987654321:role/S3Access", false),
                Arguments.of("arn:aws:iam::1234567890123:role/S3Access", false),
                Arguments.of("arn:aws:iam::12345678901:role/S3Access", false),
                Arguments.of("arn:aws-cn:iam::123456789012:role/S3Access", false),
                Arguments.of("arn:aws-us-gov:iam::123456789012:role/S3Access", false),
                Arguments.of("arn:aw:iam::123456789012:role/S3Access", false),
                Arguments.of("arn:aws:iam:us-east-1:123456789012:role/S3Access", false),
                Arguments.of("arn:aws:sts::123456789012:assumed-role/S3Access/session", false),
                Arguments.of("arn:aws:iam::123456789012:user/S3Access", false),
                Arguments.of("arn:aws:iam::123456789012:instance-profile/S3Access", false),
                Arguments.of("ARN:aws:iam::123456789012:role/S3Access", false),
                Arguments.of("S3Access", false),
                Arguments.of("", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest
    @MethodSource("roleArns")
    void theOwnRoleIsSamePartitionAccountAndNameIgnoringCaseAndPath(String roleArn, boolean own) {
        assertEquals(own, SelfAssumeRule.namesRole(roleArn, OWN));
        assertEquals(own ? SelfAssumeDecision.BLOCKED : SelfAssumeDecision.OTHER_ROLE,
                BLOCK.decide(unscoped(roleArn), OWN, own ? INSTANCE : NOT_ASKED));
    }

    @ParameterizedTest
    @MethodSource("roleArns")
    void whileTheOwnRoleIsUnknownEveryCallGoesOnReported(String roleArn, boolean ignored) {
        SelfAssumeDecision decision = BLOCK.decide(unscoped(roleArn), null, NOT_ASKED);
        assertEquals(SelfAssumeDecision.OWN_ROLE_UNKNOWN, decision);
        assertEquals("self-assume-unchecked", decision.eventName());
    }

    @ParameterizedTest
    @EnumSource(SelfAssumeMode.class)
    void eachModeDecidesTheUnscopedOwnRoleAndNothingElse(SelfAssumeMode mode) {
        SelfAssumeRule rule = new SelfAssumeRule(mode);
        SelfAssumeDecision expected = switch (mode) {
            case BLOCK -> SelfAssumeDecision.BLOCKED;
            case SHORT_CIRCUIT -> SelfAssumeDecision.SHORT_CIRCUITED;
            case ALLOW -> SelfAssumeDecision.ALLOWED;
        };
        assertEquals(expected, rule.decide(unscoped("arn:aws:iam::123456789012:role/S3Access"), OWN, INSTANCE));
        assertEquals(SelfAssumeDecision.OTHER_ROLE, rule.decide(unscoped("arn:aws:iam::123456789012:role/Other"), OWN,
                NOT_ASKED));
        assertEquals(SelfAssumeDecision.SCOPED, rule.decide(AssumeRoleCall.of("arn:aws:iam::123456789012:role/S3Access",
                "s", "{}", null, null, null), OWN, NOT_ASKED));
    }

    /**
     * Only the instance's own credentials make a self-assume: another principal (environment keys, a container
     * role, static keys) goes on unreported in every mode, and one that cannot be told goes on reported.
     */
    @ParameterizedTest
    @EnumSource(SelfAssumeMode.class)
    void aCallSignedByAnotherPrincipalIsNoSelfAssume(SelfAssumeMode mode) {
        SelfAssumeRule rule = new SelfAssumeRule(mode);
        AssumeRoleCall own = unscoped("arn:aws:iam::123456789012:role/S3Access");
        SelfAssumeDecision other = rule.decide(own, OWN, () -> SigningPrincipal.OTHER);
        assertEquals(SelfAssumeDecision.OTHER_PRINCIPAL, other);
        assertEquals(null, other.eventName());
        SelfAssumeDecision unknown = rule.decide(own, OWN, () -> SigningPrincipal.UNKNOWN);
        assertEquals(SelfAssumeDecision.PRINCIPAL_UNKNOWN, unknown);
        assertEquals("self-assume-unchecked", unknown.eventName());
    }

    static Stream<Arguments> scoping() {
        Object tag = new Object();
        return Stream.of(
                Arguments.of(null, null, null, null, List.of()),
                Arguments.of("", List.of(), List.of(), "", List.of()),
                Arguments.of("{\"Version\":\"2012-10-17\"}", null, null, null, List.of("Policy")),
                Arguments.of(null, List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), null, null, List.of("PolicyArns")),
                Arguments.of(null, null, List.of(tag), null, List.of("Tags")),
                Arguments.of(null, null, null, "alice", List.of("SourceIdentity")),
                Arguments.of("{}", List.of("a"), List.of(tag), "alice",
                        List.of("Policy", "PolicyArns", "Tags", "SourceIdentity")));
    }

    /** Null, an empty string and an empty list are unset; SDK v2 gives an empty list for a list never set. */
    @ParameterizedTest
    @MethodSource("scoping")
    void aSessionPolicyPolicyArnsTagsOrASourceIdentityMakeTheCallMeaningful(Object policy, Object policyArns,
                                                                           Object tags, Object sourceIdentity,
                                                                           List<String> set) {
        AssumeRoleCall call = AssumeRoleCall.of("arn:aws:iam::123456789012:role/S3Access", "session", policy,
                policyArns, tags, sourceIdentity);
        assertEquals(set, call.scoping());
        for (SelfAssumeMode mode : SelfAssumeMode.values()) {
            SelfAssumeDecision decision = new SelfAssumeRule(mode).decide(call, OWN,
                    set.isEmpty() ? INSTANCE : NOT_ASKED);
            assertEquals(!set.isEmpty(), decision == SelfAssumeDecision.SCOPED, mode + " " + decision);
            if (!set.isEmpty()) {
                assertEquals("self-assume-allowed", decision.eventName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("partitions")
    void otherPartitionsMatchTheirOwnArns(String partition) {
        InstanceRole role = new InstanceRole(partition, "123456789012", "app");
        assertEquals(true, SelfAssumeRule.namesRole("arn:" + partition + ":iam::123456789012:role/App", role));
        assertEquals(false, SelfAssumeRule.namesRole("arn:aws:iam::123456789012:role/App", role));
    }

    static Stream<String> partitions() {
        return Stream.of("aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b");
    }

    private static AssumeRoleCall unscoped(String roleArn) {
        return AssumeRoleCall.of(roleArn, "session", null, null, null, null);
    }
}
