package io.imdsagent.policy;

/**
 * Who signs an {@code sts:AssumeRole} call, as far as the agent can tell from the STS client: only a call signed
 * with the instance's own credentials can be a self-assume.
 */
public enum SigningPrincipal {
    /** The client signs with the instance credentials (the instance-profile provider, or a chain that ends there). */
    INSTANCE,
    /** Other credentials: environment keys, a container or pod role, static keys, a profile, an assumed role. */
    OTHER,
    /** The client's credentials could not be resolved or read (see the guard's reason). */
    UNKNOWN
}
