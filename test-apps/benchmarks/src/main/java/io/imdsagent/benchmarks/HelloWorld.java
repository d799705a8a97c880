package io.imdsagent.benchmarks;

/** The JVM a fleet runs most: one that never touches AWS. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
