package io.imdsagent.apps;

import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URL;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;

/**
 * The SSRF paths through which IMDS answers leak, each pointed at IMDS (the URL in args[0]): an XML
 * external entity, an XInclude, and a request forwarded for someone else. Prints one line per path.
 */
public final class SsrfApp {
    private SsrfApp() {
    }

    public static void main(String[] args) {
        String imds = args[0];
        attempt("entity", () -> parse(false, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + imds
                + "/latest/meta-data/iam/security-credentials/s3access\">]><r>&x;</r>"));
        attempt("xinclude", () -> parse(true, "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\""
                + imds + "/latest/meta-data/instance-id\" parse=\"text\"/></r>"));
        attempt("forwarded", () -> {
            HttpURLConnection connection = (HttpURLConnection) new URL(imds + "/latest/meta-data/instance-id")
                    .openConnection();
            connection.setRequestProperty("X-Forwarded-For", "203.0.113.9");
            return "status " + connection.getResponseCode();
        });
    }

    private static String parse(boolean xinclude, String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(xinclude);
        return "parsed: " + factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                .getDocumentElement().getTextContent();
    }

    private static void attempt(String path, Attempt attempt) {
        try {
            System.out.println(path + ": " + attempt.run());
        } catch (Exception e) {
            System.out.println(path + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private interface Attempt {
        String run() throws Exception;
    }
}
