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

    @Test
    void formatsLabValuesToHundredthsWithoutTrailingZeros() {
        assertThat(Fmt.lab(0.35)).isEqualTo("0.35");
        assertThat(Fmt.lab(0.3)).isEqualTo("0.3");
        assertThat(Fmt.lab(61.0)).isEqualTo("61");
        assertThat(Fmt.lab(50.0)).isEqualTo("50");
        assertThat(Fmt.lab(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Fmt.lab(null)).isEqualTo("?");
    }
}
