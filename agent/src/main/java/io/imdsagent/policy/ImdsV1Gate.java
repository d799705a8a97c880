package io.imdsagent.policy;

import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.metrics.AgentCounter;
import java.io.IOException;

/**
 * The {@code imdsv1} option applied to one application request: a request that carries a token, or is
 * the token PUT, passes in every mode; a token-less one is served over IMDSv2 ({@code upgrade}), refused
 * ({@code block}) or let through ({@code allow}), and each such decision is reported with its call site.
 */
public final class ImdsV1Gate {
    private final ImdsV1Mode mode;
    private final ImdsAddresses addresses;
    private final ImdsV2Answers answers;
    private final CallerFinder callers;
    private final CallSiteEvents events;

    public ImdsV1Gate(ImdsV1Mode mode, ImdsAddresses addresses, ImdsV2Answers answers, CallerFinder callers,
                      CallSiteEvents events) {
        this.mode = mode;
        this.addresses = addresses;
        this.answers = answers;
        this.callers = callers;
        this.events = events;
    }

    /** The cheap first check every client request goes through; see {@link ImdsAddresses}. */
    public boolean isImds(String scheme, String host, int port) {
        return addresses.isImds(scheme, host, port);
    }

    /** What to do with a request to IMDS ({@link #isImds} said so). */
    public ImdsV1Decision decide(ImdsRequest request) {
        if (request.forwardingHeader() != null) {
            return refuseForSsrf("forwarded-blocked", request, "carries " + request.forwardingHeader()
                    + ", the sign of a request forwarded for someone else (SSRF)",
                    "IMDS answers must never travel on: do not forward requests to IMDS.");
        }
        if (XmlResolution.inProgress()) {
            return refuseForSsrf("xml-blocked", request, "comes from an XML processor resolving an external entity,"
                    + " DTD, schema or XInclude (SSRF)", "Disable external entities and XInclude in the parser"
                    + " (XMLConstants.FEATURE_SECURE_PROCESSING, ACCESS_EXTERNAL_DTD, ACCESS_EXTERNAL_SCHEMA).");
        }
        if (request.tokened() || request.isTokenPut()) {
            return ImdsV1Decision.PASS;
        }
        CallSite site = callers.find();
        switch (mode) {
            case ALLOW:
                AgentCounter.IMDSV1_ALLOWED.increment();
                report("imdsv1-allowed", request, site, null, null, "allowed an IMDSv1 call (no token): ", false);
                return ImdsV1Decision.PASS;
            case BLOCK:
                AgentCounter.IMDSV1_BLOCKED.increment();
                IOException refusal = new IOException(blockedMessage(request, site));
                report("imdsv1-blocked", request, site, null, null, "blocked an IMDSv1 call (no token): ", true);
                return ImdsV1Decision.refuse(refusal);
            default:
                return upgrade(request, site);
        }
    }

    /** An application request to IMDS that was sent directly instead of through the proxy it named. */
    public void proxyBypassed(String client, String url) {
        CallSite site = callers.find();
        events.report(Event.named("proxy-bypassed").withCaller(site.caller()).with("client", client).with("url", url),
                "sent a request to IMDS directly instead of through a proxy: " + url + " from " + site, false);
    }

    /** Refused in every mode, tokened or not: these are how IMDS answers leak out through an application. */
    private ImdsV1Decision refuseForSsrf(String event, ImdsRequest request, String reason, String fix) {
        AgentCounter.SSRF_REFUSALS.increment();
        CallSite site = callers.find();
        report(event, request, site, null, null, "refused a request to IMDS that " + reason + ": ", true);
        return ImdsV1Decision.refuse(new IOException("imds-agent: refused " + request.method() + " " + request.url()
                + ": the request " + reason + ". " + fix));
    }

    private ImdsV1Decision upgrade(ImdsRequest request, CallSite site) {
        AgentCounter.IMDSV1_UPGRADED.increment();
        try {
            ImdsAnswer answer = answers.answer(request);
            report("imdsv1-upgraded", request, site, answer.status(), null,
                    "served an IMDSv1 call (no token) over IMDSv2: ", false);
            return ImdsV1Decision.serve(answer);
        } catch (ImdsException e) {
            report("imdsv1-upgraded", request, site, null, e.getMessage(),
                    "could not serve an IMDSv1 call over IMDSv2 (" + e.getMessage() + "): ", true);
            return ImdsV1Decision.refuse(e);
        }
    }

    /**
     * @param status of the answer served; null when none was
     * @param error why an upgrade failed; null when it did not
     */
    private void report(String name, ImdsRequest request, CallSite site, Integer status, String error,
                        String logPrefix, boolean warn) {
        Event event = Event.named(name).withCaller(site.caller())
                .with("client", request.client())
                .with("method", request.method())
                .with("url", request.url())
                .with("status", status)
                .with("error", error);
        if (site.jar() != null) {
            event = event.with("jar", site.jar().path()).with("jarVersion", site.jar().version());
        }
        if (site.via() != null) {
            event = event.with("via", site.via());
            if (site.viaJar() != null) {
                event = event.with("viaJar", site.viaJar().path()).with("viaJarVersion", site.viaJar().version());
            }
        }
        events.report(event, logPrefix + request.method() + " " + request.url() + " through " + request.client()
                + " from " + site, warn);
    }

    static String blockedMessage(ImdsRequest request, CallSite site) {
        return "imds-agent: IMDSv1 is blocked: " + request.method() + " " + request.url() + " carries no IMDSv2"
                + " token" + (site.caller() == null ? "" : " (called from " + site.caller() + ")") + ". Make the"
                + " caller use IMDSv2 (PUT /latest/api/token, then send the token as X-aws-ec2-metadata-token),"
                + " move to an AWS SDK with IMDSv2 support (for Java v1 1.11.678 or later, v2 2.10.21 or later),"
                + " or start imds-agent with imdsv1=upgrade to have it serve such calls over IMDSv2.";
    }
}
