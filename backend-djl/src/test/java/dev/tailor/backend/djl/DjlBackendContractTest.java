package dev.tailor.backend.djl;

import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.testing.TrainingContract;

/** The inference and training contracts, on this engine. */
class DjlBackendContractTest extends TrainingContract {
    @Override
    protected TrainingBackend backend() {
        return new DjlBackend();
    }
}
