package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void matches_fullNamesAsDockerComparesThem() {
        assertThat(Tags.matches("busybox:1.36", "busybox:1.36")).isTrue();
        assertThat(Tags.matches("busybox:1.36", "docker.io/library/busybox:1.36")).isTrue();
        assertThat(Tags.matches("docker.io/library/busybox:1.36", "busybox:1.36")).isTrue();
        assertThat(Tags.matches("index.docker.io/library/busybox:1.36", "busybox:1.36")).isTrue();
        assertThat(Tags.matches("busybox", "busybox:latest")).isTrue();
        assertThat(Tags.matches("library/busybox:1.36", "busybox:1.36")).isTrue();
        assertThat(Tags.matches("busybox:1.36", "busybox:1.37")).isFalse();
        assertThat(Tags.matches("quay.io/busybox:1.36", "busybox:1.36")).isFalse();
        assertThat(Tags.matches("localhost:5000/app:1", "localhost:5000/app:1")).isTrue();
        assertThat(Tags.matches("app:1", "localhost:5000/app:1")).isFalse();
    }

    @Test
    void matches_theTagPartAlone() {
        assertThat(Tags.matches("1.36", "busybox:1.36")).isTrue();
        assertThat(Tags.matches("1", "localhost:5000/app:1")).isTrue();
        assertThat(Tags.matches("5000", "localhost:5000/app")).isFalse();
        assertThat(Tags.matches("36", "busybox:1.36")).isFalse();
    }

    @Test
    void matches_aBareTagReferenceOnlyByThatTag() {
        assertThat(Tags.matches("latest", "latest")).isTrue();
        assertThat(Tags.matches("busybox:latest", "latest")).isFalse();
        assertThat(Tags.matches("1.36", "latest")).isFalse();
    }

    @Test
    void familiar_dropsTheDefaultDomainAndLibrary() {
        assertThat(Tags.familiar("docker.io/library/busybox:1.36")).isEqualTo("busybox:1.36");
        assertThat(Tags.familiar("docker.io/test/thirdparty:1")).isEqualTo("test/thirdparty:1");
        assertThat(Tags.familiar("quay.io/x/y:2")).isEqualTo("quay.io/x/y:2");
        assertThat(Tags.familiar("latest")).isEqualTo("latest");
    }
}
