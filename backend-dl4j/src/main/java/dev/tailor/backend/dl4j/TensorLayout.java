package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** How SameDiff holds a tensor that Tailor declares in PyTorch's layout. */
enum TensorLayout {
    /** As PyTorch holds it. */
    TORCH,
    /**
     * A convolution kernel as [kH, kW, in, out] rather than PyTorch's [out, in, kH, kW]: SameDiff's backward
     * convolution rejects the OIYX layout in 1.0.0-M2.1.
     */
    KERNEL_HWIO;

    INDArray toEngine(Tensor t) {
        INDArray array = Nd4j.create(t.values(), t.dims(), 'c');
        return switch (this) {
            case TORCH -> array;
            case KERNEL_HWIO -> array.permute(2, 3, 1, 0).dup('c');
        };
    }

    Tensor fromEngine(INDArray array, List<Integer> torchShape) {
        INDArray torch = switch (this) {
            case TORCH -> array;
            case KERNEL_HWIO -> array.permute(3, 2, 0, 1);
        };
        return new Tensor(torchShape, torch.dup('c').data().asFloat());
    }
}
