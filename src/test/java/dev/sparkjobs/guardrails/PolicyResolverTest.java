package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyResolverTest {

    private static final Path WAREHOUSE = Path.of("/srv/jobs/data/warehouse");
    private static final Path CWD = Path.of("/srv/jobs");

    private static final Caller ADMIN = new Caller("root", "default", Set.of(Role.ADMIN));
    private static final Caller SUBMITTER = new Caller("ann", "sales", Set.of(Role.SUBMITTER, Role.VIEWER));
    private static final Caller OTHER = new Caller("bob", "ops", Set.of(Role.SUBMITTER));

    private static GuardrailProperties.Grants grants(
            List<String> roots, boolean files, boolean reflection, List<String> setKeys, List<String> providers) {
        return new GuardrailProperties.Grants(roots, files, reflection, false, false, setKeys, providers, null);
    }

    @Test
    void theDefaultsRefuseEverythingForEveryCallerAdminsIncluded() {
        PolicyResolver resolver = new PolicyResolver(new GuardrailProperties(null, null, null), WAREHOUSE, CWD);
        for (Caller caller : List.of(ADMIN, SUBMITTER, OTHER, Caller.UNAUTHENTICATED)) {
            SqlPolicy p = resolver.resolve(caller);
            assertThat(p.allowFileRelations()).isFalse();
            assertThat(p.allowReflection()).isFalse();
            assertThat(p.allowAddResources()).isFalse();
            assertThat(p.allowClassFunctions()).isFalse();
            assertThat(p.roots().describe()).containsExactly(WAREHOUSE.toString());
            assertThat(p.allowsProvider("jdbc")).isFalse();
            assertThat(p.allowsProvider("DELTA")).isTrue();
            assertThat(p.allowsSet("spark.sql.shuffle.partitions")).isTrue();
            assertThat(p.allowsSet("spark.sql.runSQLOnFiles")).isFalse();
        }
    }

    @Test
    void aRoleAddsToTheDefaultsForCallersHoldingIt() {
        GuardrailProperties props = new GuardrailProperties(
                grants(List.of("/shared/in"), false, false, List.of(), List.of()),
                Map.of(
                        Role.ADMIN,
                        grants(List.of("/landing"), true, true, List.of("spark.sql.cbo.*"), List.of("jdbc"))),
                null);
        PolicyResolver resolver = new PolicyResolver(props, WAREHOUSE, CWD);

        SqlPolicy admin = resolver.resolve(ADMIN);
        assertThat(admin.allowFileRelations()).isTrue();
        assertThat(admin.allowReflection()).isTrue();
        assertThat(admin.allowAddResources()).isFalse();
        assertThat(admin.roots().describe()).containsExactly(WAREHOUSE.toString(), "/shared/in", "/landing");
        assertThat(admin.allowsSet("spark.sql.cbo.enabled")).isTrue();
        assertThat(admin.allowsProvider("jdbc")).isTrue();

        SqlPolicy submitter = resolver.resolve(SUBMITTER);
        assertThat(submitter.allowFileRelations()).isFalse();
        assertThat(submitter.allowReflection()).isFalse();
        assertThat(submitter.roots().describe()).containsExactly(WAREHOUSE.toString(), "/shared/in");
        assertThat(submitter.allowsSet("spark.sql.cbo.enabled")).isFalse();
        assertThat(submitter.allowsProvider("jdbc")).isFalse();
    }

    @Test
    void aTenantAddsToWhatItsCallersGetAndNothingToOtherTenants() {
        GuardrailProperties props = new GuardrailProperties(
                null,
                Map.of(Role.SUBMITTER, grants(List.of(), false, false, List.of("spark.sql.cbo.enabled"), List.of())),
                Map.of("sales", grants(List.of("s3a://sales-bucket/in"), true, false, List.of(), List.of("avro"))));
        PolicyResolver resolver = new PolicyResolver(props, WAREHOUSE, CWD);

        SqlPolicy sales = resolver.resolve(SUBMITTER);
        assertThat(sales.allowFileRelations()).isTrue();
        assertThat(sales.roots().contains("s3a://sales-bucket/in/2026/x.parquet"))
                .isTrue();
        assertThat(sales.allowsProvider("avro")).isTrue();
        assertThat(sales.allowsSet("spark.sql.cbo.enabled")).as("from the role").isTrue();

        SqlPolicy ops = resolver.resolve(OTHER);
        assertThat(ops.allowFileRelations()).isFalse();
        assertThat(ops.roots().contains("s3a://sales-bucket/in/2026/x.parquet")).isFalse();
        assertThat(ops.allowsProvider("avro")).isFalse();
        assertThat(ops.allowsSet("spark.sql.cbo.enabled"))
                .as("ops callers are submitters too")
                .isTrue();
    }

    @Test
    void theSamePolicyForTheSameCaller() {
        PolicyResolver resolver = new PolicyResolver(new GuardrailProperties(null, null, null), WAREHOUSE, CWD);
        assertThat(resolver.resolve(SUBMITTER)).isEqualTo(resolver.resolve(SUBMITTER));
    }

    private static GuardrailProperties.Grants schemas(String... schemas) {
        return new GuardrailProperties.Grants(null, false, false, false, false, null, null, List.of(schemas));
    }

    @Test
    void noSchemaIsRestrictedUnlessTheTenantListsSome() {
        PolicyResolver resolver = new PolicyResolver(
                new GuardrailProperties(null, null, Map.of("sales", grants(List.of(), true, false, null, null))),
                WAREHOUSE,
                CWD);
        for (Caller caller : List.of(ADMIN, SUBMITTER, OTHER, Caller.UNAUTHENTICATED)) {
            assertThat(resolver.resolve(caller).schemas()).as("%s", caller).isEmpty();
        }
    }

    @Test
    void aTenantsSchemasHoldItsCallersInLowerCaseAndNoOtherTenant() {
        PolicyResolver resolver = new PolicyResolver(
                new GuardrailProperties(null, null, Map.of("sales", schemas(" Sales_Raw ", "SALES", "", "sales"))),
                WAREHOUSE,
                CWD);

        assertThat(resolver.resolve(SUBMITTER).schemas()).containsExactlyInAnyOrder("sales_raw", "sales");
        assertThat(resolver.resolve(OTHER).schemas()).as("ops lists none").isEmpty();
    }

    @Test
    void anAdminOfARestrictedTenantIsNotRestricted() {
        PolicyResolver resolver = new PolicyResolver(
                new GuardrailProperties(null, null, Map.of("sales", schemas("sales"))), WAREHOUSE, CWD);

        Caller salesAdmin = new Caller("sam", "sales", Set.of(Role.ADMIN, Role.SUBMITTER));
        assertThat(resolver.resolve(salesAdmin).schemas()).isEmpty();
        assertThat(resolver.resolve(SUBMITTER).schemas()).containsExactly("sales");
    }

    @Test
    void schemasChangeNothingElseInATenantsPolicy() {
        PolicyResolver plain = new PolicyResolver(new GuardrailProperties(null, null, null), WAREHOUSE, CWD);
        PolicyResolver restricted = new PolicyResolver(
                new GuardrailProperties(null, null, Map.of("sales", schemas("sales"))), WAREHOUSE, CWD);

        SqlPolicy p = restricted.resolve(SUBMITTER);
        SqlPolicy q = plain.resolve(SUBMITTER);
        assertThat(p.setKeys()).isEqualTo(q.setKeys());
        assertThat(p.providers()).isEqualTo(q.providers());
        assertThat(p.allowFileRelations()).isFalse();
    }

    @Test
    void aRestrictedTenantMayPointLocationsOnlyIntoItsSchemasDirectories() {
        PolicyResolver resolver = new PolicyResolver(
                new GuardrailProperties(
                        null,
                        null,
                        Map.of(
                                "sales",
                                new GuardrailProperties.Grants(
                                        List.of("/landing"),
                                        false,
                                        false,
                                        false,
                                        false,
                                        null,
                                        null,
                                        List.of("Sales", "x/../y")))),
                WAREHOUSE,
                CWD);

        SqlPolicy sales = resolver.resolve(SUBMITTER);
        assertThat(sales.roots().describe())
                .containsExactly(WAREHOUSE.resolve("sales.db").toString(), "/landing");
        assertThat(sales.roots().contains(WAREHOUSE + "/sales.db/t")).isTrue();
        assertThat(sales.roots().contains(WAREHOUSE + "/other_table")).isFalse();
        assertThat(sales.roots().contains(WAREHOUSE + "/ops.db/t")).isFalse();
        assertThat(sales.roots().contains(WAREHOUSE + "/sales.db/../ops.db/t")).isFalse();

        Caller salesAdmin = new Caller("sam", "sales", Set.of(Role.ADMIN));
        assertThat(resolver.resolve(salesAdmin).roots().contains(WAREHOUSE + "/ops.db/t"))
                .isTrue();
        assertThat(resolver.resolve(OTHER).roots().contains(WAREHOUSE + "/ops.db/t"))
                .isTrue();
    }

    @Test
    void listingDefaultKeepsTheWholeWarehouse() {
        PolicyResolver resolver = new PolicyResolver(
                new GuardrailProperties(null, null, Map.of("sales", schemas("default", "sales"))), WAREHOUSE, CWD);

        assertThat(resolver.resolve(SUBMITTER).roots().describe()).containsExactly(WAREHOUSE.toString());
    }
}
