package dev.tailor.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorSpecTest {
    @Test
    void eachRoleOwnsItsPyTorchNameTrainabilityTypeAndStart() {
        assertThat(TensorSpec.of("3", TensorSpec.Role.WEIGHT, List.of(64, 32, 3, 3)))
                .isEqualTo(new TensorSpec("3.weight", TensorSpec.Role.WEIGHT, List.of(64, 32, 3, 3), TensorSpec.Init.GLOROT_UNIFORM));
        assertThat(TensorSpec.of("5.body.1", TensorSpec.Role.SCALE, List.of(8)).name()).isEqualTo("5.body.1.weight");
        assertThat(TensorSpec.of("5.body.1", TensorSpec.Role.SHIFT, List.of(8)).name()).isEqualTo("5.body.1.bias");

        TensorSpec variance = TensorSpec.of("1", TensorSpec.Role.RUNNING_VARIANCE, List.of(8));
        assertThat(variance.name()).isEqualTo("1.running_var");
        assertThat(variance.trainable()).isFalse();
        assertThat(variance.init()).isEqualTo(TensorSpec.Init.ONES);
        assertThat(variance.dtype()).isEqualTo(Tensor.DType.F32);

        TensorSpec counter = TensorSpec.of("1", TensorSpec.Role.BATCH_COUNTER, List.of());
        assertThat(counter.name()).isEqualTo("1.num_batches_tracked");
        assertThat(counter.dtype()).isEqualTo(Tensor.DType.I64);
        assertThat(counter.size()).isEqualTo(1);
        assertThat(counter.role().id()).isEqualTo("batchCounter");
        assertThat(TensorSpec.Role.RUNNING_MEAN.id()).isEqualTo("runningMean");
    }

    @Test
    void fansAreComputedAsKerasAndPyTorchDo() {
        TensorSpec kernel = TensorSpec.of("0", TensorSpec.Role.WEIGHT, List.of(64, 32, 3, 3));
        TensorSpec matrix = TensorSpec.of("7", TensorSpec.Role.WEIGHT, List.of(64, 1600));

        assertThat(kernel.fanIn()).isEqualTo(32 * 9);
        assertThat(kernel.fanOut()).isEqualTo(64 * 9);
        assertThat(matrix.fanIn()).isEqualTo(1600);
        assertThat(matrix.fanOut()).isEqualTo(64);
    }

    @Test
    void initialWeightsFollowEachTensorsDeclaredStart() {
        Tensor ones = Tensor.filled(Tensor.DType.F32, List.of(3), 1);
        Tensor zeroCount = Tensor.filled(Tensor.DType.I64, List.of(), 0);

        assertThat(ones.values()).containsExactly(1f, 1f, 1f);
        assertThat(zeroCount.longValues()).containsExactly(0L);
        assertThat(zeroCount).isNotEqualTo(Tensor.filled(Tensor.DType.F32, List.of(), 0));
    }
}
