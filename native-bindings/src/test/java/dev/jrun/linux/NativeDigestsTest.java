package dev.jrun.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeDigestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-512"})
    void digests_matchTheJdksForAnySplitOfTheInput(String algorithm) throws Exception {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        MessageDigest ours = NativeDigests.create(algorithm);
        ours.update(data, 0, 7);
        ours.update(data[7]);
        ours.update(data, 8, data.length - 8); // more than one native buffer at once

        assertThat(ours.digest()).isEqualTo(MessageDigest.getInstance(algorithm).digest(data));
        assertThat(ours.digest()).as("reset after digest()").isEqualTo(MessageDigest.getInstance(algorithm).digest());
    }

    @Test
    void sha256_ofAbc_isTheStandardVector() throws Exception {
        byte[] digest = NativeDigests.create("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
