package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tailor.application.DataSettings;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.training.EarlyStopping;
import dev.tailor.domain.training.Initialization;
import dev.tailor.domain.training.LabelSmoothing;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.Validation;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The config file's shape. Every section and field is optional; what is left out takes
 * {@link TailorConfig#DEFAULT}'s value. Each part becomes its domain value as soon as it is read ({@link JsonForm}), so errors carry their place in the file.
 */
@JsonPropertyOrder({"backend", "data", "model", "training", "output"})
@JsonIgnoreProperties({"$schema"}) // names the schema for editors (docs/tailor-config.schema.json); nothing to load
record ConfigJson(String backend, Data data, ModelJson model, Training training, String output)
        implements JsonForm<TailorConfig> {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Data(String dir, Integer trainLimit, Integer testLimit) implements JsonForm<DataSettings> {
        @Override
        public DataSettings toDomain() {
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

    @JsonPropertyOrder({"epochs", "batchSize", "optimizer", "schedule", "augment", "labelSmoothing", "validation",
            "earlyStopping", "testEachEpoch", "tta", "seed", "threads", "init"})
    record Training(Integer epochs, Integer batchSize, OptimizerJson optimizer, ScheduleJson schedule, AugmentJson augment,
                    Double labelSmoothing, Double validation, EarlyStoppingJson earlyStopping, Boolean testEachEpoch, String tta,
                    Long seed, Integer threads, String init) implements JsonForm<TrainingConfig> {
        /** Anything left out is the baseline's (TrainingConfig.BASELINE); with a validation share the test set is scored once, at the end. */
        @Override
        public TrainingConfig toDomain() {
            TrainingConfig d = TrainingConfig.BASELINE;
            if (validation != null && !(validation > 0 && validation < 1)) {
                throw new InvalidInputException("validation is the share of training images held out and must be in (0, 1), got "
                        + validation);
            }
            Validation held = new Validation(validation == null ? 0 : validation,
                    Optional.ofNullable(earlyStopping).map(EarlyStoppingJson::toDomain));
            return new TrainingConfig(epochs == null ? d.epochs() : epochs, batchSize == null ? d.batchSize() : batchSize,
                    optimizer == null ? d.optimizer() : optimizer.toDomain(),
                    schedule == null ? d.schedule() : schedule.toDomain(),
                    augment == null ? d.augmentation() : augment.toDomain(),
                    labelSmoothing == null ? d.labelSmoothing() : new LabelSmoothing(labelSmoothing),
                    held, testEachEpoch == null ? !held.enabled() : testEachEpoch,
                    tta == null ? d.tta() : TestTimeAugmentation.fromId(tta),
                    seed == null ? d.seed() : seed, threads == null ? d.threads() : threads,
                    init == null ? d.init() : Initialization.fromId(init));
        }

        static Training from(TrainingConfig t) {
            Validation v = t.validation();
            return new Training(t.epochs(), t.batchSize(), OptimizerJson.from(t.optimizer()), ScheduleJson.from(t.schedule()),
                    AugmentJson.from(t.augmentation()), t.labelSmoothing().epsilon(), v.enabled() ? v.share() : null,
                    v.earlyStopping().map(EarlyStoppingJson::from).orElse(null), t.testEachEpoch(), t.tta().id(), t.seed(),
                    t.threads(), t.init().id());
        }
    }

    /** {@code {"monitor": "validationLoss", "patience": 3, "minDelta": 0}}. */
    record EarlyStoppingJson(String monitor, Integer patience, Double minDelta) implements JsonForm<EarlyStopping> {
        @Override
        public EarlyStopping toDomain() {
            return new EarlyStopping(monitor == null ? EarlyStopping.Monitor.VALIDATION_LOSS : EarlyStopping.Monitor.fromId(monitor),
                    patience == null ? 3 : patience, minDelta == null ? 0 : minDelta);
        }

        static EarlyStoppingJson from(EarlyStopping e) {
            return new EarlyStoppingJson(e.monitor().id(), e.patience(), e.minDelta());
        }
    }

    @Override
    public TailorConfig toDomain() {
        TailorConfig d = TailorConfig.DEFAULT;
        var spec = model == null ? d.model() : model.toDomain();
        return new TailorConfig(backend == null ? d.backend() : Optional.of(backend),
                data == null ? d.data() : data.toDomain(),
                spec,
                training == null ? d.training() : training.toDomain(),
                output == null ? Path.of("runs", spec.name()) : Path.of(output));
    }

    static ConfigJson from(TailorConfig c) {
        return new ConfigJson(c.backend().orElse(null), Data.from(c.data()), ModelJson.from(c.model()), Training.from(c.training()),
                c.output().toString());
    }
}
