package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.apps.JmxApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's deployment recipes, taken out of the README as written: each one's JVM options start a JVM
 * (the documented jar path and log directory moved into the test's directory, IMDS pointed at the emulator
 * with {@code IMDS_AGENT_ENDPOINT}) whose IMDSv1 calls are upgraded and reported where the recipe says.
 */
class DeploymentRecipesIT {
    @TempDir
    static Path directory;
    private static String readme;
    private static ImdsEmulator imds;

    /** How each recipe hands the JVM its options, and where in the README they are. */
    enum Recipe {
        SYSTEMD(true, "Environment=\"JAVA_TOOL_OPTIONS=([^\"]+)\""),
        DOCKER(true, "ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\""),
        ECS(true, null),
        EKS(true, "- name: JAVA_TOOL_OPTIONS\\n\\s+value: \"([^\"]+)\""),
        ELASTIC_BEANSTALK(true, "\\n    JAVA_TOOL_OPTIONS: \"([^\"]+)\""),
        TOMCAT(false, "\\n(CATALINA_OPTS=\"\\$CATALINA_OPTS [^\\n]+)\\n"),
        SPRING_BOOT(false, "\\njava (-javaagent:/opt/imds-agent/imds-agent\\.jar=\\S+) -jar app\\.jar\\n");

        final boolean javaToolOptions;
        final Pattern where;

        Recipe(boolean javaToolOptions, String where) {
            this.javaToolOptions = javaToolOptions;
            this.where = where == null ? null : Pattern.compile(where);
        }
    }

    @BeforeAll
    static void readReadmeAndStartImds() throws Exception {
        readme = Files.readString(ForkedJvm.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
    }

    @AfterAll
    static void stopImds() {
        imds.close();
    }

    @ParameterizedTest
    @EnumSource(Recipe.class)
    void theRecipesJvmOptionsAttachTheAgentAndReportIMDSv1Calls(Recipe recipe) throws Exception {
        String options = localized(options(recipe), recipe);
        // A loaded build machine can take longer than the default 1 s to answer the first request.
        ForkedJvm jvm = ForkedJvm.java().env("IMDS_AGENT_ENDPOINT", imds.baseUrl()).env("IMDS_AGENT_TIMEOUT", "5s");
        if (recipe.javaToolOptions) {
            jvm.env("JAVA_TOOL_OPTIONS", options);
        } else {
            for (String arg : options.trim().split("\\s+")) {
                jvm.jvmArg(arg);
            }
        }
        CommandResult run = jvm.main(ForkedJvm.testClassPath(), JmxApp.class, "platform", imds.baseUrl())
                .run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("ImdsV1Upgraded=2"), run.toString());
        String events = options.contains("events=stderr") ? run.stderr()
                : Files.readString(directory.resolve(recipe + "/events.jsonl"), StandardCharsets.UTF_8);
        assertTrue(events.contains("\"event\":\"imdsv1-upgraded\""), events + "\n" + run);
    }

    /** What {@code check} prints at hop limit 1 (the token PUT's answer never arrives) is what the README quotes. */
    @Test
    void checkAtHopLimitOneSaysWhatTheEksRecipeQuotes() throws Exception {
        Matcher quoted = Pattern.compile("\\n(likely: +the token PUT got no answer[^\\n]+)\\n").matcher(readme);
        assertTrue(quoted.find(), "the EKS recipe quotes no check output");
        try (ImdsEmulator hopLimitOne = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            hopLimitOne.hangTokenPut(true);
            CommandResult check = ForkedJvm.java()
                    .agentCli("check", "endpoint=" + hopLimitOne.baseUrl() + ",timeout=300ms").run(Duration.ofSeconds(60));
            assertEquals(1, check.exitCode(), check.toString());
            assertTrue(check.stdout().contains(quoted.group(1)), check.toString());
        }
    }

    private static String options(Recipe recipe) throws Exception {
        if (recipe == Recipe.ECS) {
            Matcher block = Pattern.compile("```json\\n(\\{\\n  \"family\".*?)```", Pattern.DOTALL).matcher(readme);
            assertTrue(block.find(), "no ECS task definition in the README");
            JsonNode taskDefinition = new ObjectMapper().readTree(block.group(1));
            for (JsonNode variable : taskDefinition.at("/containerDefinitions/0/environment")) {
                if (variable.get("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                    return variable.get("value").asText();
                }
            }
            throw new AssertionError("the ECS task definition sets no JAVA_TOOL_OPTIONS");
        }
        Matcher matcher = recipe.where.matcher(readme);
        assertTrue(matcher.find(), "no " + recipe + " recipe in the README");
        if (recipe != Recipe.TOMCAT) {
            return matcher.group(1);
        }
        // setenv.sh is sourced by catalina.sh: let a shell evaluate it, as Tomcat's scripts do.
        Path setenv = Files.writeString(directory.resolve("setenv.sh"), matcher.group(1) + "\n");
        Process shell = new ProcessBuilder("sh", "-c", ". \"$1\"; printf %s \"$CATALINA_OPTS\"", "sh", setenv.toString())
                .redirectErrorStream(true).start();
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS), "sh hung");
        return new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The documented jar path and log directory, moved to the built jar and the test's directory. */
    private static String localized(String options, Recipe recipe) throws Exception {
        Path logs = Files.createDirectories(directory.resolve(recipe.toString()));
        return options.replaceAll("-javaagent:\\S*?imds-agent\\.jar", Matcher.quoteReplacement("-javaagent:" + ForkedJvm.agentJar()))
                .replace("/var/log/imds-agent/", logs + "/");
    }
}
