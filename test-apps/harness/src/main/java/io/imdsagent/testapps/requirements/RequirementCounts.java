package io.imdsagent.testapps.requirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the sealed-namespace and JDK 25 tests of one test JVM, ran (passed or failed) and skipped, prints them
 * at the end and appends them to {@code target/requirement-counts.txt} (as {@code sealed RAN SKIPPED jdk25 RAN
 * SKIPPED}) for {@code .ci/run} to add up. A class stopped before its tests (in {@code @BeforeAll}) reports no
 * test at all, so each test of a container that ends without running them counts as skipped, or as ran if the
 * container failed. Registered through {@code META-INF/services}.
 */
public final class RequirementCounts implements TestExecutionListener {
  private static final List<String> TAGS = List.of(Requirements.SEALED, Requirements.JDK25);

  private TestPlan plan;
  private final Set<String> counted = new HashSet<>();
  // per tag in TAGS order: ran, skipped
  private final int[][] counts = new int[TAGS.size()][2];

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    countTests(identifier, false);
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    boolean ran = result.getStatus() != TestExecutionResult.Status.ABORTED;
    countTests(identifier, ran);
  }

  /** The test itself, or each test below a container that did not run them; each once. */
  private void countTests(TestIdentifier identifier, boolean ran) {
    if (identifier.isTest()) {
      count(identifier, ran);
      return;
    }
    for (TestIdentifier descendant : plan.getDescendants(identifier)) {
      if (descendant.isTest()) {
        count(descendant, ran);
      }
    }
  }

  private void count(TestIdentifier test, boolean ran) {
    if (!counted.add(test.getUniqueId())) {
      return;
    }
    for (int i = 0; i < TAGS.size(); i++) {
      if (test.getTags().contains(TestTag.create(TAGS.get(i)))) {
        counts[i][ran ? 0 : 1]++;
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1] == 0) {
      return;
    }
    System.out.println("imds-agent tests: " + counts[0][0] + " sealed-namespace tests ran, " + counts[0][1]
        + " skipped; " + counts[1][0] + " JDK 25 tests ran, " + counts[1][1] + " skipped");
    String line = "sealed " + counts[0][0] + " " + counts[0][1] + " jdk25 " + counts[1][0] + " " + counts[1][1] + "\n";
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "requirement-counts.txt"), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
