package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecmomonitor.alerts.esper.Fmt;
import org.junit.jupiter.api.Test;

class FmtTest {
    @Test
    void formatsToTenthsWithoutATrailingZero() {
        assertThat(Fmt.num(61.0)).isEqualTo("61");
        assertThat(Fmt.num(63.23)).isEqualTo("63.2");
        assertThat(Fmt.num(3.1999999999999997)).isEqualTo("3.2");
        assertThat(Fmt.num(-0.5)).isEqualTo("-0.5");
        assertThat(Fmt.num(-30.04)).isEqualTo("-30");
        assertThat(Fmt.num(0.0)).isEqualTo("0");
        assertThat(Fmt.num(null)).isEqualTo("?");
        assertThat(Fmt.num(Double.NaN)).isEqualTo("?");
    }
}
