package dev.tailor.application;

/** One member of an ensemble, scored alone: where it is in the ensemble, what trained it, how it scored. */
public record MemberScore(String member, String trainedOn, double accuracy, double macroF1) {
}
