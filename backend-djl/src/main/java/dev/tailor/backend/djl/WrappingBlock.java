package dev.tailor.backend.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/** A block that runs one inner block its own way: it holds the inner block's parameters and takes its shapes. */
abstract class WrappingBlock extends AbstractBlock {
    protected final Block inner;

    WrappingBlock(String name, Block inner) {
        this.inner = addChildBlock(name, inner);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }
}
