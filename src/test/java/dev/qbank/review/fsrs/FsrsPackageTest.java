package dev.qbank.review.fsrs;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model is pure logic: it can be read, tested and reused knowing nothing else of qbank. */
class FsrsPackageTest {

    @Test
    void theFsrsPackageUsesNoOtherPackageOfOurs() {
        classes()
                .that()
                .resideInAPackage("dev.qbank.review.fsrs..")
                .should()
                .onlyDependOnClassesThat(
                        resideInAPackage("dev.qbank.review.fsrs..").or(resideOutsideOfPackage("dev.qbank..")))
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.qbank.review.fsrs"));
    }
}
