package dev.sparkjobs.jobtypes.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.jobtypes.InvalidParamsException;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.jobtypes.ProgressSink;
import dev.sparkjobs.jobtypes.RunContext;
import dev.sparkjobs.support.TestJobType;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PluginLoaderTest {

    private static final ClassLoader APPLICATION = PluginLoaderTest.class.getClassLoader();

    /** Jars shared by the tests: each is compiled once. */
    @TempDir
    static Path built;

    @TempDir
    Path work;

    private Path plugins;
    private PluginJars jars;

    @BeforeEach
    void dirs() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        jars = new PluginJars(built);
    }

    private List<PluginJobType<?>> load() {
        return new PluginLoader(APPLICATION).load(plugins);
    }

    private void deploy(Path jar) throws Exception {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
    }

    @Test
    void aMissingDirectoryMeansNoPlugins() {
        assertThat(new PluginLoader(APPLICATION).load(work.resolve("nothing-here")))
                .isEmpty();
    }

    @Test
    void loadsEachJarWithAClassLoaderOfItsOwn() throws Exception {
        deploy(jars.plugin("echo-plugin", "fx.one", "echo"));
        deploy(jars.plugin("other-plugin", "fx.two", "other"));

        List<PluginJobType<?>> found = load();

        assertThat(found).extracting(JobType::name).containsExactly("echo", "other");
        PluginJobType<?> echo = found.get(0);
        assertThat(echo.jar()).contains(plugins.resolve("echo-plugin.jar"));
        assertThat(echo.version()).contains("2.3");
        assertThat(echo.classLoader())
                .isInstanceOf(URLClassLoader.class)
                .isNotSameAs(APPLICATION)
                .isNotSameAs(found.get(1).classLoader());
        assertThat(echo.classLoader().getParent()).isSameAs(APPLICATION);
        assertThat(echo.paramsType().getClassLoader()).isSameAs(echo.classLoader());
        assertThat(echo.paramsType().isRecord()).isTrue();
        assertThatThrownBy(() -> Class.forName("fx.one.Echo", false, APPLICATION))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(echo).hasToString("fx.one.Echo from " + plugins.resolve("echo-plugin.jar"));
    }

    @Test
    void bindsItsRecordAndRunsItWithItsOwnContextClassLoader() throws Exception {
        deploy(jars.plugin("echo-plugin", "fx.one", "echo"));
        PluginJobType<?> echo = load().get(0);
        var registry = new JobTypeRegistry(List.of(), List.of(() -> List.of(echo)), TestJobType.binder());
        RunContext context =
                new RunContext("job-1", 1, null, () -> false, ProgressSink.NONE, LoggerFactory.getLogger("job.echo"));
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        Map<String, Object> result = registry.run("echo", context, Map.of("word", "hi"));

        assertThat(result).containsEntry("word", "hi").containsEntry("ownContextLoader", true);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        assertThatThrownBy(() -> registry.run("echo", context, Map.of("word", " ")))
                .isInstanceOfSatisfying(InvalidParamsException.class, e -> assertThat(e.errors())
                        .singleElement()
                        .satisfies(error -> assertThat(error.field()).isEqualTo("params.word")));
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void aNameTakenByABuiltInTypeFailsStartUpNamingTheJar() throws Exception {
        deploy(jars.plugin("clash-plugin", "fx.one", "sql"));
        List<PluginJobType<?>> found = load();
        List<JobType<?>> builtIns = List.of(new TestJobType("sql", context -> Map.of()));

        assertThatThrownBy(() -> new JobTypeRegistry(builtIns, List.of(() -> List.copyOf(found)), TestJobType.binder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two job types are named 'sql'")
                .hasMessageContaining(TestJobType.class.getName())
                .hasMessageContaining(plugins.resolve("clash-plugin.jar").toString());
    }

    @Test
    void twoPluginsOfOneNameFailStartUpNamingBothJars() throws Exception {
        deploy(jars.plugin("echo-plugin", "fx.one", "echo"));
        deploy(jars.plugin("b-plugin", "fx.two", "echo"));
        List<PluginJobType<?>> found = load();

        assertThatThrownBy(
                        () -> new JobTypeRegistry(List.of(), List.of(() -> List.copyOf(found)), TestJobType.binder()))
                .hasMessageContaining("two job types are named 'echo'")
                .hasMessageContaining(plugins.resolve("echo-plugin.jar").toString())
                .hasMessageContaining(plugins.resolve("b-plugin.jar").toString());
    }

    @Test
    void paramsThatAreNotARecordAreRefused() throws Exception {
        String notRecord =
                "public static class Params { private final String w; public Params(String w) { this.w = w; }"
                        + " public String word() { return w; } }";
        deploy(jars.jar(
                "class-params",
                Map.of("fx.cls.Echo", PluginJars.echo("fx.cls", "echo", notRecord)),
                List.of("fx.cls.Echo"),
                null));

        assertThatThrownBy(this::load)
                .isInstanceOf(PluginException.class)
                .hasMessageContaining(plugins.resolve("class-params.jar").toString())
                .hasMessageContaining("fx.cls.Echo$Params is not a record");
    }

    @Test
    void aBadNameIsRefused() throws Exception {
        deploy(jars.plugin("bad-name", "fx.one", "Echo Job"));

        assertThatThrownBy(this::load)
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("bad-name.jar")
                .hasMessageContaining("its name 'Echo Job' is not");
    }

    @Test
    void aClassThatDoesNotLoadFailsStartUpNamingTheJar() throws Exception {
        deploy(jars.jar(
                "missing-class",
                Map.of("fx.one.Echo", PluginJars.echo("fx.one", "echo", "public record Params(String word) {}")),
                List.of("fx.one.Gone"),
                null));

        assertThatThrownBy(this::load)
                .isInstanceOf(PluginException.class)
                .hasMessageContaining(plugins.resolve("missing-class.jar").toString())
                .hasMessageContaining("fx.one.Gone");
    }

    @Test
    void aJarWithoutAServiceFileIsRefused() throws Exception {
        deploy(jars.jar(
                "no-services",
                Map.of("fx.one.Echo", PluginJars.echo("fx.one", "echo", "public record Params(String word) {}")),
                List.of(),
                null));

        assertThatThrownBy(this::load)
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("no-services.jar")
                .hasMessageContaining("has no META-INF/services/dev.sparkjobs.plugin.api.JobPlugin");
    }
}
