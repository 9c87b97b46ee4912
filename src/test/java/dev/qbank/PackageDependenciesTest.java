package dev.qbank;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, so that each package can be read (and changed) knowing only the ones below it. From
 * the bottom: {@code api} (HTTP mechanics, by concern in its sub-packages), {@code db}, {@code csv} and {@code ops};
 * {@code security} (who is calling) and {@code ratelimit}; the features, each using only those below it ({@code user},
 * {@code webhook}, {@code category}, {@code question}, {@code review}, {@code attempt}, then {@code imports} and
 * {@code quiz}); and {@code graphql} and {@code root} on top. An endpoint lives in the package that owns its data, so
 * serving a URL under another feature's path never needs a way back.
 *
 * <p>Plain JUnit tests rather than ArchUnit's {@code @ArchTest} fields, so that {@code -Dtest=PackageDependenciesTest}
 * selects them (Surefire's filter keeps test methods only).
 */
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.qbank");

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        // Each top-level package with everything beneath it (api's sub-packages count as api).
        slices().matching("dev.qbank.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageIsFreeOfCycles() {
        // Each package on its own, sub-packages included (api.problem, api.paging, ...).
        slices().matching("dev.qbank.(**)").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * The shared HTTP layer knows no feature, and not security either: security builds its 401/403 problems on api, and
     * what api needs of the caller (such as the scope of an idempotency key) is handed to it.
     */
    @Test
    void sharedHttpLayerUsesNoOtherPackageOfOurs() {
        classes()
                .that()
                .resideInAPackage("dev.qbank.api..")
                .should()
                .onlyDependOnClassesThat(resideInAPackage("dev.qbank.api..").or(resideOutsideOfPackage("dev.qbank..")))
                .check(MAIN);
    }

    /** Who is calling is known below every feature: security uses the HTTP layer's problems and nothing else of ours. */
    @Test
    void securityUsesOnlyTheSharedHttpLayer() {
        classes()
                .that()
                .resideInAPackage("dev.qbank.security..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage("dev.qbank.security..", "dev.qbank.api..")
                        .or(resideOutsideOfPackage("dev.qbank..")))
                .check(MAIN);
    }
}
