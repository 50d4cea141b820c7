package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {
    private static final Weights WEIGHTS = Weights.initial(ModelPresets.SEED_CNN, 5);

    private static byte[] file(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
    }

    @Test
    void writesTheSafetensorsLayoutAndReadsItBack() throws Exception {
        byte[] bytes = SafeTensors.encode(WEIGHTS, Map.of("format", "pt"));

        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        assertThat(headerLength % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
        assertThat(header.get("7.weight").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("7.weight").get("shape").toString()).isEqualTo("[64,1600]");
        long begin = header.get("0.bias").get("data_offsets").get(0).asLong();
        // 0.bias follows 0.weight's 288 floats; its first value is stored little-endian at its offset.
        assertThat(begin).isEqualTo(288 * 4);
        assertThat(buffer.getFloat(8 + (int) headerLength)).isEqualTo(WEIGHTS.get("0.weight").values()[0]);
        assertThat(bytes.length).isEqualTo(8 + headerLength + 121_930L * 4);

        SafeTensors.Contents back = SafeTensors.decode(bytes, "w.safetensors");
        assertThat(back.weights()).isEqualTo(WEIGHTS);
        assertThat(back.metadata()).containsEntry("format", "pt");
    }

    @Test
    void int64CountersTravelAsI64() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("1.num_batches_tracked", Tensor.int64(List.of(), new long[] {(1L << 40) + 3}));
        tensors.put("1.running_var", new Tensor(List.of(2), new float[] {1f, 0.5f}));
        Weights counted = new Weights(tensors);

        byte[] bytes = SafeTensors.encode(counted, Map.of());

        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0), StandardCharsets.UTF_8);
        assertThat(header).contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}");
        assertThat(SafeTensors.decode(bytes, "w").weights()).isEqualTo(counted);
    }

    @Test
    void theHeaderIsWrittenInAFixedOrderSoTheSameWeightsGiveTheSameBytes() {
        byte[] bytes = SafeTensors.encode(WEIGHTS, Map.of("tailor.model", "seed-cnn", "format", "pt"));

        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0), StandardCharsets.UTF_8);
        // Map.of iterates in an order that changes from one JVM to the next; every key order here is fixed.
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\",\"tailor.model\":\"seed-cnn\"},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[32,1,3,3],\"data_offsets\":[0,1152]},");
    }

    @Test
    void rejectsATruncatedFile() {
        byte[] bytes = SafeTensors.encode(WEIGHTS, Map.of());

        assertThatThrownBy(() -> SafeTensors.decode(Arrays.copyOf(bytes, bytes.length - 100), "w.safetensors"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("w.safetensors: tensor '10.weight' has data_offsets [485120, 487680] outside the 487620 bytes of data");
        assertThatThrownBy(() -> SafeTensors.decode(Arrays.copyOf(bytes, bytes.length + 4), "w.safetensors"))
                .hasMessage("w.safetensors: the tensors cover 487720 bytes but the file holds 487724 bytes of data (truncated or padded)");
        assertThatThrownBy(() -> SafeTensors.decode(new byte[5], "w.safetensors"))
                .hasMessage("w.safetensors: truncated: 5 bytes, too short for the 8-byte header length");
    }

    @Test
    void rejectsAHeaderThatLiesAboutItsLength() {
        byte[] bytes = SafeTensors.encode(WEIGHTS, Map.of());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);

        assertThatThrownBy(() -> SafeTensors.decode(bytes, "w.safetensors"))
                .hasMessageStartingWith("w.safetensors: the header claims 1099511627776 bytes but the file holds");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 40);
        assertThatThrownBy(() -> SafeTensors.decode(bytes, "w.safetensors"))
                .hasMessageStartingWith("w.safetensors: the header is not valid JSON");
    }

    @Test
    void rejectsUnknownDtypesAndInconsistentTensors() {
        assertThatThrownBy(() -> SafeTensors.decode(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "w"))
                .hasMessage("w: tensor 'a' has dtype F16; Tailor reads F32 (float32) and I64 (int64) tensors only");
        assertThatThrownBy(() -> SafeTensors.decode(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "w"))
                .hasMessage("w: tensor 'a' has shape [3] (12 bytes of F32) but 8 bytes of data");
        assertThatThrownBy(() -> SafeTensors.decode(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "w"))
                .hasMessage("w: tensor 'b' starts at byte 4 of the data, expected 8 (tensors overlap or leave a gap)");
        assertThatThrownBy(() -> SafeTensors.decode(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,80]}}", 8), "w"))
                .hasMessage("w: tensor 'a' has data_offsets [0, 80] outside the 8 bytes of data");
    }
}
