package io.imdsagent.apps;

/** A JVM that does nothing with AWS: prints, optionally waits (to be attached to), prints again. */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("hello from the app");
        System.out.flush();
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
        System.out.println("app done");
    }
}
