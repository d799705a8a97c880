package io.imdsagent;

import io.imdsagent.config.LogLevel;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Event;
import io.imdsagent.events.EventSink;
import io.imdsagent.imds.CredentialEvents;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import java.time.Instant;

/** Turns what the credential cache reports into log lines and events (which the redactor scrubs). */
final class CredentialReporter implements CredentialEvents {
    private final AgentLog log;
    private final EventSink events;

    CredentialReporter(AgentLog log, EventSink events) {
        this.log = log;
        this.events = events;
    }

    /**
     * Every rotation, and a JVM's first credentials: where neither the log nor events want it, the JDK's date
     * formatter (some 40 classes on the first credentials' path) is not loaded to say it.
     */
    @Override
    public void refreshed(Credentials credentials) {
        if (events == EventSink.OFF && !log.enabled(LogLevel.DEBUG)) {
            return;
        }
        String expiration = Instant.ofEpochMilli(credentials.expirationMillis()).toString();
        log.debug("credentials refreshed: " + credentials.accessKeyId() + ", expire " + expiration);
        events.emit(Event.named("credentials-refreshed").with("accessKeyId", credentials.accessKeyId())
                .with("expiration", expiration));
    }

    @Override
    public void expiredServed(Credentials credentials, long servedUntilMillis) {
        String until = Instant.ofEpochMilli(servedUntilMillis).toString();
        log.warn("IMDS handed out credentials that expired at " + Instant.ofEpochMilli(credentials.expirationMillis())
                + " (an AWS-side outage); serving them until " + until + " and asking again then");
        events.emit(Event.named("credentials-expired-served").with("accessKeyId", credentials.accessKeyId())
                .with("expiration", Instant.ofEpochMilli(credentials.expirationMillis()).toString())
                .with("servedUntil", until));
    }

    @Override
    public void imdsError(ImdsException error, long retryInMillis) {
        log.warn(error.getMessage().substring("imds-agent: ".length()) + " Retrying in " + (retryInMillis / 1000)
                + "s.");
        events.emit(Event.named("imds-error").with("kind", error.kind().name().toLowerCase())
                .with("message", error.getMessage()).with("retryInMillis", retryInMillis));
    }
}
