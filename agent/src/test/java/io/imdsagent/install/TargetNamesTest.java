package io.imdsagent.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The premain class-load filter: the agent's targets by exact internal name, relocated SDK copies, nothing else. */
class TargetNamesTest {
    private final TargetNames targets = TargetNames.of(AgentInstaller.instrumentations());

    @ParameterizedTest
    @ValueSource(strings = {
        "com/amazonaws/auth/InstanceProfileCredentialsProvider",
        "shaded/com/amazonaws/auth/InstanceProfileCredentialsProvider",
        "software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProvider",
        "x/y/software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProvider",
        "com/amazonaws/services/securitytoken/AWSSecurityTokenServiceClient",
        "okhttp3/internal/http/RetryAndFollowUpInterceptor",
        "sun/net/www/protocol/http/Handler",
        "java/net/Socket",
    })
    void letsTheAgentsTargetsThrough(String internalName) {
        assertTrue(targets.contains(internalName), internalName);
        assertTrue(targets.containsBinaryName(internalName.replace('/', '.')), internalName);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "xcom/amazonaws/auth/InstanceProfileCredentialsProvider",
        "com/amazonaws/auth/InstanceProfileCredentialsProviderTest",
        "com/amazonaws/auth/ContainerCredentialsProvider",
        "java/lang/String",
        "Hello",
        "io/imdsagent/ImdsAgent",
        // JDK classes are the JDK's own: a relocated copy of one is no target
        "shaded/sun/net/www/protocol/http/Handler",
        "shaded/java/net/Socket",
    })
    void letsEverythingElseGo(String internalName) {
        assertFalse(targets.contains(internalName), internalName);
        assertFalse(targets.containsBinaryName(internalName.replace('/', '.')), internalName);
    }
}
