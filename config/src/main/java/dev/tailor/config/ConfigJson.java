package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tailor.domain.training.Initialization;
import dev.tailor.domain.training.TrainingConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The config file's shape. Every section and field is optional; what is left out takes
 * {@link TailorConfig#DEFAULT}'s value. Records validate on construction so errors carry their place in the file.
 */
@JsonPropertyOrder({"backend", "data", "model", "training", "output"})
record ConfigJson(String backend, Data data, ModelJson model, Training training, String output) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Data(String dir, Integer trainLimit, Integer testLimit) {
        Data(String dir, Integer trainLimit, Integer testLimit) {
            this.dir = dir;
            this.trainLimit = trainLimit;
            this.testLimit = testLimit;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        DataSettings toDomain() {
            return new DataSettings(Optional.ofNullable(dir).map(Path::of),
                    trainLimit == null ? OptionalInt.empty() : OptionalInt.of(trainLimit),
                    testLimit == null ? OptionalInt.empty() : OptionalInt.of(testLimit));
        }

        static Data from(DataSettings d) {
            return new Data(d.directory().map(Path::toString).orElse(null),
                    d.trainLimit().isPresent() ? d.trainLimit().getAsInt() : null,
                    d.testLimit().isPresent() ? d.testLimit().getAsInt() : null);
        }
    }

    @JsonPropertyOrder({"epochs", "batchSize", "optimizer", "seed", "threads", "init"})
    record Training(Integer epochs, Integer batchSize, OptimizerJson optimizer, Long seed, Integer threads, String init) {
        Training(Integer epochs, Integer batchSize, OptimizerJson optimizer, Long seed, Integer threads, String init) {
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.optimizer = optimizer;
            this.seed = seed;
            this.threads = threads;
            this.init = init;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        TrainingConfig toDomain() {
            TrainingConfig d = TrainingConfig.NOTEBOOK;
            return new TrainingConfig(epochs == null ? d.epochs() : epochs, batchSize == null ? d.batchSize() : batchSize,
                    optimizer == null ? d.optimizer() : optimizer.toDomain(), seed == null ? d.seed() : seed,
                    threads == null ? d.threads() : threads, init == null ? d.init() : Initialization.fromId(init));
        }

        static Training from(TrainingConfig t) {
            return new Training(t.epochs(), t.batchSize(), OptimizerJson.from(t.optimizer()), t.seed(), t.threads(), t.init().id());
        }
    }

    ConfigJson {
        toDomain();
    }

    TailorConfig toDomain() {
        TailorConfig d = TailorConfig.DEFAULT;
        var spec = model == null ? d.model() : model.toDomain();
        return new TailorConfig(backend == null ? d.backend() : backend,
                data == null ? d.data() : data.toDomain(),
                spec,
                training == null ? d.training() : training.toDomain(),
                output == null ? Path.of("runs", spec.name()) : Path.of(output));
    }

    static ConfigJson from(TailorConfig c) {
        return new ConfigJson(c.backend(), Data.from(c.data()), ModelJson.from(c.model()), Training.from(c.training()),
                c.output().toString());
    }
}
