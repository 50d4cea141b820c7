package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header giving each tensor's dtype, shape
 * and byte range (plus string {@code __metadata__}), then the raw little-endian data. Tailor writes and reads float32
 * (everything a network computes with) and int64 (batch counters).
 * Reading checks everything a hostile or damaged file could get wrong, and never returns a silently wrong tensor.
 */
public final class SafeTensors {
    private static final String METADATA = "__metadata__";
    /** Far beyond any real header; guards against a length field that would make us allocate the file system. */
    private static final long MAX_HEADER = 100L << 20;
    /** Tailor's largest networks hold a few MiB of weights; a file beyond this is not one of ours. */
    static final long MAX_FILE = 1L << 30;

    /** The tensors of a file, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Map.copyOf(metadata);
        }

        public Weights weights() {
            return new Weights(tensors);
        }
    }

    private SafeTensors() {
    }

    /**
     * The file's bytes: header padded with spaces to a multiple of 8, then the tensors in the order given. Every key is
     * written in a fixed order, so the same weights always give the same bytes.
     */
    public static byte[] encode(Weights weights, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(METADATA, new TreeMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : weights.tensors().entrySet()) {
            Tensor t = e.getValue();
            long end = offset + (long) bytesPer(t.dtype()) * t.size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), entry);
            offset = end;
        }
        byte[] json;
        try {
            json = Json.COMPACT.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : weights.tensors().values()) {
            switch (t.dtype()) {
                case F32 -> {
                    for (float v : t.values()) {
                        out.putFloat(v);
                    }
                }
                case I64 -> {
                    for (long v : t.longValues()) {
                        out.putLong(v);
                    }
                }
            }
        }
        return out.array();
    }

    private static int bytesPer(Tensor.DType dtype) {
        return switch (dtype) {
            case F32 -> 4;
            case I64 -> 8;
        };
    }

    public static Contents read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new InvalidInputException(String.format("%s: %,d bytes, over the limit of %,d bytes for a weights file",
                        file, size, MAX_FILE));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        return decode(bytes, file.toString());
    }

    /** Parses and checks a safetensors file's bytes; {@code source} names it in errors. */
    public static Contents decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw bad(source, "truncated: " + bytes.length + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8L) {
            throw bad(source, "the header claims " + Long.toUnsignedString(headerLength) + " bytes but the file holds "
                    + (bytes.length - 8) + " after the length field (truncated, or not a safetensors file)");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad(source, "the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw bad(source, "the header must be a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue().fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw bad(source, "__metadata__." + m.getKey() + " must be a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
            } else {
                entries.add(entry(source, field.getKey(), field.getValue(), dataLength));
            }
        }
        requireContiguous(source, entries, dataLength);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name, switch (e.dtype) {
                case F32 -> {
                    float[] values = new float[(int) ((e.end - e.begin) / 4)];
                    data.asFloatBuffer().get(values);
                    Tensor tensor = new Tensor(e.shape, values);
                    requireFinite(source, e.name, tensor);
                    yield tensor;
                }
                case I64 -> {
                    long[] values = new long[(int) ((e.end - e.begin) / 8)];
                    data.asLongBuffer().get(values);
                    yield Tensor.int64(e.shape, values);
                }
            });
        }
        return new Contents(tensors, metadata);
    }

    /** A NaN or infinite weight makes every prediction meaningless while looking like a model; refuse it here. */
    private static void requireFinite(String source, String name, Tensor tensor) {
        tensor.firstNonFinite().ifPresent(i -> {
            throw bad(source, "tensor '" + name + "' holds " + tensor.values()[i] + " at element " + i + " of " + tensor.size()
                    + "; a model's weights must be finite numbers");
        });
    }

    private record Entry(String name, Tensor.DType dtype, List<Integer> shape, long begin, long end) {
    }

    private static Entry entry(String source, String name, JsonNode node, long dataLength) {
        String dtype = node.path("dtype").asText(null);
        if (dtype == null) {
            throw bad(source, "tensor '" + name + "' has no dtype");
        }
        Tensor.DType type = switch (dtype) {
            case "F32" -> Tensor.DType.F32;
            case "I64" -> Tensor.DType.I64;
            default -> throw bad(source, "tensor '" + name + "' has dtype " + dtype
                    + "; Tailor reads F32 (float32) and I64 (int64) tensors only");
        };
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(source, "tensor '" + name + "' needs a shape array and data_offsets [begin, end]");
        }
        List<Integer> shape = new ArrayList<>();
        long elements = 1;
        for (JsonNode d : shapeNode) {
            if (!d.canConvertToInt() || d.asInt() < 0) {
                throw bad(source, "tensor '" + name + "' has an invalid dimension " + d);
            }
            shape.add(d.asInt());
            elements *= d.asInt();
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw bad(source, "tensor '" + name + "' has data_offsets [" + offsets.get(0) + ", " + offsets.get(1)
                    + "] outside the " + dataLength + " bytes of data");
        }
        if (end - begin != elements * bytesPer(type)) {
            throw bad(source, "tensor '" + name + "' has shape " + shape + " (" + elements * bytesPer(type) + " bytes of "
                    + dtype + ") but " + (end - begin) + " bytes of data");
        }
        return new Entry(name, type, shape, begin, end);
    }

    /** The tensors must tile the data exactly: no gaps, no overlaps, nothing left over. */
    private static void requireContiguous(String source, List<Entry> entries, long dataLength) {
        List<Entry> byOffset = entries.stream().sorted(Comparator.comparingLong(Entry::begin)).toList();
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin != expected) {
                throw bad(source, "tensor '" + e.name + "' starts at byte " + e.begin + " of the data, expected " + expected
                        + " (tensors overlap or leave a gap)");
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw bad(source, "the tensors cover " + expected + " bytes but the file holds " + dataLength
                    + " bytes of data (truncated or padded)");
        }
    }

    private static InvalidInputException bad(String source, String problem) {
        return new InvalidInputException(source + ": " + problem);
    }
}
