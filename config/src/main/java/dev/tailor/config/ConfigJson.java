package dev.tailor.config;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tailor.application.DataSettings;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.training.EarlyStopping;
import dev.tailor.domain.training.Initialization;
import dev.tailor.domain.training.LabelSmoothing;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.Transfer;
import dev.tailor.domain.training.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The config file's shape. Every section and field is optional; what is left out takes
 * {@link TailorConfig#DEFAULT}'s value. Each part becomes its domain value as soon as it is read ({@link JsonForm}), so errors carry their place in the file.
 */
@JsonPropertyOrder({"backend", "data", "model", "training", "output"})
@JsonIgnoreProperties({"$schema"}) // names the schema for editors (docs/tailor-config.schema.json); nothing to load
record ConfigJson(String backend, Data data, ModelJson model, Training training, String output)
        implements JsonForm<TailorConfig> {

    /**
     * {@code {"dir": ..., "trainLimit": N, "testLimit": N}} for Fashion-MNIST, or your own images:
     * {@code {"train": PATH, "test": PATH | "testShare": 0.2, "classes": [...], "skipUnreadable": true}}.
     */
    @JsonPropertyOrder({"dir", "train", "test", "testShare", "classes", "skipUnreadable", "trainLimit", "testLimit"})
    record Data(String dir, @JsonInclude(NON_NULL) String train, @JsonInclude(NON_NULL) String test,
                @JsonInclude(NON_NULL) Double testShare, @JsonInclude(NON_NULL) List<String> classes,
                @JsonInclude(NON_NULL) Boolean skipUnreadable, Integer trainLimit, Integer testLimit) implements JsonForm<DataSettings> {
        @Override
        public DataSettings toDomain() {
            return new DataSettings(Optional.ofNullable(dir).map(Path::of), Optional.ofNullable(train).map(Path::of),
                    Optional.ofNullable(test).map(Path::of), testShare == null ? OptionalDouble.empty() : OptionalDouble.of(testShare),
                    classes == null ? List.of() : classes, skipUnreadable != null && skipUnreadable,
                    trainLimit == null ? OptionalInt.empty() : OptionalInt.of(trainLimit),
                    testLimit == null ? OptionalInt.empty() : OptionalInt.of(testLimit));
        }

        /** Fashion-MNIST's form as before (dir and the limits, null when unset); your own images' fields only when used. */
        static Data from(DataSettings d) {
            boolean own = d.ownImages();
            return new Data(own ? null : d.directory().map(Path::toString).orElse(null),
                    d.train().map(Path::toString).orElse(null), d.test().map(Path::toString).orElse(null),
                    d.testShare().isPresent() ? d.testShare().getAsDouble() : null,
                    d.classes().isEmpty() ? null : d.classes(), d.skipUnreadable() ? Boolean.TRUE : null,
                    d.trainLimit().isPresent() ? d.trainLimit().getAsInt() : null,
                    d.testLimit().isPresent() ? d.testLimit().getAsInt() : null);
        }
    }

    @JsonPropertyOrder({"epochs", "batchSize", "optimizer", "schedule", "augment", "labelSmoothing", "validation",
            "earlyStopping", "testEachEpoch", "tta", "seed", "threads", "init", "precision", "transfer"})
    record Training(Integer epochs, Integer batchSize, OptimizerJson optimizer, ScheduleJson schedule, AugmentJson augment,
                    Double labelSmoothing, Double validation, EarlyStoppingJson earlyStopping, Boolean testEachEpoch, String tta,
                    Long seed, Integer threads, String init, @JsonInclude(NON_NULL) String precision,
                    @JsonInclude(NON_NULL) TransferJson transfer)
            implements JsonForm<TrainingConfig> {
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
                    init == null ? d.init() : Initialization.fromId(init),
                    precision == null ? d.precision() : Precision.fromId(precision),
                    transfer == null ? Optional.empty() : Optional.of(transfer.toDomain()));
        }

        static Training from(TrainingConfig t) {
            Validation v = t.validation();
            return new Training(t.epochs(), t.batchSize(), OptimizerJson.from(t.optimizer()), ScheduleJson.from(t.schedule()),
                    AugmentJson.from(t.augmentation()), t.labelSmoothing().epsilon(), v.enabled() ? v.share() : null,
                    v.earlyStopping().map(EarlyStoppingJson::from).orElse(null), t.testEachEpoch(), t.tta().id(), t.seed(),
                    t.threads(), t.init().id(), t.precision() == Precision.FLOAT32 ? null : t.precision().id(),
                    t.transfer().map(TransferJson::from).orElse(null));
        }
    }

    /**
     * {@code {"from": "runs/pretrained/model", "freeze": "all-but-head"}}: {@code freeze} is "all-but-head", "none" (the
     * default: every layer fine-tuned) or a list of layer names as {@code tailor summary} prints them.
     */
    record TransferJson(String from, FreezeJson freeze) implements JsonForm<Transfer> {
        @Override
        public Transfer toDomain() {
            if (from == null || from.isBlank()) {
                throw new InvalidInputException("transfer.from must name a trained model's directory");
            }
            return new Transfer(Path.of(from), freeze == null ? new Transfer.Freeze.Nothing() : freeze.toDomain());
        }

        static TransferJson from(Transfer t) {
            return new TransferJson(t.from().toString(), new FreezeJson(t.freeze() instanceof Transfer.Freeze.Layers layers
                    ? layers.names() : t.freeze().describe()));
        }
    }

    /** {@code "all-but-head"}, {@code "none"} or a list of layer names: one field that is a word or a list. */
    record FreezeJson(@JsonValue Object value) implements JsonForm<Transfer.Freeze> {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        FreezeJson {
        }

        @Override
        public Transfer.Freeze toDomain() {
            if ("none".equals(value)) {
                return new Transfer.Freeze.Nothing();
            }
            if ("all-but-head".equals(value)) {
                return new Transfer.Freeze.AllButHead();
            }
            if (value instanceof List<?> names && names.stream().allMatch(String.class::isInstance)) {
                return new Transfer.Freeze.Layers(names.stream().map(String.class::cast).toList());
            }
            throw new InvalidInputException("freeze must be \"all-but-head\", \"none\" or a list of layer names, got " + value);
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
