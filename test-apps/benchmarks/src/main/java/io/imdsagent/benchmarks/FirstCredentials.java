package io.imdsagent.benchmarks;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * An SDK app's start: its default credential chain resolves once, then the JVM exits, so the process's wall time
 * is the time to its first credentials. {@code v1} or {@code v2}; run on that SDK's sample-app class path.
 */
public final class FirstCredentials {
    private FirstCredentials() {
    }

    public static void main(String[] args) {
        String accessKeyId;
        if (args[0].equals("v1")) {
            AWSCredentials credentials = DefaultAWSCredentialsProviderChain.getInstance().getCredentials();
            accessKeyId = credentials.getAWSAccessKeyId();
        } else {
            AwsCredentials credentials = DefaultCredentialsProvider.builder().build().resolveCredentials();
            accessKeyId = credentials.accessKeyId();
        }
        System.out.println("credentials " + accessKeyId);
    }
}
