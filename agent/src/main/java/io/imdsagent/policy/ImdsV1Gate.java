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
    private final AllowedRequests allowedByClients = new AllowedRequests();

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

    /** Whether a request's host is a container credential endpoint; see {@link ImdsAddresses#isContainer}. */
    public boolean isContainer(String host) {
        return ImdsAddresses.isContainer(host);
    }

    /** What to do with a request to IMDS ({@link #isImds} said so), made on the current thread. */
    public ImdsV1Decision decide(ImdsRequest request) {
        return decide(request, null, false);
    }

    /**
     * What to do with a request that reached IMDS's connection through the relay; its call site was found when
     * the connection was made. A token-less request that a client's own hook already let through under
     * {@code allow} (and reported) passes without a second event.
     */
    public ImdsV1Decision decideRelayed(ImdsRequest request, CallSite site) {
        return decide(request, site, true);
    }

    private ImdsV1Decision decide(ImdsRequest request, CallSite site, boolean relayed) {
        if (request.forwardingHeader() != null) {
            return refuseForwarded(request, site);
        }
        if (XmlResolution.inProgress()) {
            return refuseForSsrf("xml-blocked", request, site, XML_REASON, XML_FIX);
        }
        if (request.tokened() || request.isTokenPut()) {
            return ImdsV1Decision.PASS;
        }
        CallSite caller = site != null ? site : findCaller();
        switch (mode) {
            case ALLOW:
                if (relayed ? !allowedByClients.take(request) : allowedByClients.add(request)) {
                    AgentCounter.IMDSV1_ALLOWED.increment();
                    report("imdsv1-allowed", request, caller, null, null, "allowed an IMDSv1 call (no token): ",
                            false);
                }
                return ImdsV1Decision.PASS;
            case BLOCK:
                AgentCounter.IMDSV1_BLOCKED.increment();
                ImdsV1Decision refused = ImdsV1Decision.refuse(new IOException(blockedMessage(request, caller)), 401);
                report("imdsv1-blocked", request, caller, null, null, "blocked an IMDSv1 call (no token): ", true);
                return refused;
            default:
                return upgrade(request, caller);
        }
    }

    /**
     * What to do with a request to a container credential endpoint (ECS, EKS Pod Identity): the SSRF rules
     * only, since IMDSv1 modes do not apply there.
     */
    public ImdsV1Decision decideContainer(ImdsRequest request, CallSite site) {
        return request.forwardingHeader() != null ? refuseForwarded(request, site) : ImdsV1Decision.PASS;
    }

    /**
     * The refusal of a connection that an XML processor is opening to IMDS or a container credential endpoint,
     * reported as {@code xml-blocked}.
     */
    public IOException refuseXmlConnection(String client, String host, int port, CallSite site) {
        ImdsRequest connection = new ImdsRequest(client, "CONNECT", "http", host, port, "/", false);
        return refuseForSsrf("xml-blocked", connection, site, XML_REASON, XML_FIX).refusal();
    }

    /**
     * The refusal of a request line written to an HTTP proxy that asks it for IMDS or a container credential endpoint
     * (the application connected to the proxy itself), in every mode, reported as {@code proxy-blocked}.
     */
    public IOException refuseProxied(ImdsRequest request) {
        boolean container = isContainer(request.host());
        String target = container ? "a container credential endpoint" : "IMDS";
        return refuseForSsrf("proxy-blocked", request, null, "asks an HTTP proxy for " + target + ", which is never"
                + " reached through a proxy (SSRF)", "Send it to " + (container ? "the endpoint" : "IMDS")
                + " directly: exclude the address from the proxy (http.nonProxyHosts, NO_PROXY)"
                + (container ? "." : "; imds-agent upgrades token-less requests to IMDSv2.")).refusal();
    }

    /** An application request to IMDS or a container credential endpoint sent directly instead of through its proxy. */
    public void proxyBypassed(String client, String host, String url) {
        CallSite site = findCaller();
        events.report(Event.named("proxy-bypassed").withCaller(site.caller()).with("client", client).with("url", url),
                "sent a request to " + (isContainer(host) ? "a container credential endpoint" : "IMDS")
                        + " directly instead of through a proxy: " + url + " from " + site, false);
    }

    /**
     * The call site, or none when finding it fails (a {@code SecurityManager} that denies
     * {@code getProtectionDomain}, an unusual JVM): the decision never depends on finding the caller.
     */
    private CallSite findCaller() {
        try {
            return callers.find();
        } catch (RuntimeException | Error unusualJvm) {
            return CallSite.UNKNOWN;
        }
    }

    private ImdsV1Decision refuseForwarded(ImdsRequest request, CallSite site) {
        return refuseForSsrf("forwarded-blocked", request, site, "carries " + request.forwardingHeader()
                + ", the sign of a request forwarded for someone else (SSRF)",
                "IMDS answers must never travel on: do not forward requests to IMDS.");
    }

    /**
     * Refused in every mode, tokened or not: these are how IMDS answers leak out through an application. The
     * refusal is made before anything else, so nothing that fails afterwards can turn it into a pass.
     */
    private ImdsV1Decision refuseForSsrf(String event, ImdsRequest request, CallSite site, String reason, String fix) {
        AgentCounter.SSRF_REFUSALS.increment();
        ImdsV1Decision refused = ImdsV1Decision.refuse(new IOException("imds-agent: refused " + request.method() + " "
                + request.url() + ": the request " + reason + ". " + fix), 403);
        report(event, request, site != null ? site : findCaller(), null, null,
                "refused a request to IMDS that " + reason + ": ", true);
        return refused;
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
            return ImdsV1Decision.refuse(e, 503);
        }
    }

    /**
     * @param status of the answer served; null when none was
     * @param error why an upgrade failed; null when it did not
     */
    private void report(String name, ImdsRequest request, CallSite site, Integer status, String error,
                        String logPrefix, boolean warn) {
        try {
            write(name, request, site, status, error, logPrefix, warn);
        } catch (RuntimeException eventFailure) {
            // Reporting is best effort; the decision it reports stands.
        }
    }

    private void write(String name, ImdsRequest request, CallSite site, Integer status, String error,
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

    private static final String XML_REASON = "comes from an XML processor resolving an external entity, DTD, schema"
            + " or XInclude (SSRF)";
    private static final String XML_FIX = "Disable external entities and XInclude in the parser"
            + " (XMLConstants.FEATURE_SECURE_PROCESSING, ACCESS_EXTERNAL_DTD, ACCESS_EXTERNAL_SCHEMA).";

    static String blockedMessage(ImdsRequest request, CallSite site) {
        return "imds-agent: IMDSv1 is blocked: " + request.method() + " " + request.url() + " carries no IMDSv2"
                + " token" + (site.caller() == null ? "" : " (called from " + site.caller() + ")") + ". Make the"
                + " caller use IMDSv2 (PUT /latest/api/token, then send the token as X-aws-ec2-metadata-token),"
                + " move to an AWS SDK with IMDSv2 support (for Java v1 1.11.678 or later, v2 2.10.21 or later),"
                + " or start imds-agent with imdsv1=upgrade to have it serve such calls over IMDSv2.";
    }
}
