package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void aRequestMayTakeTheSmallerOfItsTimeoutAndWhatIsLeft() {
        Deadline deadline = Deadline.in(60_000);
        assertEquals(1_000, deadline.limit(1_000));
        assertTrue(deadline.limit(120_000) <= 60_000);
        assertEquals(0, Deadline.in(0).limit(1_000));
    }

    @Test
    void aLockHeldByAnotherThreadIsWaitedForUntilTheDeadlineOnly() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        holder.start();
        try {
            held.await();
            long start = System.nanoTime();
            ImdsException refused = assertThrows(ImdsException.class,
                    () -> Deadline.in(200).acquire(lock, "the instance credentials"));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 150 && took < 2_000, "waited " + took + " ms for 200 ms");
            assertTrue(refused.getMessage().startsWith("imds-agent: IMDS did not answer within 200 ms"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("another thread"), refused.getMessage());
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void aFreeLockIsTakenEvenByAnInterruptedThread() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Thread.currentThread().interrupt();
        try {
            Deadline.in(1_000).acquire(lock, "the IMDSv2 token");
            assertTrue(lock.isHeldByCurrentThread());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
            lock.unlock();
        }
    }
}
