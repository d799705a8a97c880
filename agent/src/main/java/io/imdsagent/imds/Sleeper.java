package io.imdsagent.imds;

/** Waits between retries; passed in so back-off is tested without sleeping. */
public interface Sleeper {
    Sleeper REAL = new Sleeper() {
        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    void sleep(long millis) throws InterruptedException;
}
