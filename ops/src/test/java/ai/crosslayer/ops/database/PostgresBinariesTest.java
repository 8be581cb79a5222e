package ai.crosslayer.ops.database;

import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The jar carries Linux's PostgreSQL programs by default; another system is told what to do in one sentence. */
class PostgresBinariesTest {

    @Test
    void linuxProgramsAreCarried() throws Exception {
        for (String arch : new String[]{"x86_64", "arm_64"}) {
            try (InputStream archive = PostgresBinaries.archive("Linux", arch)) {
                assertThat(archive.read()).as("Linux/%s", arch).isNotNegative();
            }
        }
    }

    @Test
    void anotherSystemIsToldToUseAServerOrTheAllPlatformsBuild() {
        assumeTrue(getClass().getResource("/postgres-windows-x86_64.txz") == null,
                "built with -Pall-platforms: Windows' programs are on the class path");
        assertThatThrownBy(() -> PostgresBinaries.archive("Windows", "x86_64"))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessage("this build carries no embedded PostgreSQL for Windows/x86_64 (by default only Linux x86_64"
                        + " and arm64): set CROSSLAYER_DATABASE_URL to a PostgreSQL server, or build the jar with"
                        + " ./mvnw -B -Pall-platforms -DskipTests package");
    }
}
