package io.imdsagent.testapps.legacy.sdkv1;

import com.amazonaws.regions.Region;
import com.amazonaws.regions.Regions;
import com.amazonaws.util.EC2MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A legacy application of the IMDSv1 era: it asks the AWS SDK for Java 1.11.600 (which predates IMDSv2)
 * for its instance id and region, and reads its instance id once more with a hand-written
 * {@code HttpURLConnection} call. It knows nothing of imds-agent. Prints one line per call:
 * <pre>
 * sdk-instance-id: i-0123456789abcdef0      (null when the SDK could not get it)
 * sdk-region: us-east-1
 * http-instance-id: 200 i-0123456789abcdef0  (or: 401, or: error java.io.IOException: ...)
 * </pre>
 */
public final class LegacyApp {

    private LegacyApp() {
    }

    public static void main(String[] args) {
        System.out.println("sdk-instance-id: " + EC2MetadataUtils.getInstanceId());
        Region region = Regions.getCurrentRegion();
        System.out.println("sdk-region: " + (region == null ? null : region.getName()));
        System.out.println("http-instance-id: " + instanceId());
    }

    /** The instance id the way many applications fetched it before IMDSv2: one plain GET. */
    static String instanceId() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    new URL(baseUrl() + "/latest/meta-data/instance-id").openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            return status == 200 ? status + " " + read(connection.getInputStream()) : String.valueOf(status);
        } catch (IOException e) {
            return "error " + e;
        }
    }

    /** IMDS, or where {@code IMDS_EMULATOR_URL} says the emulator is. */
    private static String baseUrl() {
        String url = System.getenv("IMDS_EMULATOR_URL");
        return url == null || url.isEmpty() ? "http://169.254.169.254" : url;
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream stream = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8).trim();
        }
    }
}
