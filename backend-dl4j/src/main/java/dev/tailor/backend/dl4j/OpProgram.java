package dev.tailor.backend.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph, or its gradient function, as a fixed list of native op calls. SameDiff's session works out the
 * execution order, dependency counts and array lifetimes again for every op of every call (a third of a DL4J training
 * step on the seed CNN, profiled; half of a one-image prediction's time, measured); the graph never changes, so this works them out once,
 * keeps one op context per op and writes each output into the array it had the call before. Shapes are worked out again
 * only when a fed array changes shape (the last, smaller batch of an epoch). One thread at a time runs a program.
 */
final class OpProgram {
    private final List<Call> calls;
    private final INDArray[] slots;
    private final Map<String, Integer> slotOf;
    private final boolean[] bound;
    private final int[] fed;
    private final long[][] fedShapes;

    private OpProgram(List<Call> calls, INDArray[] slots, Map<String, Integer> slotOf, int[] fed) {
        this.calls = List.copyOf(calls);
        this.slots = slots;
        this.slotOf = Map.copyOf(slotOf);
        this.bound = new boolean[slots.length];
        for (int i = 0; i < slots.length; i++) {
            bound[i] = slots[i] != null;
        }
        this.fed = fed;
        this.fedShapes = new long[fed.length][];
    }

    /**
     * A batch norm on images normalising with its batch's statistics: {@code moments} of {@code input} (keeping their
     * dimensions), folded into the scale and shift of a depthwise 1x1 convolution giving {@code output}.
     */
    record ImageBatchNorm(String input, String mean, String variance, String output) {
    }

    /**
     * The calls of {@code graph}'s gradient function that compute {@code wanted} (its variables, forward or backward)
     * from the placeholders, in an order that respects every dependency. Trainable variables are read from
     * {@code graph}'s own arrays, which training updates in place. Each of {@code batchNorms} scales and shifts with
     * oneDNN's batch norm kernel, forward and backward, and its statistics' backward runs as one such pass in place of
     * the full-size ops autodiff made of it.
     */
    static OpProgram gradient(SameDiff graph, List<String> placeholders, Collection<String> wanted,
                              List<ImageBatchNorm> batchNorms) {
        SameDiff gradient = graph.getFunction("grad");
        if (gradient == null) {
            throw new IllegalStateException("the graph has no gradient function; call createGradFunction first");
        }
        return compile(graph, gradient, placeholders, wanted, batchNorms);
    }

    /** The calls of {@code graph} itself that compute {@code wanted} from the placeholders: a forward pass. */
    static OpProgram forward(SameDiff graph, List<String> placeholders, Collection<String> wanted) {
        return compile(graph, graph, placeholders, wanted, List.of());
    }

    /** {@code function}'s calls (the graph or its gradient function); variables are read from {@code graph}. */
    private static OpProgram compile(SameDiff graph, SameDiff function, List<String> placeholders, Collection<String> wanted,
                                     List<ImageBatchNorm> batchNorms) {
        Map<String, FusedStatistics> replacing = new HashMap<>();
        Set<String> scalesAndShifts = new HashSet<>();
        Set<String> theirBackwards = new HashSet<>();
        for (ImageBatchNorm norm : batchNorms) {
            SameDiffOp forward = ScaleAndShift.opGiving(function, norm);
            scalesAndShifts.add(forward.getName());
            theirBackwards.add(ScaleAndShiftBackward.opOf(function, norm, forward));
            // A batch norm whose input needs no gradient (first in the network, or after frozen layers) has no statistics'
            // backward.
            if (graph.getVariable(norm.variance()).getGradient() != null) {
                FusedStatistics fused = FusedStatistics.find(graph, function, norm);
                fused.replaced().forEach(op -> replacing.put(op, fused));
            }
        }
        Map<String, Integer> slotOf = new HashMap<>();
        List<String> order = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (String name : wanted) {
            visit(function, name, replacing, visited, order);
        }
        for (String name : placeholders) {
            slotOf.computeIfAbsent(name, n -> slotOf.size());
        }
        int[] fed = placeholders.stream().mapToInt(slotOf::get).toArray();
        List<Call> calls = new ArrayList<>();
        Map<Integer, INDArray> bound = new HashMap<>();
        for (String opName : order) {
            FusedStatistics fused = replacing.get(opName);
            if (fused != null) {
                int[] in = slots(function, fused.inputs(), slotOf, bound, graph);
                int out = slotOf.computeIfAbsent(fused.output(), k -> slotOf.size());
                calls.add(new StatisticsBackward(in, out));
                continue;
            }
            SameDiffOp op = function.getOps().get(opName);
            int[] in = slots(function, nullToEmpty(op.getInputsToOp()), slotOf, bound, graph);
            int[] out = op.getOutputsOfOp().stream().mapToInt(n -> slotOf.computeIfAbsent(n, k -> slotOf.size())).toArray();
            calls.add(scalesAndShifts.contains(opName) ? new ScaleAndShift(in, out[0])
                    : theirBackwards.contains(opName) ? new ScaleAndShiftBackward(in, out)
                    : call(function, op, in, out));
        }
        INDArray[] slots = new INDArray[slotOf.size()];
        bound.forEach((slot, array) -> slots[slot] = array);
        return new OpProgram(calls, slots, slotOf, fed);
    }

    /**
     * Depth first: an op joins the order after every op that makes one of its inputs. The ops a fused statistics backward
     * replaces join as one, under the name of the first it replaces.
     */
    private static void visit(SameDiff function, String variable, Map<String, FusedStatistics> replacing, Set<String> visited,
                              List<String> order) {
        Variable v = function.getVariables().get(variable);
        if (v == null) {
            throw new IllegalArgumentException("the program's graph has no variable " + variable);
        }
        String opName = v.getOutputOfOp();
        FusedStatistics fused = opName == null ? null : replacing.get(opName);
        if (fused != null) {
            String first = fused.replaced().get(0);
            if (visited.add(first)) {
                fused.inputs().forEach(input -> visit(function, input, replacing, visited, order));
                order.add(first);
            }
            return;
        }
        if (opName == null || !visited.add(opName)) {
            return;
        }
        SameDiffOp op = function.getOps().get(opName);
        for (String input : nullToEmpty(op.getInputsToOp())) {
            visit(function, input, replacing, visited, order);
        }
        for (String dependency : nullToEmpty(op.getVarControlDeps())) {
            visit(function, dependency, replacing, visited, order);
        }
        for (String dependency : nullToEmpty(op.getControlDeps())) {
            SameDiffOp before = function.getOps().get(dependency);
            for (String output : before.getOutputsOfOp()) {
                visit(function, output, replacing, visited, order);
            }
        }
        order.add(opName);
    }

    private static List<String> nullToEmpty(List<String> names) {
        return names == null ? List.of() : names;
    }

    /** The slots of an op's inputs; variables and constants are bound now, placeholders and outputs at run time. */
    private static int[] slots(SameDiff function, List<String> names, Map<String, Integer> slotOf,
                               Map<Integer, INDArray> bound, SameDiff graph) {
        int[] slots = new int[names.size()];
        for (int i = 0; i < slots.length; i++) {
            String name = names.get(i);
            boolean known = slotOf.containsKey(name);
            int slot = slotOf.computeIfAbsent(name, k -> slotOf.size());
            slots[i] = slot;
            SDVariable variable = function.getVariable(name);
            VariableType type = variable.getVariableType();
            if (!known && type == VariableType.PLACEHOLDER) {
                throw new IllegalArgumentException("placeholder " + name + " is needed but not fed");
            }
            if (!known && (type == VariableType.VARIABLE || type == VariableType.CONSTANT)) {
                // Variables are read from the graph the network updates, so the program always sees the current weights.
                INDArray array = type == VariableType.VARIABLE && graph.hasVariable(name)
                        ? graph.getArrForVarName(name) : function.getArrForVarName(name);
                if (array == null) {
                    throw new IllegalStateException("no array for " + type + " " + name);
                }
                bound.put(slot, array);
            }
        }
        return slots;
    }

    private static Call call(SameDiff function, SameDiffOp op, int[] in, int[] out) {
        DifferentialFunction operation = op.getOp();
        if (operation instanceof Identity) {
            return new Alias(in[0], out[0]);
        }
        if (operation instanceof GradientBackwardsMarker) {
            return new Constant(out[0], Nd4j.scalar(DataType.FLOAT, 1.0));
        }
        DataType[] types = op.getOutputsOfOp().stream().map(n -> function.getVariable(n).dataType()).toArray(DataType[]::new);
        if (operation instanceof Assign) {
            throw unsupported(operation);
        }
        if (operation instanceof ThresholdReluBp relu && relu.tArgs().length == 1 && relu.tArgs()[0] == 0) {
            // ReLU's backward as libnd4j's relu_bp: the same values, 4x faster ([128,64,14,14]: 2.0 against 8.4 ms);
            // thresholdedrelu_bp runs a generic lambda, relu_bp a vectorised pairwise transform.
            return new Custom(DynamicCustomOp.builder("relu_bp").build(), Nd4j.getExecutioner().buildContext(), in, out, types);
        }
        if (operation instanceof DynamicCustomOp custom) {
            return new Custom(custom, Nd4j.getExecutioner().buildContext(), in, out, types);
        }
        if (operation instanceof BaseOp legacy) {
            return new Legacy(legacy, Nd4j.getExecutioner().buildContext(), in, out[0], types[0]);
        }
        throw unsupported(operation);
    }

    private static IllegalStateException unsupported(DifferentialFunction function) {
        return new IllegalStateException("the DL4J backend's op program cannot run op " + function.opName()
                + " (" + function.getClass().getSimpleName() + ")");
    }

    /**
     * Runs every call on these arrays, one per placeholder in the order compiled. When their shapes differ from the last
     * run's, the arrays the program wrote then are closed first and made again in the new shapes.
     */
    void run(INDArray... feed) {
        if (feed.length != fed.length) {
            throw new IllegalArgumentException("expected " + fed.length + " placeholder arrays, got " + feed.length);
        }
        boolean reshape = false;
        for (int i = 0; i < feed.length; i++) {
            reshape |= !Arrays.equals(feed[i].shape(), fedShapes[i]);
        }
        if (reshape) {
            release();
        }
        for (int i = 0; i < feed.length; i++) {
            slots[fed[i]] = feed[i];
            fedShapes[i] = feed[i].shape();
        }
        for (Call call : calls) {
            call.run(slots, reshape);
        }
    }

    /**
     * Closes every array the program wrote, which it otherwise keeps for the next run; values read from it before are
     * closed too. The next run makes them again.
     */
    void release() {
        calls.forEach(Call::release);
        for (int i = 0; i < slots.length; i++) {
            if (!bound[i]) {
                slots[i] = null;
            }
        }
        Arrays.fill(fedShapes, null);
    }

    /** A variable's array as the last run left it; the next run overwrites it. */
    INDArray value(String name) {
        Integer slot = slotOf.get(name);
        if (slot == null || slots[slot] == null) {
            throw new IllegalArgumentException("the op program does not compute " + name);
        }
        return slots[slot];
    }

    /**
     * Runs an op on the arrays set on its context, then lets the context go of them: libnd4j's context keeps a handle
     * for every array ever set on it until purged (2.5 KB a run of the seed CNN's forward pass, measured), so a program
     * sets its arrays again on every run.
     */
    private static void execute(CustomOp op, OpContext context) {
        Nd4j.exec(op, context);
        context.purge();
    }

    private static void execute(Op op, OpContext context) {
        Nd4j.exec(op, context);
        context.purge();
    }

    /** An output array of the shape the op asks for, in the type the graph declares for it (as SameDiff allocates). */
    private static INDArray allocate(LongShapeDescriptor shape, DataType type) {
        return Nd4j.create(shape.dataType() == type ? shape : shape.asDataType(type), false);
    }

    private sealed interface Call permits Alias, Constant, Custom, Legacy, ScaleAndShift, ScaleAndShiftBackward,
            StatisticsBackward {
        void run(INDArray[] slots, boolean reshape);

        /** Closes the arrays this call made; its next run makes them again. */
        void release();
    }

    private record Alias(int from, int to) implements Call {
        @Override
        public void run(INDArray[] slots, boolean reshape) {
            slots[to] = slots[from];
        }

        @Override
        public void release() {
        }
    }

    private record Constant(int to, INDArray value) implements Call {
        @Override
        public void run(INDArray[] slots, boolean reshape) {
            slots[to] = value;
        }

        /** The value is the program's for good. */
        @Override
        public void release() {
        }
    }

    /** A libnd4j custom op: its arguments are set once; outputs are allocated again only when shapes change. */
    private static final class Custom implements Call {
        private final DynamicCustomOp op;
        private final OpContext context;
        private final int[] in;
        private final int[] out;
        private final DataType[] types;
        private final INDArray[] inputs;
        private INDArray[] outputs;

        Custom(DynamicCustomOp op, OpContext context, int[] in, int[] out, DataType[] types) {
            this.op = op;
            this.context = context;
            this.in = in;
            this.out = out;
            this.types = types;
            this.inputs = new INDArray[in.length];
            context.setArgs(null, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
        }

        @Override
        public void run(INDArray[] slots, boolean reshape) {
            for (int i = 0; i < in.length; i++) {
                inputs[i] = slots[in[i]];
            }
            context.setInputArrays(inputs);
            if (reshape || outputs == null) {
                List<LongShapeDescriptor> shapes = op.calculateOutputShape(context);
                if (shapes.size() != out.length) {
                    throw new IllegalStateException("op " + op.opName() + " gave " + shapes.size() + " output shapes for "
                            + out.length + " outputs");
                }
                outputs = new INDArray[out.length];
                for (int i = 0; i < out.length; i++) {
                    outputs[i] = allocate(shapes.get(i), types[i]);
                }
            }
            context.setOutputArrays(outputs);
            execute(op, context);
            for (int i = 0; i < out.length; i++) {
                slots[out[i]] = outputs[i];
            }
        }

        @Override
        public void release() {
            if (outputs != null) {
                Tensors.free(outputs);
                outputs = null;
            }
        }
    }

    /**
     * Where autodiff put the backward of one image batch norm's statistics: {@code reduce_mean_bp} and
     * {@code reduce_variance_bp}, each a full-size tensor, and the {@code add} of the two. Their sum is
     * x dv 2/N + (dm - mean dv 2)/N per channel (dm, dv: the gradients of mean and variance; N: values per channel),
     * one scale and shift of x like the batch norm's own forward, which replaces all three.
     */
    private record FusedStatistics(List<String> replaced, List<String> inputs, String output) {
        static FusedStatistics find(SameDiff graph, SameDiff gradient, ImageBatchNorm norm) {
            String meanGradient = gradientOf(graph, norm.mean(), norm);
            String varianceGradient = gradientOf(graph, norm.variance(), norm);
            SameDiffOp mean = only(gradient, "reduce_mean_bp", norm, List.of(norm.input(), meanGradient)::equals);
            SameDiffOp variance = only(gradient, "reduce_variance_bp", norm, List.of(norm.input(), varianceGradient)::equals);
            List<String> parts = List.of(mean.getOutputsOfOp().get(0), variance.getOutputsOfOp().get(0));
            SameDiffOp sum = only(gradient, "add", norm, in -> in.size() == 2 && in.containsAll(parts));
            return new FusedStatistics(List.of(mean.getName(), variance.getName(), sum.getName()),
                    List.of(norm.input(), norm.mean(), meanGradient, varianceGradient), sum.getOutputsOfOp().get(0));
        }

        private static String gradientOf(SameDiff graph, String variable, ImageBatchNorm norm) {
            SDVariable gradient = graph.getVariable(variable).getGradient();
            if (gradient == null) {
                throw new IllegalStateException("the batch norm giving " + norm.output() + ": autodiff made no gradient of "
                        + variable);
            }
            return gradient.name();
        }

        private static SameDiffOp only(SameDiff gradient, String opName, ImageBatchNorm norm, Predicate<List<String>> inputs) {
            List<SameDiffOp> found = gradient.getOps().values().stream()
                    .filter(op -> op.getOp().opName().equals(opName) && inputs.test(nullToEmpty(op.getInputsToOp()))).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("the batch norm giving " + norm.output() + ": expected one " + opName
                        + " in its statistics' backward, found " + found.size());
            }
            return found.get(0);
        }
    }

    /** The statistics' part of a batch norm's input gradient, as one scale and shift of its input. */
    private static final class StatisticsBackward implements Call {
        private final ChannelAffine affine = new ChannelAffine();
        private final int[] in;
        private final int out;
        private INDArray scale;
        private INDArray shift;

        StatisticsBackward(int[] in, int out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public void run(INDArray[] slots, boolean reshape) {
            INDArray x = slots[in[0]];
            long channels = x.size(1);
            if (reshape || scale == null) {
                scale = Nd4j.create(x.dataType(), channels);
                shift = Nd4j.create(x.dataType(), channels);
            }
            double perChannel = (double) x.length() / channels;
            scale.assign(slots[in[3]].reshape(channels)).muli(2 / perChannel);
            shift.assign(slots[in[2]].reshape(channels)).divi(perChannel).subi(scale.mul(slots[in[1]].reshape(channels)));
            slots[out] = affine.apply(x, scale, shift, reshape);
        }

        @Override
        public void release() {
            Tensors.free(scale, shift);
            scale = null;
            shift = null;
            affine.release();
        }
    }

    /**
     * A batch norm's forward scale and shift, which the graph computes as a depthwise 1x1 convolution (its weight the
     * scale as [1, 1, C, 1], its bias the shift), run as {@link ChannelAffine}. The graph keeps the convolution so that
     * autodiff makes a backward this program can find and replace ({@link ScaleAndShiftBackward}); libnd4j's own
     * batchnorm would be differentiated to batchnorm_bp, which has no oneDNN kernel (21-26 ms on [128,32,28,28]).
     */
    private static final class ScaleAndShift implements Call {
        private final ChannelAffine affine = new ChannelAffine();
        private final int[] in;
        private final int out;
        private INDArray weight;
        private INDArray scale;

        ScaleAndShift(int[] in, int out) {
            this.in = in;
            this.out = out;
        }

        /** The op giving {@code norm}'s output, checked to be the depthwise 1x1 convolution this replaces. */
        static SameDiffOp opGiving(SameDiff gradient, ImageBatchNorm norm) {
            SameDiffOp op = gradient.getOps().get(gradient.getVariables().get(norm.output()).getOutputOfOp());
            boolean oneByOne = op.getOp() instanceof DynamicCustomOp conv && conv.opName().equals("depthwise_conv2d")
                    && conv.iArgs().length >= 10 && Arrays.equals(Arrays.copyOf(conv.iArgs(), 10), new long[] {1, 1, 1, 1, 0, 0, 1, 1, 0, 0})
                    && nullToEmpty(op.getInputsToOp()).size() == 3;
            if (!oneByOne) {
                throw new IllegalStateException("the batch norm giving " + norm.output()
                        + ": expected a depthwise 1x1 convolution with a bias on NCHW, found " + op.getOp().opName());
            }
            return op;
        }

        @Override
        public void run(INDArray[] slots, boolean reshape) {
            INDArray w = slots[in[1]];
            if (w != weight) {
                weight = w;
                scale = w.reshape(w.length());
            }
            slots[out] = affine.apply(slots[in[0]], scale, slots[in[2]], reshape);
        }

        /** The scale is a view of the graph's weight: only the output is this call's. */
        @Override
        public void release() {
            affine.release();
        }
    }

    /**
     * The backward of a batch norm's {@link ScaleAndShift}, in place of autodiff's {@code depthwise_conv2d_bp} (which
     * reorders like the forward: 6.5-13 ms on [128,32,28,28]). From x, the weight, the bias and the output's gradient g:
     * the input's gradient g x scale as {@link ChannelAffine}; the bias's, g summed per channel, as one matrix-vector
     * product over the batch then row sums; the weight's, x . g per channel, as one reduce3 dot (together 5-6 ms).
     */
    private static final class ScaleAndShiftBackward implements Call {
        private final ChannelAffine affine = new ChannelAffine();
        private final int[] in;
        private final int[] out;
        private INDArray weight;
        private INDArray scale;
        private INDArray ones;
        private INDArray columnSums;
        private INDArray weightGradient;
        private INDArray biasGradient;

        ScaleAndShiftBackward(int[] in, int[] out) {
            this.in = in;
            this.out = out;
        }

        /** The name of autodiff's backward of {@code forward}, the scale and shift giving {@code norm}'s output. */
        static String opOf(SameDiff gradient, ImageBatchNorm norm, SameDiffOp forward) {
            List<String> forwardInputs = forward.getInputsToOp();
            List<SameDiffOp> found = gradient.getOps().values().stream()
                    .filter(op -> op.getOp().opName().equals("depthwise_conv2d_bp")
                            && nullToEmpty(op.getInputsToOp()).size() == 4
                            && op.getInputsToOp().subList(0, 3).equals(forwardInputs)
                            && op.getOutputsOfOp().size() == 3)
                    .toList();
            if (found.size() != 1) {
                throw new IllegalStateException("the batch norm giving " + norm.output()
                        + ": expected one depthwise_conv2d_bp of its scale and shift, found " + found.size());
            }
            return found.get(0).getName();
        }

        @Override
        public void run(INDArray[] slots, boolean reshape) {
            INDArray x = slots[in[0]];
            INDArray w = slots[in[1]];
            INDArray g = slots[in[3]];
            long batch = g.size(0);
            long channels = g.size(1);
            if (reshape || ones == null) {
                ones = Nd4j.ones(g.dataType(), 1, batch);
                columnSums = Nd4j.create(g.dataType(), 1, g.length() / batch);
                weightGradient = Nd4j.create(g.dataType(), 1, 1, channels, 1);
                biasGradient = Nd4j.create(g.dataType(), channels);
            }
            if (w != weight) {
                weight = w;
                scale = w.reshape(channels);
            }
            slots[out[0]] = affine.scale(g, scale, reshape);
            Nd4j.getExecutioner().exec(new Dot(x, g, weightGradient.reshape(channels), 0, 2, 3));
            Nd4j.gemm(ones, g.reshape(batch, g.length() / batch), columnSums, false, false, 1.0, 0.0);
            columnSums.reshape(channels, g.length() / batch / channels).sum(biasGradient, 1);
            slots[out[1]] = weightGradient;
            slots[out[2]] = biasGradient;
        }

        @Override
        public void release() {
            Tensors.free(ones, columnSums, weightGradient, biasGradient);
            ones = null;
            columnSums = null;
            weightGradient = null;
            biasGradient = null;
            affine.release();
        }
    }

    /**
     * x times a scale plus a shift per channel of an NCHW batch, as libnd4j's batchnorm with mean 0, variance 1 and
     * epsilon 0: oneDNN's batch norm kernel, one pass, where the depthwise 1x1 convolution reorders to and from a blocked
     * layout ([128,32,28,28]: 2.5-3.1 ms against 5.1-12.8 ms; equal to 1e-6).
     */
    private static final class ChannelAffine {
        private final DynamicCustomOp op = DynamicCustomOp.builder("batchnorm").build();
        private final OpContext context = Nd4j.getExecutioner().buildContext();
        private INDArray zeros;
        private INDArray ones;
        private INDArray output;

        ChannelAffine() {
            context.setIArguments(1, 1, 1); // apply the scale, apply the shift, channels on axis 1
            context.setTArguments(0.0);
        }

        /** x * scale + shift; the result is overwritten by the next call. */
        INDArray apply(INDArray x, INDArray scale, INDArray shift, boolean reshape) {
            allocate(x, reshape);
            return run(x, scale, shift);
        }

        /** x * scale; the result is overwritten by the next call. */
        INDArray scale(INDArray x, INDArray scale, boolean reshape) {
            allocate(x, reshape);
            return run(x, scale, zeros);
        }

        private void allocate(INDArray x, boolean reshape) {
            if (reshape || output == null) {
                output = Nd4j.create(x.dataType(), x.shape());
                zeros = Nd4j.zeros(x.dataType(), x.size(1));
                ones = Nd4j.ones(x.dataType(), x.size(1));
            }
        }

        private INDArray run(INDArray x, INDArray scale, INDArray shift) {
            context.setInputArrays(x, zeros, ones, scale, shift);
            context.setOutputArrays(output);
            execute(op, context);
            return output;
        }

        void release() {
            Tensors.free(output, zeros, ones);
            output = null;
            zeros = null;
            ones = null;
        }
    }

    /**
     * A legacy (transform, scalar, pairwise, reduce) op. As SameDiff's session does: a second input is the reduce
     * axes or the scalar when the op takes one, else the op's second operand.
     */
    private static final class Legacy implements Call {
        private final BaseOp op;
        private final OpContext context;
        private final int[] in;
        private final int out;
        private final DataType type;
        private INDArray output;

        Legacy(BaseOp op, OpContext context, int[] in, int out, DataType type) {
            this.op = op;
            this.context = context;
            this.in = in;
            this.out = out;
            this.type = type;
        }

        @Override
        public void run(INDArray[] slots, boolean reshape) {
            INDArray x = slots[in[0]];
            context.setInputArray(0, x);
            if (in.length == 2) {
                INDArray second = slots[in[1]];
                if (op instanceof ReduceOp reduce && reduce.getOpType() != Op.Type.REDUCE3) {
                    if (reshape || output == null) {
                        op.setDimensions(Shape.normalizeAxis(x.rank(), second.toIntVector()));
                    }
                } else if (op instanceof ScalarOp scalar) {
                    scalar.setScalar(second);
                } else {
                    context.setInputArray(1, second);
                }
            }
            if (reshape || output == null) {
                List<LongShapeDescriptor> shapes = op.calculateOutputShape(context);
                if (shapes == null || shapes.size() != 1) {
                    throw new IllegalStateException("op " + op.opName() + " gave no output shape");
                }
                output = allocate(shapes.get(0), type);
            }
            context.setOutputArray(0, output);
            execute(op, context);
            slots[out] = output;
        }

        @Override
        public void release() {
            Tensors.free(output);
            output = null;
        }
    }
}
