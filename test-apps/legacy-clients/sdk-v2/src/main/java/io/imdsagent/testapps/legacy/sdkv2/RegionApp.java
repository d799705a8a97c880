package io.imdsagent.testapps.legacy.sdkv2;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.internal.util.EC2MetadataUtils;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * An SDK v2 2.5.0 application (the SDK predates IMDSv2) that asks for the instance's region the way the
 * default region chain does, and for its instance id. It knows nothing of imds-agent. Prints:
 * <pre>
 * sdk-region: us-east-1           (or: error ...; caused by ... when the SDK could not get it)
 * sdk-instance-id: i-0123456789abcdef0
 * </pre>
 */
public final class RegionApp {

    private RegionApp() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("sdk-region: " + new InstanceProfileRegionProvider().getRegion());
        } catch (SdkClientException e) {
            // The SDK's message is generic; the cause says why.
            System.out.println("sdk-region: error " + e + (e.getCause() == null ? "" : "; caused by " + e.getCause()));
        }
        System.out.println("sdk-instance-id: " + EC2MetadataUtils.getInstanceId());
    }
}
