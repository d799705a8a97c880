package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlResolutionTest {

    @ParameterizedTest
    @CsvSource({
        "com.sun.org.apache.xerces.internal.impl.XMLEntityManager, true",
        "com.sun.org.apache.xerces.internal.xinclude.XIncludeHandler, true",
        "org.apache.xerces.impl.XMLEntityManager, true",
        "shaded.org.apache.xerces.impl.XMLEntityManager, true",
        "com.ctc.wstx.io.DefaultInputResolver, true",
        "net.sf.saxon.lib.StandardURIResolver, true",
        "com.sun.org.apache.xalan.internal.xsltc.dom.LoadDocument, true",
        "com.example.App, false",
        "org.apache.http.impl.client.InternalHttpClient, false",
        "java.net.URL, false",
    })
    void recognisesXmlProcessorsOnTheStack(String frameClass, boolean expected) {
        StackTraceElement[] stack = {
            new StackTraceElement("sun.net.www.protocol.http.HttpURLConnection", "getInputStream", null, 1),
            new StackTraceElement(frameClass, "fetch", null, 1),
            new StackTraceElement("com.example.Main", "main", null, 1),
        };
        assertEquals(expected, XmlResolution.inProgress(stack));
    }
}
