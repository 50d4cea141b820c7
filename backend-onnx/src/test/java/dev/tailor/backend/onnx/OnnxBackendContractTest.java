package dev.tailor.backend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.InferenceContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inference contract on ONNX Runtime, and the one line that refuses to train on it. */
class OnnxBackendContractTest extends InferenceContract {
    @Override
    protected Backend backend() {
        return new OnnxBackend();
    }

    @Test
    void trainingIsRefusedNamingTheBackendsThatTrain() {
        assertThatThrownBy(() -> Backends.of(List.of(new OnnxBackend())).trainer("onnx"))
                .hasMessage("backend 'onnx' serves models but cannot train; backends that train: none installed");
    }
}
