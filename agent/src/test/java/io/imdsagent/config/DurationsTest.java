package io.imdsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"1, 1ms", "999, 999ms", "1000, 1s", "1500, 1500ms", "90000, 90s", "60000, 1m", "900000, 15m",
            "3600000, 1h", "5400000, 90m", "21600000, 6h"})
    void formatsInTheLargestExactUnit(long millis, String text) {
        assertEquals(text, Durations.format(millis));
    }
}
