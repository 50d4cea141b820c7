package dev.tailor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.RunData;
import dev.tailor.application.SavedModel;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Transfer;
import dev.tailor.domain.training.WeightsOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The train use case against in-memory ports: what it writes, in what order, and what it leaves when it fails. */
class TrainTest {
    private final Fakes.Runs runs = new Fakes.Runs();
    private final RunData data = Fakes.data(40, 20);
    private final Fakes.Engine engine = new Fakes.Engine("fake", 0);
    private final List<String> reported = new ArrayList<>();
    private final RunReporter reporter = new RunReporter() {
        @Override
        public void trained(TailorConfig config, TrainedRun run, Dataset test, BiConsumer<String, byte[]> files) {
            reported.add(run.directory() + " " + run.evaluation().accuracy());
            files.accept("report.html", new byte[] {1});
        }
    };
    private final Fakes.Models models = new Fakes.Models();
    private static final long RESIDENT = 300L << 20;
    private final TrainUseCase train = new Train(runs, Fakes.source(data), models, reporter, () -> RESIDENT);

    @Test
    void aTransferStartsFromTheSourceModelAndTheRunRecordsIt() {
        Path source = Path.of("runs/pretrained/model");
        Weights pretrained = Weights.initial(Fakes.SPEC, 7);
        models.saved.put(source, new SavedModel(Fakes.SPEC, Fakes.CLASSES, pretrained, TestTimeAugmentation.NONE, "fake", "fake 1.0",
                "then"));
        TailorConfig base = Fakes.config(Path.of("runs/transferred"));
        TailorConfig config = base.withTraining(base.training().with(t -> t.transfer(Optional.of(
                new Transfer(source, new Transfer.Freeze.Nothing())))));
        List<String> notices = new ArrayList<>();

        train.train(new TrainUseCase.Request(config, engine, data, Optional.empty(), noticesInto(notices), false));

        Fakes.Written written = runs.committed.get(Path.of("runs/transferred"));
        assertThat(written.facts.initialWeights()).isEqualTo(pretrained.fingerprint());
        assertThat(written.provenance.startedFrom()).hasValue(new WeightsOrigin(source.toString(), pretrained.fingerprint()));
        assertThat(notices).containsExactly("transfer from runs/pretrained/model: 2 of 2 tensors start from it; 0 frozen (none)");
    }

    @Test
    void aTransferFromAModelThatIsNotThereWritesNothing() {
        TailorConfig base = Fakes.config(Path.of("runs/transferred"));
        TailorConfig config = base.withTraining(base.training().with(t -> t.transfer(Optional.of(
                new Transfer(Path.of("runs/missing/model"), new Transfer.Freeze.AllButHead())))));

        assertThatThrownBy(() -> train.train(new TrainUseCase.Request(config, engine, data)))
                .hasMessage("runs/missing/model: model directory not found");
        assertThat(runs.committed).isEmpty();
        assertThat(runs.discarded).isEmpty();
    }

    private static RunListener noticesInto(List<String> notices) {
        return new RunListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        };
    }

    @Test
    void aRunIsWrittenWholeAndResolved() {
        Path output = Path.of("runs/tiny");

        TrainedRun run = train.train(new TrainUseCase.Request(Fakes.config(output), engine, data));

        assertThat(run.directory()).isEqualTo(output);
        assertThat(run.evaluation().accuracy()).isEqualTo(1.0);
        assertThat(run.history().epochs()).hasSize(2);
        Fakes.Written written = runs.committed.get(output);
        assertThat(written.config.backend()).as("the backend is spelled out").hasValue("fake");
        assertThat(written.config.data().directory()).as("so is where the data was").hasValue(Path.of("/in-memory"));
        assertThat(written.history).isEqualTo(run.history());
        assertThat(written.metrics.accuracy()).isEqualTo(1.0);
        assertThat(written.model.weights()).isEqualTo(Weights.initial(Fakes.SPEC, 42));
        assertThat(written.provenance.backend()).isEqualTo("fake");
        assertThat(written.facts.initialWeights()).isEqualTo(Weights.initial(Fakes.SPEC, 42).fingerprint());
        assertThat(written.facts.peakMemoryBytes()).as("what the memory port read").isEqualTo(RESIDENT);
        assertThat(run.peakMemoryBytes()).isEqualTo(RESIDENT);
        assertThat(written.files).containsKey("report.html");
        assertThat(written.checkpoints).as("a finished run keeps no checkpoint").isEmpty();
        assertThat(reported).containsExactly(output + " 1.0");
    }

    @Test
    void aRunThatFailsLeavesNothingCommittedButItsCheckpoints() {
        RuntimeException kill = new RuntimeException("killed");

        assertThatThrownBy(() -> train.train(new TrainUseCase.Request(Fakes.config(Path.of("runs/killed")), engine, data,
                Optional.empty(), failingAtEpoch(2, kill), false))).isSameAs(kill);

        assertThat(runs.committed).isEmpty();
        assertThat(runs.discarded).hasSize(1);
        assertThat(runs.discarded.get(0).checkpoints).as("epoch 1's checkpoint").hasSize(1);
        assertThat(runs.discarded.get(0).checkpoints.get(0).checkpoint().epochsDone()).isEqualTo(1);
    }

    @Test
    void anInterruptedRunIsFinishedFromItsCheckpointAsTheRunItWouldHaveBeen() {
        TailorConfig config = Fakes.config(Path.of("runs/whole"));
        TrainedRun whole = train.train(new TrainUseCase.Request(config, engine, data));
        Path output = Path.of("runs/interrupted");
        RuntimeException kill = new RuntimeException("killed");
        assertThatThrownBy(() -> train.train(new TrainUseCase.Request(config.withOutput(output), engine, data, Optional.empty(),
                failingAtEpoch(2, kill), false))).isSameAs(kill);
        runs.interrupted = runs.discarded.get(0);
        List<String> notices = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        };

        TrainedRun resumed = train.resume(output, c -> engine, listener);

        assertThat(resumed.directory()).isEqualTo(output);
        assertThat(resumed.history().epochs()).hasSize(2);
        assertThat(resumed.initialWeights()).isEqualTo(whole.initialWeights());
        assertThat(resumed.evaluation().accuracy()).isEqualTo(whole.evaluation().accuracy());
        assertThat(runs.committed.get(output).checkpoints).isEmpty();
        assertThat(notices).containsExactly("continuing", "resuming after epoch 1 of 2");
    }

    @Test
    void resumingWhatLeftNoCheckpointIsRefusedWithTheOutput() {
        runs.interrupted = new Fakes.Written(runs, Path.of("runs/x"));
        runs.interrupted.writeConfig(Fakes.config(Path.of("runs/x")));

        assertThatThrownBy(() -> train.resume(Path.of("runs/x"), c -> engine, RunListener.NONE))
                .hasMessage("runs/x: the interrupted run holds no checkpoint to resume from");
    }

    private static RunListener failingAtEpoch(int epoch, RuntimeException failure) {
        return new RunListener() {
            @Override
            public void onEpochStart(int current, int total, int batches) {
                if (current == epoch) {
                    throw failure;
                }
            }
        };
    }
}
