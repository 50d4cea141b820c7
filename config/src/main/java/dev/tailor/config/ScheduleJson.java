package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.training.Schedule;
import java.util.Locale;

/**
 * {@code {"type":"constant"}}, {@code {"type":"step","everyEpochs":2,"factor":0.5}}, {@code {"type":"cosine","floor":0}}
 * or {@code {"type":"oneCycle","warmup":0.3,"start":0.04,"decay":"cosine","floor":0}}: fractions of the optimizer's rate.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ScheduleJson.Constant.class, name = "constant"),
        @JsonSubTypes.Type(value = ScheduleJson.Step.class, name = "step"),
        @JsonSubTypes.Type(value = ScheduleJson.Cosine.class, name = "cosine"),
        @JsonSubTypes.Type(value = ScheduleJson.OneCycle.class, name = "oneCycle")})
sealed interface ScheduleJson extends JsonForm<Schedule> {

    record Constant() implements ScheduleJson {
        @Override
        public Schedule toDomain() {
            return new Schedule.Constant();
        }
    }

    /** The rate times factor (0.1 unless given) every {@code everyEpochs} epochs. */
    record Step(Integer everyEpochs, Double factor) implements ScheduleJson {
        @Override
        public Schedule toDomain() {
            if (everyEpochs == null) {
                throw new InvalidInputException("everyEpochs is required (an integer)");
            }
            return new Schedule.StepDecay(everyEpochs, factor == null ? 0.1 : factor);
        }
    }

    record Cosine(Double floor) implements ScheduleJson {
        @Override
        public Schedule toDomain() {
            return new Schedule.Cosine(floor == null ? 0 : floor);
        }
    }

    /** PyTorch's OneCycleLR shape: 30% warm-up from 1/25 of the peak, cosine down to 0, unless given. */
    record OneCycle(Double warmup, Double start, String decay, Double floor) implements ScheduleJson {
        @Override
        public Schedule toDomain() {
            return new Schedule.OneCycle(warmup == null ? Schedule.OneCycle.DEFAULT_WARMUP : warmup,
                    start == null ? Schedule.OneCycle.DEFAULT_START : start, decay(decay), floor == null ? 0 : floor);
        }

        private static Schedule.Decay decay(String id) {
            if (id == null) {
                return Schedule.Decay.COSINE;
            }
            return switch (id) {
                case "cosine" -> Schedule.Decay.COSINE;
                case "linear" -> Schedule.Decay.LINEAR;
                default -> throw new InvalidInputException("unknown decay '" + id + "'; expected cosine or linear");
            };
        }
    }

    static ScheduleJson from(Schedule schedule) {
        return schedule.accept(new Schedule.Visitor<>() {
            @Override
            public ScheduleJson constant(Schedule.Constant s) {
                return new Constant();
            }

            @Override
            public ScheduleJson step(Schedule.StepDecay s) {
                return new Step(s.everyEpochs(), s.factor());
            }

            @Override
            public ScheduleJson cosine(Schedule.Cosine s) {
                return new Cosine(s.floor());
            }

            @Override
            public ScheduleJson oneCycle(Schedule.OneCycle s) {
                return new OneCycle(s.warmup(), s.start(), s.decay().name().toLowerCase(Locale.ROOT), s.floor());
            }
        });
    }
}
