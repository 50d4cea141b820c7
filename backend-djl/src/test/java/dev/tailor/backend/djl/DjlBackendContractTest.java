package dev.tailor.backend.djl;

import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.testing.BackendContract;

class DjlBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return new DjlBackend();
    }
}
