package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextPageTest {
    @ParameterizedTest
    @ValueSource(strings = {"/%5Cevil.example", "/%5cevil.example", "//evil.example", "/\\evil.example",
        "https://evil.example", "javascript:alert(1)", "/%2F/evil.example", "/%2f%2fevil.example", "/\t/evil.example",
        "/%09/evil.example", "/%0a/evil.example", " /beds/B3", "/beds/B3\u0085", "/beds/B 3", "", "evil.example",
        "/%zz", "/%"})
    void anythingButAPathOfOursGoesToTheBoard(String next) {
        assertThat(NextPage.safe(next)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/beds/B3", "/beds/B%203", "/feeds", "/admin?tab=audit", "/beds/B1+B2"})
    void aPathOfOursIsKeptAsItWas(String next) {
        assertThat(NextPage.safe(next)).isEqualTo(next);
    }

    @Test
    void noneOrAnOverlongOneGoesToTheBoard() {
        assertThat(NextPage.safe(null)).isEqualTo("/");
        assertThat(NextPage.safe("/" + "a".repeat(5000))).isEqualTo("/");
    }
}
