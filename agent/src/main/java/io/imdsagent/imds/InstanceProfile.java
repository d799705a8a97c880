package io.imdsagent.imds;

import io.imdsagent.events.Redactor;

/**
 * The instance profile as IMDS describes it: which role it carries (discovered once, again after a
 * 404 such as an instance profile swap) and that role's current credentials. Each caller's call in starts one
 * {@link #newDeadline()} and passes it to every step of that call.
 */
public final class InstanceProfile {
    public static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
    public static final String INFO_PATH = "/latest/meta-data/iam/info";

    private final TokenSession session;
    private final Redactor redactor;
    private final long callBudgetMillis;
    private volatile String roleName;
    private volatile InstanceRole instanceRole;

    /** @param callBudgetMillis what one caller may wait on IMDS: {@code timeout} x {@code attempts} */
    public InstanceProfile(TokenSession session, Redactor redactor, long callBudgetMillis) {
        this.session = session;
        this.redactor = redactor;
        this.callBudgetMillis = callBudgetMillis;
    }

    /** The deadline of one caller's call into IMDS, starting now. */
    public Deadline newDeadline() {
        return Deadline.in(callBudgetMillis);
    }

    public TokenSession session() {
        return session;
    }

    /** Fetches the role's credentials now; every secret is known to the redactor before it can travel anywhere. */
    public Credentials fetchCredentials(Deadline deadline) throws ImdsException {
        String role = roleName(deadline);
        ImdsResponse response = session.get(CREDENTIALS_PATH + role, deadline);
        if (response.status() == 404) {
            roleName = null;
            role = roleName(deadline);
            response = session.get(CREDENTIALS_PATH + role, deadline);
        }
        expectOk(response, CREDENTIALS_PATH + role);
        Credentials credentials = CredentialsParser.parseCredentials(response.body());
        redactor.register(credentials.secretAccessKey());
        redactor.register(credentials.sessionToken());
        return credentials;
    }

    /** The role name from the credentials listing (its first line), cached until IMDS says 404 for it. */
    public String roleName(Deadline deadline) throws ImdsException {
        String known = roleName;
        if (known != null) {
            return known;
        }
        ImdsResponse response = session.get(CREDENTIALS_PATH, deadline);
        if (response.status() == 404) {
            throw new ImdsException(ImdsException.Kind.BAD_ANSWER, "this instance has no IAM role: IMDS"
                    + " answered 404 for " + CREDENTIALS_PATH + ". Attach an instance profile to the instance.");
        }
        expectOk(response, CREDENTIALS_PATH);
        String first = response.body().trim();
        int newline = first.indexOf('\n');
        String discovered = (newline < 0 ? first : first.substring(0, newline)).trim();
        if (!isIamRoleName(discovered)) {
            throw new ImdsException(ImdsException.Kind.BAD_ANSWER, "IMDS listed no usable role name under "
                    + CREDENTIALS_PATH + " ('" + CredentialsParser.printable(discovered) + "').");
        }
        if (!discovered.equals(instanceRole == null ? null : instanceRole.roleName())) {
            instanceRole = null;
        }
        roleName = discovered;
        return discovered;
    }

    /**
     * IAM's own rule for role names (1 to 64 of letters, digits and {@code +=,.@_-}): anything else is not a
     * role, and would otherwise become part of the next request's path.
     */
    static boolean isIamRoleName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && "+=,.@_-".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The role with its partition and account (from {@code iam/info}), cached with the role name. */
    public InstanceRole instanceRole(Deadline deadline) throws ImdsException {
        InstanceRole known = instanceRole;
        if (known != null && known.roleName().equals(roleName)) {
            return known;
        }
        String role = roleName(deadline);
        ImdsResponse response = session.get(INFO_PATH, deadline);
        expectOk(response, INFO_PATH);
        InstanceRole discovered = InstanceRole.fromInstanceProfileArn(
                CredentialsParser.parseInstanceProfileArn(response.body()), role);
        instanceRole = discovered;
        return discovered;
    }

    /** The own role if it has been learned already; never calls IMDS (for hot paths). */
    public InstanceRole knownInstanceRole() {
        return instanceRole;
    }

    private static void expectOk(ImdsResponse response, String path) throws ImdsException {
        if (response.status() != 200) {
            throw new ImdsException(ImdsException.Kind.BAD_ANSWER,
                    "IMDS answered " + response.status() + " to GET " + path + ".");
        }
    }
}
