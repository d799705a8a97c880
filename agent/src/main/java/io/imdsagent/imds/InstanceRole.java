package io.imdsagent.imds;

/**
 * The role the instance's credentials carry: name from the credentials listing, partition and
 * account from the instance profile ARN. IMDS does not expose the role's path.
 */
public final class InstanceRole {
    private final String partition;
    private final String account;
    private final String roleName;

    public InstanceRole(String partition, String account, String roleName) {
        this.partition = partition;
        this.account = account;
        this.roleName = roleName;
    }

    public String partition() {
        return partition;
    }

    public String account() {
        return account;
    }

    public String roleName() {
        return roleName;
    }

    /** {@code arn:aws:iam::123456789012:instance-profile/path/name} to partition and account. */
    static InstanceRole fromInstanceProfileArn(String arn, String roleName) throws ImdsException {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"iam".equals(parts[2]) || parts[1].isEmpty()
                || parts[4].isEmpty()) {
            throw new ImdsException(ImdsException.Kind.BAD_ANSWER,
                    "IMDS iam/info has an InstanceProfileArn that is not an IAM ARN: '"
                    + CredentialsParser.printable(arn) + "'.");
        }
        return new InstanceRole(parts[1], parts[4], roleName);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":iam::" + account + ":role/" + roleName;
    }
}
