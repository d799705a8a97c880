package io.imdsagent.report;

/**
 * What to do about a row. For IMDSv1 calls made through an AWS SDK it depends on the SDK's version: the AWS
 * SDK for Java uses IMDSv2 from 1.11.678 (v1) and 2.10.21 (v2) on, per AWS's IMDSv2 migration guide; a newer
 * SDK that still made an IMDSv1 call fell back to it after its token request failed.
 */
final class Remedy {
    static final String SDK_V1_FIXED = "1.11.678";
    static final String SDK_V2_FIXED = "2.10.21";
    private static final String HAND_WRITTEN = "Make this call use IMDSv2: PUT /latest/api/token, then send the"
            + " token as X-aws-ec2-metadata-token; or use an AWS SDK metadata client (Java v1 "
            + SDK_V1_FIXED + "+, v2 " + SDK_V2_FIXED + "+).";

    private Remedy() {
    }

    static String forRow(SiteRow row) {
        switch (row.section) {
            case IMDSV1:
                return row.vias.isEmpty() ? HAND_WRITTEN : forSdk(row.vias.get(0));
            case SELF_ASSUME:
                return "Do not assume " + (row.roles.isEmpty() ? "the instance's own role" : row.roles.get(0))
                        + ": the instance credentials already carry it; use them as they are (or pass a Policy,"
                        + " PolicyArns or Tags if a narrower session was meant).";
            default:
                return forSsrf(row);
        }
    }

    private static String forSdk(SiteRow.Located via) {
        String frame = via.frame;
        if (frame.startsWith("com.amazonaws.")) {
            return forSdk("AWS SDK for Java v1", via.version, SDK_V1_FIXED);
        }
        if (frame.startsWith("software.amazon.awssdk.")) {
            return forSdk("AWS SDK for Java v2", via.version, SDK_V2_FIXED);
        }
        return "The call goes through " + frame.substring(0, Math.max(0, frame.indexOf('('))) + ": upgrade that library"
                + " to a version that uses IMDSv2, or make the call through an AWS SDK metadata client (Java v1 "
                + SDK_V1_FIXED + "+, v2 " + SDK_V2_FIXED + "+).";
    }

    private static String forSdk(String sdk, String version, String fixed) {
        if (version.isEmpty()) {
            return "Upgrade the " + sdk + " to " + fixed + " or later, which uses IMDSv2.";
        }
        if (compareVersions(version, fixed) < 0) {
            return "Upgrade the " + sdk + " from " + version + " to " + fixed + " or later, which uses IMDSv2.";
        }
        return "The " + sdk + " " + version + " uses IMDSv2 but fell back to IMDSv1 after its token request failed:"
                + " find out why (in a container, an IMDS hop limit of 1; a proxy); requiring IMDSv2 ends the fallback.";
    }

    private static String forSsrf(SiteRow row) {
        int worst = 0;
        for (int kind = 1; kind < row.decisions.length; kind++) {
            if (row.decisions[kind] > row.decisions[worst]) {
                worst = kind;
            }
        }
        switch (row.section.kinds().get(worst)) {
            case "xml-blocked":
                return "Turn off external entities, DTDs and XInclude in this XML parser"
                        + " (FEATURE_SECURE_PROCESSING; ACCESS_EXTERNAL_DTD and ACCESS_EXTERNAL_SCHEMA set to \"\").";
            case "forwarded-blocked":
                return "Do not forward requests to IMDS: this request carried X-Forwarded-For, Forwarded or Via;"
                        + " restrict where the forwarding code may send requests.";
            case "proxy-blocked":
                return "Send requests to IMDS and the container credential endpoints directly, not through an HTTP"
                        + " proxy (this code writes them to one itself); imds-agent upgrades token-less ones.";
            default:
                return "Exclude IMDS from the application's HTTP proxy (http.nonProxyHosts, NO_PROXY):"
                        + " imds-agent already sends these requests directly.";
        }
    }

    /** Compares the leading numbers of two versions ({@code 1.11.600} < {@code 1.11.678} < {@code 1.12.0}). */
    static int compareVersions(String a, String b) {
        String[] left = a.split("[^0-9]+");
        String[] right = b.split("[^0-9]+");
        for (int i = 0; i < Math.min(3, Math.max(left.length, right.length)); i++) {
            long l = i < left.length ? number(left[i]) : 0;
            long r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static long number(String digits) {
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
