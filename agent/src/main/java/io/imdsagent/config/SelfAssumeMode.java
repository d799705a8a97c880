package io.imdsagent.config;

/** What happens to an {@code sts:AssumeRole} of the instance's own role (option {@code self-assume}). */
public enum SelfAssumeMode {
    BLOCK, SHORT_CIRCUIT, ALLOW
}
