package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.policy.AssumeRoleCall;
import java.util.concurrent.CompletableFuture;

/**
 * One STS client class whose AssumeRole the agent guards, with the SDK objects of its copy. The answers are
 * what the instrumented method gives its caller instead of calling STS; an async client's method returns a
 * future, so there they come as a completed or failed future rather than a result or an exception to throw.
 */
public final class GuardedStsClass {
    private final String name;
    private final StsObjects objects;
    private final boolean async;

    GuardedStsClass(String name, StsObjects objects, boolean async) {
        this.name = name;
        this.objects = objects;
        this.async = async;
    }

    /** The client class's name, for log lines and events. */
    public String name() {
        return name;
    }

    /** What the self-assume rule needs of the client's {@code AssumeRoleRequest}. */
    public AssumeRoleCall call(Object request) throws ReflectiveOperationException {
        return objects.call(request);
    }

    /**
     * The access key id {@code client} signs {@code request} with, resolved through the SDK's own credentials
     * provider (the request's, else the client's); see {@link StsObjects#signingAccessKeyId}.
     */
    public String signingAccessKeyId(Object client, Object request) throws ReflectiveOperationException {
        return objects.signingAccessKeyId(client, request);
    }

    /** The SDK's AssumeRole result carrying the instance credentials (an async client: a completed future of it). */
    public Object answer(Credentials credentials, String assumedRoleArn, String assumedRoleId)
            throws ReflectiveOperationException {
        Object result = objects.result(credentials, assumedRoleArn, assumedRoleId);
        return async ? CompletableFuture.completedFuture(result) : result;
    }

    /** The SDK's client exception, to throw (an async client: a future failed with it). */
    public Object refusal(String message) throws ReflectiveOperationException {
        RuntimeException exception = objects.clientException(message);
        if (!async) {
            return exception;
        }
        CompletableFuture<Object> failed = new CompletableFuture<Object>();
        failed.completeExceptionally(exception);
        return failed;
    }
}
