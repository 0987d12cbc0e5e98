package org.ecmomonitor.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies flow one way: ingest ← alerts ← dashboards ← app (conventions §13). */
@AnalyzeClasses(packages = "org.ecmomonitor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule nothingDependsOnApp = noClasses().that().resideOutsideOfPackage("org.ecmomonitor.app..")
            .should().dependOnClassesThat().resideInAPackage("org.ecmomonitor.app..");

    @ArchTest
    static final ArchRule ingestDependsOnNoOtherModule = noClasses().that().resideInAPackage("org.ecmomonitor.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("org.ecmomonitor.alerts..",
                    "org.ecmomonitor.dashboards..");

    @ArchTest
    static final ArchRule alertsDoNotDependOnDashboards = noClasses().that()
            .resideInAPackage("org.ecmomonitor.alerts..")
            .should().dependOnClassesThat().resideInAPackage("org.ecmomonitor.dashboards..");

    @ArchTest
    static final ArchRule ingestImportsNoEsper = noClasses().that().resideInAPackage("org.ecmomonitor.ingest..")
            .should().dependOnClassesThat().resideInAPackage("com.espertech..");

    @ArchTest
    static final ArchRule domainPackagesImportNoNetty = noClasses().that()
            .resideInAnyPackage("org.ecmomonitor.ingest", "org.ecmomonitor.alerts")
            .should().dependOnClassesThat().resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule ruleLogicKnowsNoStorageOrTransport = noClasses().that()
            .resideInAnyPackage("org.ecmomonitor.alerts.esper..", "org.ecmomonitor.alerts.eval..",
                    "org.ecmomonitor.alerts.lifecycle..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "io.netty..",
                    "org.ecmomonitor.ingest.sqlite..", "org.ecmomonitor.ingest.influx..", "org.ecmomonitor.ingest.mqtt..");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = noClasses().that()
            .resideInAnyPackage("org.ecmomonitor.ingest.sqlite..", "org.ecmomonitor.ingest.influx..")
            .should().dependOnClassesThat().resideInAnyPackage("org.ecmomonitor.ingest.mqtt..",
                    "org.ecmomonitor.ingest.paho..");

    @ArchTest
    static final ArchRule accountsAndRolesKnowNoTransport = noClasses().that()
            .resideInAPackage("org.ecmomonitor.dashboards.auth..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.ecmomonitor.dashboards.http..",
                    "java.sql..");

    @ArchTest
    static final ArchRule dashboardPackagesHaveNoCycles = slices().matching("org.ecmomonitor.dashboards.(*)..")
            .should().beFreeOfCycles();
}
