package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {
    @Test
    void readsBedAndDevice() {
        Topic t = Topic.parse("icu/B1/console-1.a_b").orElseThrow();
        assertThat(t.bed()).isEqualTo("B1");
        assertThat(t.device()).isEqualTo("console-1.a_b");
        assertThat(t.isContext()).isFalse();
        assertThat(Topic.parse("icu/B1/context").orElseThrow().isContext()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "icu", "icu/", "icu/B1", "icu/B1/", "icu//dev", "ICU/B1/dev", "icu/B1/dev/extra",
        "icu/B 1/dev", "icu/B1/d+v", "icu/#/dev", "icu/B1/\u00e9", "x/icu/B1/dev",
        "icu/B1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesTopicsOutsideTheContract(String topic) {
        assertThat(Topic.parse(topic)).isEmpty();
    }
}
