package io.imdsagent.apps;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A web application's first credential call, as an application server makes it: from a request thread in the
 * application's thread group, with the application's class loader (holding SDK v2, the class path in
 * {@code args[0]}) as context loader and an inheritable thread-local set. Then prints each of the agent's
 * threads: its group, context loader and whether it inherited thread-locals (run with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 */
public final class WebAppFirstCallApp {
    private static final InheritableThreadLocal<String> SESSION = new InheritableThreadLocal<>();

    private WebAppFirstCallApp() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : args[0].split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        ClassLoader webApp = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        ThreadGroup group = new ThreadGroup("web-app");
        Thread request = new Thread(group, () -> {
            Thread.currentThread().setContextClassLoader(webApp);
            SESSION.set("first caller's session");
            try {
                Object provider = webApp.loadClass("software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider")
                        .getMethod("create").invoke(null);
                Object credentials = provider.getClass().getMethod("resolveCredentials").invoke(provider);
                System.out.println("resolved " + credentials.getClass().getMethod("accessKeyId").invoke(credentials));
            } catch (ReflectiveOperationException e) {
                System.out.println("failed " + e.getCause());
            }
        }, "http-nio-8080-exec-1");
        request.start();
        request.join();
        Field inherited = Thread.class.getDeclaredField("inheritableThreadLocals");
        inherited.setAccessible(true);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("imds-agent")) {
                ThreadGroup in = thread.getThreadGroup();
                System.out.println("agent-thread " + thread.getName() + " group=" + in.getName()
                        + " top-group=" + (in.getParent() == null) + " context-loader=" + thread.getContextClassLoader()
                        + " inherited-locals=" + (inherited.get(thread) != null) + " daemon=" + thread.isDaemon());
            }
        }
    }
}
