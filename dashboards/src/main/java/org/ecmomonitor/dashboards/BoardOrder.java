package org.ecmomonitor.dashboards;

import java.util.Comparator;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;

/**
 * The board's orders. A bed's alerts on its tile: unacknowledged before acknowledged, then high before medium before
 * low, then physiological before technical, newest first. The beds themselves: by name as a ward numbers them, the
 * numbers in a name compared as numbers (B2 before B10, as the beds stand in the unit, not B1, B10, B11, B2).
 */
final class BoardOrder {
    static final Comparator<Alert> ALERTS = Comparator
            .comparing((Alert a) -> a.state() != AlertState.ACTIVE)
            .thenComparing(Alert::priority, Comparator.reverseOrder())
            .thenComparing(a -> a.kind().ordinal())
            .thenComparing(Comparator.comparingLong(Alert::raisedAtMillis).reversed());

    /** Bed names with their digit runs compared as numbers; names that differ only in leading zeros by text. */
    static final Comparator<String> BEDS = BoardOrder::compareBeds;

    private BoardOrder() {
    }

    private static int compareBeds(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            if (isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
                int startA = i;
                int startB = j;
                while (i < a.length() && isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && isDigit(b.charAt(j))) {
                    j++;
                }
                int c = compareNumbers(withoutLeadingZeros(a.substring(startA, i)),
                        withoutLeadingZeros(b.substring(startB, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (a.charAt(i) != b.charAt(j)) {
                    return Character.compare(a.charAt(i), b.charAt(j));
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    /** Digit runs of any length (a bed id may hold 64 digits): the longer number is the larger. */
    private static int compareNumbers(String x, String y) {
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String withoutLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
