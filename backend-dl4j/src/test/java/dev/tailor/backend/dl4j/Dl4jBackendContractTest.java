package dev.tailor.backend.dl4j;

import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.testing.TrainingContract;

/** The inference and training contracts, on this engine. */
class Dl4jBackendContractTest extends TrainingContract {
    @Override
    protected TrainingBackend backend() {
        return new Dl4jBackend();
    }
}
