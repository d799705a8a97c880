package io.imdsagent.config;

/** What happens to an application's IMDS call that carries no token (option {@code imdsv1}). */
public enum ImdsV1Mode {
    UPGRADE, BLOCK, ALLOW
}
