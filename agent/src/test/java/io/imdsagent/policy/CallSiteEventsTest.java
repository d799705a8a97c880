package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.events.Event;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testapps.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CallSiteEventsTest {
    private final List<Event> written = new ArrayList<>();
    private final CapturedLog log = new CapturedLog();
    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final List<Thread> exitHooks = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();
    private final CallSiteEvents events = new CallSiteEvents(written::add, log.log(), clock, exitHooks::add,
            (task, delay) -> {
                assertEquals(CallSiteEvents.QUIET_MILLIS, delay);
                later.add(task);
            });

    private static Event at(String caller) {
        return Event.named("imdsv1-upgraded").withCaller(caller).with("url", "http://169.254.169.254/x");
    }

    @Test
    void aBusyCallSiteWritesLogarithmicallyAndSaysHowManyItFolded() {
        for (int i = 0; i < 10; i++) {
            events.report(at("App.loop(App.java:3)"), "served", false);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L), field("count"));
        assertEquals(List.of(0L, 0L, 1L, 3L), field("folded"));
        assertEquals(1, log.text().split("\n").length, log.text());
    }

    @Test
    void aMinuteOfSilenceWritesTheNextOneWithWhatWasFolded() {
        for (int i = 0; i < 5; i++) {
            events.report(at("App.loop(App.java:3)"), "served", false);
        }
        clock.advance(Duration.ofMillis(CallSiteEvents.QUIET_MILLIS));
        events.report(at("App.loop(App.java:3)"), "served", false);
        assertEquals(List.of(1L, 2L, 4L, 6L), field("count"));
        assertEquals(List.of(0L, 0L, 1L, 1L), field("folded"));
    }

    @Test
    void atExitTheLastCountOfEverySiteIsWritten() throws InterruptedException {
        assertEquals(List.of(), exitHooks, "no hook before the first decision");
        for (int i = 0; i < 7; i++) {
            events.report(at("App.loop(App.java:3)"), "served", false);
        }
        events.report(at("App.once(App.java:9)"), "served", false);
        events.report(Event.named("imdsv1-blocked").withCaller("App.loop(App.java:3)"), "blocked", true);
        events.report(Event.named("imdsv1-blocked").withCaller("App.loop(App.java:3)"), "blocked", true);
        events.report(Event.named("imdsv1-blocked").withCaller("App.loop(App.java:3)"), "blocked", true);
        assertEquals(1, exitHooks.size(), "one hook, however many decisions");
        written.clear();

        Thread hook = exitHooks.get(0);
        hook.start();
        hook.join(CallSiteEvents.EXIT_WAIT_MILLIS * 2);

        assertEquals(2, written.size(), written.toString());
        Event loop = written.stream().filter(e -> e.name().equals("imdsv1-upgraded")).findFirst().orElseThrow();
        assertEquals("App.loop(App.java:3)", loop.caller());
        assertEquals("http://169.254.169.254/x", loop.fields().get("url"));
        assertEquals(7L, loop.fields().get("count"));
        assertEquals(2L, loop.fields().get("folded"));
        Event blocked = written.stream().filter(e -> e.name().equals("imdsv1-blocked")).findFirst().orElseThrow();
        assertEquals(3L, blocked.fields().get("count"));
        assertEquals(0L, blocked.fields().get("folded"));
        events.writeUnwrittenCounts(Long.MAX_VALUE);
        assertEquals(2, written.size(), "counts already written are not written again");
    }

    @Test
    void aQuietMinuteWritesTheLastCountOfASiteThatStoppedCalling() {
        for (int i = 0; i < 7; i++) {
            events.report(at("App.loop(App.java:3)"), "served", false);
        }
        events.report(at("App.other(App.java:5)"), "served", false);
        assertEquals(List.of(1L, 2L, 4L, 1L), field("count"));
        assertEquals(1, later.size(), "one check, however many folded decisions");

        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 2; i++) {
            events.report(at("App.other(App.java:5)"), "served", false);
        }
        clock.advance(Duration.ofSeconds(30));
        runLater();
        assertEquals(List.of(1L, 2L, 4L, 1L, 2L, 7L), field("count"), "loop was quiet a minute; other was not");
        assertEquals(1, later.size(), "other still has a count to write: checked again");

        clock.advance(Duration.ofSeconds(60));
        runLater();
        assertEquals(List.of(1L, 2L, 4L, 1L, 2L, 7L, 3L), field("count"));
        assertEquals(0, later.size(), "nothing left to write, nothing scheduled");
    }

    private void runLater() {
        List<Runnable> due = new ArrayList<>(later);
        later.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aHungEventsFileDoesNotHoldUpExit() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CallSiteEvents hanging = new CallSiteEvents(event -> {
            if (((Number) event.fields().get("count")).longValue() == 3) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, log.log(), clock, exitHooks::add, (task, delay) -> { });
        for (int i = 0; i < 3; i++) {
            hanging.report(at("App.loop(App.java:3)"), "served", false);
        }
        long start = System.nanoTime();
        exitHooks.get(0).run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= CallSiteEvents.EXIT_WAIT_MILLIS - 100 && millis < CallSiteEvents.EXIT_WAIT_MILLIS + 1_000,
                millis + " ms");
        never.countDown();
    }

    @Test
    void callSitesAndKindsCountApart() {
        events.report(at("App.a(App.java:1)"), "served a", false);
        events.report(at("App.b(App.java:2)"), "served b", false);
        events.report(Event.named("imdsv1-blocked").withCaller("App.a(App.java:1)"), "blocked a", true);
        assertEquals(List.of(1L, 1L, 1L), field("count"));
        assertTrue(log.text().contains("warning: blocked a"), log.text());
    }

    @Test
    void beyondTheSiteLimitNewSitesShareOneCounter() {
        for (int i = 0; i < CallSiteEvents.MAX_SITES + 10; i++) {
            events.report(at("App.site" + i + "(App.java:1)"), "served", false);
        }
        assertEquals(CallSiteEvents.MAX_SITES + 4, written.size(), "the 10 extra sites write at counts 1, 2, 4, 8");
    }

    private List<Object> field(String name) {
        List<Object> values = new ArrayList<>();
        for (Event event : written) {
            values.add(((Number) event.fields().get(name)).longValue());
        }
        return values;
    }
}
