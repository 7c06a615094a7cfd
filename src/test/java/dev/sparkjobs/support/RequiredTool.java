package dev.sparkjobs.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program a test needs from the operating system (promtool, chromium). CI installs them (.ci/run),
 * so there a missing one fails the test; on a developer's machine the test is skipped with a message.
 */
public final class RequiredTool {

    private RequiredTool() {}

    /** The program at {@code path}, which must be executable; {@code debianPackage} provides it. */
    public static Path require(String path, String debianPackage) {
        Path tool = Path.of(path);
        if (!Files.isExecutable(tool)) {
            String message = path + " is missing: apt-get install " + debianPackage;
            if (System.getenv("CI") != null) {
                fail(message + " (CI installs it in .ci/run)");
            }
            assumeTrue(false, message);
        }
        return tool;
    }
}
