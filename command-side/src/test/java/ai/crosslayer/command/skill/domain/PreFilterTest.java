package ai.crosslayer.command.skill.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Small talk never costs a model call; procedures do. Issue #6. */
class PreFilterTest {

    @Test
    void smallTalkDoesNotPass() {
        assertThat(PreFilter.worthAsking("lunch?")).isFalse();
        assertThat(PreFilter.worthAsking("thanks! lgtm")).isFalse();
        assertThat(PreFilter.worthAsking("Great meeting today everyone, looking forward to the offsite next month. "
                + "Has anyone seen the new coffee machine on the third floor yet?")).isFalse();
    }

    @Test
    void proceduresPass() {
        assertThat(PreFilter.worthAsking("To roll back a release: first run `make rollback`, then check the error rate, "
                + "and finally post in #incidents that the release was rolled back.")).isTrue();
        assertThat(PreFilter.worthAsking("Release checklist for the mobile app, please follow it every time:\n"
                + "1. bump the version in the manifest\n2. tag the release commit\n3. upload the build to the store")).isTrue();
    }
}
