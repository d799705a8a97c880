package io.imdsagent.testing.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the test asks {@link CorpusDriver} to run: which agent, and the client JVMs with their rows.
 * Written by the test as plain lines ({@code key<TAB>value...}), read inside the namespace.
 */
record CorpusPlan(Path directory, String agentJar, int jvmTimeoutSeconds, List<Jvm> jvms) {
    static final String FILE = "plan.txt";

    /**
     * One client JVM: its agent mode, its java, its module path (empty for none), and the rows ({@code
     * ID<TAB>CLIENT<TAB>PAYLOAD}) it serves.
     */
    record Jvm(String name, String mode, String java, String classPath, String mainClass, String modulePath,
               List<String> rows) {
    }

    Path write() throws IOException {
        List<String> lines = new ArrayList<>(List.of("directory\t" + directory,
                "agent\t" + agentJar, "timeout\t" + jvmTimeoutSeconds));
        for (Jvm jvm : jvms) {
            lines.add(String.join("\t", "jvm", jvm.name(), jvm.mode(), jvm.java(), jvm.classPath(), jvm.mainClass(),
                    jvm.modulePath()));
            for (String row : jvm.rows()) {
                lines.add("row\t" + row);
            }
        }
        Path file = directory.resolve(FILE);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    static CorpusPlan read(Path file) throws IOException {
        Path directory = null;
        String agent = null;
        int timeout = 0;
        List<Jvm> jvms = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 2);
            switch (fields[0]) {
                case "directory" -> directory = Path.of(fields[1]);
                case "agent" -> agent = fields[1];
                case "timeout" -> timeout = Integer.parseInt(fields[1]);
                case "jvm" -> {
                    String[] jvm = fields[1].split("\t", -1);
                    jvms.add(new Jvm(jvm[0], jvm[1], jvm[2], jvm[3], jvm[4], jvm[5], new ArrayList<>()));
                }
                case "row" -> jvms.get(jvms.size() - 1).rows().add(fields[1]);
                default -> throw new IllegalArgumentException("bad plan line " + line);
            }
        }
        return new CorpusPlan(directory, agent, timeout, jvms);
    }
}
