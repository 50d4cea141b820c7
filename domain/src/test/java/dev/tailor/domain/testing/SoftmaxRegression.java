package dev.tailor.domain.testing;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.LabelSmoothing;
import java.util.List;
import java.util.Map;

/**
 * The spec {flatten, softmax} worked out by hand in double precision: logits = W x + b, the mean cross-entropy
 * against (smoothed) targets, its gradient, and one step of SGD with L2 decay or of AdamW (Keras' epsilon placement),
 * decay on W only. The reference the engines' updates are held to.
 */
final class SoftmaxRegression {
    enum Rule { SGD_L2, ADAMW }

    private final int classes;
    private final int inputs;
    private final double[] w;
    private final double[] b;
    private final double[] mw;
    private final double[] vw;
    private final double[] mb;
    private final double[] vb;
    private int t;

    SoftmaxRegression(Weights weights) {
        Tensor kernel = weights.get("1.weight");
        classes = kernel.shape().get(0);
        inputs = kernel.shape().get(1);
        w = toDouble(kernel.values());
        b = toDouble(weights.get("1.bias").values());
        mw = new double[w.length];
        vw = new double[w.length];
        mb = new double[b.length];
        vb = new double[b.length];
    }

    /** Mean cross-entropy of the batch against its smoothed targets, at the current weights. */
    double loss(Batch batch, LabelSmoothing smoothing) {
        float[] targets = smoothing.targets(batch.labels(), classes);
        double sum = 0;
        for (int i = 0; i < batch.size(); i++) {
            sum += LabelSmoothing.crossEntropy(toFloat(logits(batch, i)), targets, i * classes);
        }
        return sum / batch.size();
    }

    /** One update at {@code rate}, as the engines are to make it. */
    void step(Batch batch, LabelSmoothing smoothing, double rate, Rule rule, double decay) {
        float[] targets = smoothing.targets(batch.labels(), classes);
        float[] x = batch.images().pixels();
        double[] gw = new double[w.length];
        double[] gb = new double[b.length];
        for (int i = 0; i < batch.size(); i++) {
            double[] p = softmax(logits(batch, i));
            for (int c = 0; c < classes; c++) {
                double d = (p[c] - targets[i * classes + c]) / batch.size();
                gb[c] += d;
                for (int j = 0; j < inputs; j++) {
                    gw[c * inputs + j] += d * x[i * inputs + j];
                }
            }
        }
        t++;
        switch (rule) {
            case SGD_L2 -> {
                for (int k = 0; k < w.length; k++) {
                    w[k] -= rate * (gw[k] + decay * w[k]);
                }
                for (int c = 0; c < b.length; c++) {
                    b[c] -= rate * gb[c];
                }
            }
            case ADAMW -> {
                for (int k = 0; k < w.length; k++) {
                    w[k] = w[k] * (1 - rate * decay) - adam(gw[k], mw, vw, k, rate);
                }
                for (int c = 0; c < b.length; c++) {
                    b[c] -= adam(gb[c], mb, vb, c, rate);
                }
            }
        }
    }

    /** Adam's step for one value with betas 0.9, 0.999 and epsilon 1e-7, epsilon outside the bias correction. */
    private double adam(double g, double[] m, double[] v, int k, double rate) {
        m[k] = 0.9 * m[k] + 0.1 * g;
        v[k] = 0.999 * v[k] + 0.001 * g * g;
        double alpha = rate * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        return alpha * m[k] / (Math.sqrt(v[k]) + 1e-7);
    }

    Weights weights() {
        return new Weights(Map.of("1.weight", new Tensor(List.of(classes, inputs), toFloat(w)),
                "1.bias", new Tensor(List.of(classes), toFloat(b))));
    }

    private double[] logits(Batch batch, int i) {
        float[] x = batch.images().pixels();
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) {
            double s = b[c];
            for (int j = 0; j < inputs; j++) {
                s += w[c * inputs + j] * x[i * inputs + j];
            }
            z[c] = s;
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
