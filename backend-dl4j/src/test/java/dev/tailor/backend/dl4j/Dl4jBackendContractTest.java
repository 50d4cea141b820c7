package dev.tailor.backend.dl4j;

import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.testing.BackendContract;

class Dl4jBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return new Dl4jBackend();
    }
}
