package dev.multimodal.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.funqy.Funq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the layer table of {@code docs/architecture.md}: the table is read from the document itself,
 * so the prose and the code cannot drift apart. Each row names a package and the packages of ours it
 * may use; any other arrow fails the build.
 */
class ArchitectureTest {

    private static final String BASE = "dev.multimodal";
    /** Leaves every package may use without naming them in its row: they use nothing of ours. */
    private static final List<String> EVERYONE_MAY_USE = List.of("settings");

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\| [^|]+ \\| ([^|]*) \\|$");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    /** package → the packages of ours it may use, as docs/architecture.md's table says. */
    static Map<String, List<String>> layerTable() throws Exception {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/architecture.md"))) {
            Matcher m = ROW.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            List<String> allowed = new ArrayList<>();
            Matcher names = Pattern.compile("`([a-z]+)`").matcher(m.group(2));
            while (names.find()) {
                allowed.add(names.group(1));
            }
            table.put(m.group(1), allowed);
        }
        return table;
    }

    @Test
    void everyPackageUsesOnlyWhatItsRowAllows() throws Exception {
        Map<String, List<String>> table = layerTable();
        if (table.size() < 10) {
            throw new AssertionError("docs/architecture.md's layer table was not found (" + table.size() + " rows)");
        }
        for (Map.Entry<String, List<String>> row : table.entrySet()) {
            List<String> allowed = new ArrayList<>();
            allowed.add(BASE + "." + row.getKey() + "..");
            row.getValue().forEach(p -> allowed.add(BASE + "." + p + ".."));
            EVERYONE_MAY_USE.forEach(p -> allowed.add(BASE + "." + p + ".."));
            classes()
                    .that()
                    .resideInAPackage(BASE + "." + row.getKey() + "..")
                    .should()
                    .onlyDependOnClassesThat(
                            resideOutsideOfPackage(BASE + "..").or(resideInAnyPackage(allowed.toArray(String[]::new))))
                    .allowEmptyShould(true)
                    .because("docs/architecture.md: `" + row.getKey() + "` may use " + row.getValue())
                    .check(production);
        }
    }

    @Test
    void theLeavesEveryoneMayUseUseNothingOfOurs() throws Exception {
        Map<String, List<String>> table = layerTable();
        for (String leaf : EVERYONE_MAY_USE) {
            if (!table.containsKey(leaf) || !table.get(leaf).isEmpty()) {
                throw new AssertionError(
                        "docs/architecture.md: `" + leaf + "` needs a row that may use nothing of ours");
            }
        }
    }

    @Test
    void everyPackageOfOursHasARowInTheTable() throws Exception {
        Map<String, List<String>> table = layerTable();
        classes()
                .that()
                .resideInAPackage(BASE + "..")
                .and(resideOutsideOfPackage(BASE)
                        .and(not(resideInAnyPackage(table.keySet().stream()
                                .map(p -> BASE + "." + p + "..")
                                .toArray(String[]::new)))))
                .should()
                .resideInAPackage("no.such.package")
                .allowEmptyShould(true)
                .because("a new package needs its row in docs/architecture.md")
                .check(production);
    }

    @Test
    void nothingBelowTheEdgeKnowsTheFrameworkOrHttp() throws Exception {
        List<String> core = new ArrayList<>();
        for (String p : layerTable().keySet()) {
            if (!List.of("config", "admission", "registry", "service", "functions", "http", "gateway", "startup")
                    .contains(p)) {
                core.add(BASE + "." + p + "..");
            }
        }
        noClasses()
                .that()
                .resideInAnyPackage(core.toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "io.vertx..",
                        "jakarta.ws..",
                        "jakarta.enterprise..",
                        "jakarta.inject..",
                        "io.cloudevents..",
                        "org.eclipse.microprofile..",
                        "io.smallrye..")
                .check(production);
    }

    /** One logging API everywhere (java.util.logging, which Quarkus routes to its own log). */
    @Test
    void oneLoggingApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.jboss.logging..", "org.slf4j..", "org.apache.logging..", "org.apache.commons.logging..")
                .because("the project logs through java.util.logging only")
                .check(production);
    }

    @Test
    void functionsHoldOnlyFunqyFunctions() {
        List<String> withoutFunction = new ArrayList<>();
        for (JavaClass c : production) {
            if (c.getPackageName().equals(BASE + ".functions")
                    && c.isTopLevelClass()
                    && c.getMethods().stream().noneMatch(m -> m.isAnnotatedWith(Funq.class))) {
                withoutFunction.add(c.getName());
            }
        }
        if (!withoutFunction.isEmpty()) {
            throw new AssertionError(
                    "functions holds only @Funq classes; these have no @Funq method: " + withoutFunction);
        }
        methods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage(BASE + ".functions")
                .and()
                .arePublic()
                .and()
                .areNotStatic()
                .should()
                .beAnnotatedWith(Funq.class)
                .check(production);
    }
}
