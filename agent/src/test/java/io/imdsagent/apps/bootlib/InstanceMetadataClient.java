package io.imdsagent.apps.bootlib;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A library's own IMDSv1 call (no token), as old in-house metadata helpers make it; packed as a nested jar. */
public final class InstanceMetadataClient {
    private InstanceMetadataClient() {
    }

    public static String instanceId(String imds) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(imds + "/latest/meta-data/instance-id").openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
