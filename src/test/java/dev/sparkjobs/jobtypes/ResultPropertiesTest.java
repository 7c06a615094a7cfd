package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ResultPropertiesTest {

    @Test
    void defaultsAreOneMegabyteAndSixtyFourKilobytes() {
        ResultProperties d = ResultProperties.defaults();
        assertThat(d.maxBytes().toBytes()).isEqualTo(1 << 20);
        assertThat(d.maxValueBytes().toBytes()).isEqualTo(64 << 10);
    }

    @Test
    void refusesCapsThatCannotWork() {
        assertThatThrownBy(() -> new ResultProperties(DataSize.ofBytes(100), DataSize.ofBytes(50)))
                .hasMessageContaining("max-bytes");
        assertThatThrownBy(() -> new ResultProperties(DataSize.ofGigabytes(1), DataSize.ofKilobytes(64)))
                .hasMessageContaining("max-bytes");
        assertThatThrownBy(() -> new ResultProperties(DataSize.ofKilobytes(4), DataSize.ofKilobytes(8)))
                .hasMessageContaining("max-value-bytes");
        assertThatThrownBy(() -> new ResultProperties(DataSize.ofKilobytes(4), DataSize.ofBytes(8)))
                .hasMessageContaining("max-value-bytes");
    }
}
