package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileAccessTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            write | EEXIST    | write: EEXIST
            write | ENOTEMPTY | write: ENOTEMPTY
            write | EBUSY     | write: EBUSY
            write | EISDIR    | write: EISDIR
            read  | ELOOP     | read: ELOOP
            read  | EACCES    | read: EACCES
            write | EPERM     | write: EPERM
            write | ETXTBSY   | write: ETXTBSY
            write | EXDEV     | write: EXDEV
            stat  | EMLINK    | stat: EMLINK
            write | ENXIO     | write: ENXIO
            read  | ENODEV    | read: ENODEV
            stat  | ENODATA   | stat: ENODATA
            link  | EINVAL    | link: EINVAL
            list  | ENOTDIR   | list: ENOTDIR
            """)
    void anErrorThatOnlyAnExistingPathGivesProvesItExists(String kind, String error, String proof) {
        AccessKind k = AccessKind.fromReportName(kind).orElseThrow();
        FileAccess access = new FileAccess("/p", Set.of(), Set.of(k), Map.of(k, Set.of(error)));

        assertThat(access.existenceProof()).hasValue(proof);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            read  | ENOENT
            write | ENOENT
            read  | ENAMETOOLONG
            write | EINVAL
            read  | EFAULT
            write | EROFS
            """)
    void anErrorThatAMissingPathAlsoGivesProvesNothing(String kind, String error) {
        AccessKind k = AccessKind.fromReportName(kind).orElseThrow();
        FileAccess access = new FileAccess("/p", Set.of(), Set.of(k), Map.of(k, Set.of(error)));

        assertThat(access.existenceProof()).isEmpty();
    }

    @Test
    void aPathWithoutErrorsProvesNothing() {
        assertThat(new FileAccess("/p", Set.of(), Set.of(AccessKind.WRITE)).existenceProof()).isEmpty();
    }
}
