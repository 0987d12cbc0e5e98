package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardOrderTest {
    @Test
    void bedsAreOrderedAsAWardNumbersThemWithNumbersComparedAsNumbers() {
        List<String> beds = new ArrayList<>(List.of("B10", "B2", "ICU-10", "B1", "B14", "ICU-2", "A9", "B9", "B02",
                "B", "B1a", "B99999999999999999999999", "B100000000000000000000000"));
        beds.sort(BoardOrder.BEDS);
        assertThat(beds).containsExactly("A9", "B", "B1", "B1a", "B02", "B2", "B9", "B10", "B14",
                "B99999999999999999999999", "B100000000000000000000000", "ICU-2", "ICU-10");
    }

    @Test
    void namesThatDifferOnlyInLeadingZerosAreStillTwoBeds() {
        assertThat(BoardOrder.BEDS.compare("B02", "B2")).isNotZero();
        assertThat(BoardOrder.BEDS.compare("B2", "B02")).isEqualTo(-BoardOrder.BEDS.compare("B02", "B2"));
        assertThat(BoardOrder.BEDS.compare("B7", "B7")).isZero();
    }
}
