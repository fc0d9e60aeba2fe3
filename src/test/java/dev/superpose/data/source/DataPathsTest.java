package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** source.path and source.trial stay inside the home's data/ and models/ unless an absolute path is given. */
class DataPathsTest {
    private static final Path HOME = Path.of("/srv/home");

    @Test
    void aRelativePathIsInsideData() {
        assertEquals(Path.of("/srv/home/data/acts/x.npy"), DataPaths.dataFile(HOME, "source.path", "acts/./x.npy"));
    }

    @Test
    void anAbsolutePathIsTakenAsGiven() {
        assertEquals(Path.of("/etc/x.npy"), DataPaths.dataFile(HOME, "source.path", "/etc/x.npy"));
    }

    @Test
    void aRelativePathMayNotClimbOutOfData() {
        String message = assertThrows(BadInputException.class,
                () -> DataPaths.dataFile(HOME, "source.path", "../../etc/passwd")).getMessage();
        assertEquals("source.path = \"../../etc/passwd\": a relative path must name a file inside /srv/home/data;"
                + " give an absolute path to read a file elsewhere", message);
        assertThrows(BadInputException.class, () -> DataPaths.dataFile(HOME, "source.path", "a/../../results/x"));
        assertThrows(BadInputException.class, () -> DataPaths.dataFile(HOME, "source.path", "."));
    }

    @Test
    void aTrialIsInsideModels() {
        assertEquals(Path.of("/srv/home/models/intro/t0003.npz"), DataPaths.trialWeights(HOME, "intro/t0003"));
        for (String escape : new String[]{"../t0003", "intro/..", "./t", "a/b/c"}) {
            String message = assertThrows(BadInputException.class, () -> DataPaths.trialWeights(HOME, escape))
                    .getMessage();
            assertTrue(message.startsWith("source.trial = \"" + escape + "\""), message);
        }
    }
}
