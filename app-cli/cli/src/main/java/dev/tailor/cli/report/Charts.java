package dev.tailor.cli.report;

import dev.tailor.application.Comparison;
import dev.tailor.application.SweepGrid;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TrainedRun;
import dev.tailor.domain.statistics.Summary;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingHistory;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Line and bar charts, drawn by XChart. */
public final class Charts {
    private Charts() {
    }

    /**
     * Loss and accuracy per epoch (train, and validation and test where scored each epoch) and the learning rate at
     * the end of each epoch, side by side: 1800 x 450.
     */
    public static BufferedImage curves(TrainingHistory history) {
        List<EpochReport> epochs = history.epochs();
        XYChart loss = lineChart("Loss per epoch", "cross-entropy", Styler.LegendPosition.InsideNE);
        XYChart accuracy = lineChart("Accuracy per epoch", "accuracy", Styler.LegendPosition.InsideSE);
        XYChart rate = lineChart("Learning rate", "rate at the epoch's last step", Styler.LegendPosition.InsideNE);
        double[] x = epochs.stream().mapToDouble(EpochReport::epoch).toArray();
        loss.addSeries("train", x, values(epochs, EpochReport::trainLoss));
        accuracy.addSeries("train", x, values(epochs, EpochReport::trainAccuracy));
        if (epochs.stream().allMatch(e -> e.validationAccuracy().isPresent())) {
            loss.addSeries("validation", x, values(epochs, e -> e.validationLoss().orElseThrow()));
            accuracy.addSeries("validation", x, values(epochs, e -> e.validationAccuracy().orElseThrow()));
        }
        if (epochs.stream().allMatch(e -> e.testAccuracy().isPresent())) {
            loss.addSeries("test", x, values(epochs, e -> e.testLoss().orElseThrow()));
            accuracy.addSeries("test", x, values(epochs, e -> e.testAccuracy().orElseThrow()));
        }
        rate.addSeries("learning rate", x, values(epochs, EpochReport::learningRate));
        rate.getStyler().setYAxisDecimalPattern("0.0E0");
        rate.getStyler().setLegendVisible(false);
        return sideBySide(sideBySide(BitmapEncoder.getBufferedImage(loss), BitmapEncoder.getBufferedImage(accuracy)),
                BitmapEncoder.getBufferedImage(rate));
    }

    /** Accuracy on each class, one bar per backend (the mean over seeds, with ± one standard deviation): 1100 x 500. */
    public static BufferedImage perClassAccuracy(Comparison comparison) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(500)
                .title("Accuracy per class").xAxisTitle("class").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
        for (Comparison.BackendSummary b : comparison.backends()) {
            List<Double> mean = b.perClassAccuracy().stream().map(Summary::mean).toList();
            List<Double> spread = b.perClassAccuracy().stream().map(s -> s.size() > 1 ? s.standardDeviation() : 0.0).toList();
            chart.addSeries(b.backend(), b.classNames(), mean, spread);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Every backend's learning curves overlaid: per epoch the mean over seeds, with a bar from the lowest to the
     * highest seed; training loss, and the accuracy on the held-out images scored each epoch (test, else validation,
     * else training): 1200 x 450.
     */
    public static BufferedImage comparisonCurves(Comparison comparison) {
        XYChart loss = lineChart("Training loss (mean over seeds, min-max bars)", "cross-entropy", Styler.LegendPosition.InsideNE);
        List<TrainedRun> all = comparison.runs().values().stream().flatMap(List::stream).toList();
        String scored;
        ToDoubleFunction<EpochReport> accuracy;
        if (all.stream().allMatch(r -> r.history().epochs().stream().allMatch(e -> e.testAccuracy().isPresent()))) {
            scored = "test";
            accuracy = e -> e.testAccuracy().getAsDouble();
        } else if (all.stream().allMatch(r -> r.history().epochs().stream().allMatch(e -> e.validationAccuracy().isPresent()))) {
            scored = "validation";
            accuracy = e -> e.validationAccuracy().getAsDouble();
        } else {
            scored = "training";
            accuracy = EpochReport::trainAccuracy;
        }
        XYChart acc = lineChart(scored.substring(0, 1).toUpperCase() + scored.substring(1) + " accuracy (mean over seeds, min-max bars)",
                "accuracy", Styler.LegendPosition.InsideSE);
        loss.getStyler().setErrorBarsColorSeriesColor(true);
        acc.getStyler().setErrorBarsColorSeriesColor(true);
        comparison.runs().forEach((backend, runs) -> {
            addBand(loss, backend, runs, EpochReport::trainLoss);
            addBand(acc, backend, runs, accuracy);
        });
        return sideBySide(BitmapEncoder.getBufferedImage(loss), BitmapEncoder.getBufferedImage(acc));
    }

    /** Mean per epoch with asymmetric min-max bars, drawn as a symmetric bar around the midpoint XChart can show. */
    private static void addBand(XYChart chart, String name, List<TrainedRun> runs, ToDoubleFunction<EpochReport> value) {
        int epochs = runs.stream().mapToInt(r -> r.history().epochs().size()).min().orElse(0);
        double[] x = new double[epochs];
        double[] mean = new double[epochs];
        double[] half = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            int epoch = e;
            double[] v = runs.stream().mapToDouble(r -> value.applyAsDouble(r.history().epochs().get(epoch))).toArray();
            x[e] = e + 1;
            mean[e] = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            double low = java.util.Arrays.stream(v).min().orElse(Double.NaN);
            double high = java.util.Arrays.stream(v).max().orElse(Double.NaN);
            half[e] = Math.max(mean[e] - low, high - mean[e]);
        }
        chart.addSeries(name, x, mean, half);
    }

    /**
     * One panel per swept setting: every trial's mean validation accuracy at its value of that setting (the values
     * evenly spaced in the order given), and a line through each value's best trial: 500 x 400 per panel.
     */
    public static BufferedImage sweep(SweepResult sweep) {
        BufferedImage all = null;
        for (SweepGrid.Axis axis : sweep.grid().axes()) {
            XYChart chart = new XYChartBuilder().width(500).height(400).title(axis.name())
                    .xAxisTitle(axis.name()).yAxisTitle("validation accuracy").build();
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
            chart.getStyler().setXAxisDecimalPattern("0");
            List<String> values = axis.values();
            double[] x = new double[sweep.trials().size()];
            double[] y = new double[sweep.trials().size()];
            double[] bestY = new double[values.size()];
            java.util.Arrays.fill(bestY, Double.NaN);
            for (int t = 0; t < sweep.trials().size(); t++) {
                SweepResult.Trial trial = sweep.trials().get(t);
                int position = values.indexOf(trial.settings().get(axis.path()));
                x[t] = position + 1;
                y[t] = trial.validationAccuracy().mean();
                bestY[position] = Double.isNaN(bestY[position]) ? y[t] : Math.max(bestY[position], y[t]);
            }
            chart.setCustomXAxisTickLabelsFormatter(v -> {
                int index = (int) Math.round(v) - 1;
                return Math.abs(v - Math.round(v)) < 1e-9 && index >= 0 && index < values.size() ? values.get(index).replace("\"", "") : "";
            });
            chart.addSeries("trials", x, y).setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
            double[] positions = java.util.stream.IntStream.rangeClosed(1, values.size()).asDoubleStream().toArray();
            chart.addSeries("best per value", positions, bestY);
            BufferedImage panel = BitmapEncoder.getBufferedImage(chart);
            all = all == null ? panel : sideBySide(all, panel);
        }
        return all;
    }

    /** Loss falls and accuracy rises, so their legends go where the lines are not. */
    private static XYChart lineChart(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(600).height(450).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static double[] values(List<EpochReport> epochs, ToDoubleFunction<EpochReport> value) {
        return epochs.stream().mapToDouble(value).toArray();
    }

    private static BufferedImage sideBySide(BufferedImage left, BufferedImage right) {
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(), right.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        return both;
    }
}
