package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A role name from the credentials listing becomes part of the next request's path: only IAM's names pass. */
class InstanceRoleNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"imds-agent-test-role", "a", "Role+=,.@_-9",
        "r234567890123456789012345678901234567890123456789012345678901234"})
    void iamRoleNamesPass(String name) {
        assertTrue(InstanceProfile.isIamRoleName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "\uFEFF{", "role name", "r\u00e9le", "role%2F", "{\"Code\"",
        "r2345678901234567890123456789012345678901234567890123456789012345"})
    void anythingElseIsNoRole(String name) {
        assertFalse(InstanceProfile.isIamRoleName(name), name);
    }
}
