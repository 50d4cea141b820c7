package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.EpochReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    @Test
    void withoutATerminalItPrintsQuarterMarksThenTheEpoch() {
        // Quarter marks of 10 batches round to batches 3, 5 and 8.
        StringWriter text = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text));

        printer.onEpochStart(1, 3, 10);
        for (int b = 1; b <= 10; b++) {
            printer.onBatch(new BatchReport(1, b, 10, 0.5, 0.5, 0.75, b * 32L, b * 0.1));
        }
        printer.onEpochEnd(new EpochReport(1, 0.5, 0.75, OptionalDouble.of(0.4), OptionalDouble.of(0.85), OptionalDouble.of(0.45),
                OptionalDouble.of(0.8), 0.00125, 1.0, 320));

        assertThat(text.toString().lines()).containsExactly(
                "epoch 1/3 [######              ]  30% 3/10  loss 0.5000  acc 0.7500  320 img/s  eta 0:01",
                "epoch 1/3 [##########          ]  50% 5/10  loss 0.5000  acc 0.7500  320 img/s  eta 0:01",
                "epoch 1/3 [################    ]  80% 8/10  loss 0.5000  acc 0.7500  320 img/s  eta 0:00",
                "epoch 1/3 done: loss 0.5000  train acc 0.7500  val loss 0.4000  val acc 0.8500  test loss 0.4500  test acc 0.8000"
                        + "  lr 0.00125  1.0 s  320 img/s");
    }

    @Test
    void quietMeansNoProgressAtAll() {
        assertThat(ConsoleRun.progress(new PrintWriter(new StringWriter()), true))
                .isSameAs(dev.tailor.domain.training.TrainingListener.NONE);
        // Tests do not run on a terminal, so progress is plain lines.
        assertThat(ConsoleRun.progress(new PrintWriter(new StringWriter()), false)).isInstanceOf(ProgressPrinter.class);
    }
}
