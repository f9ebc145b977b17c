package io.github.logoformer.train;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.OpsMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link ModelConfig} as a checkpoint's JSON object, and back (every field, so a run can be rebuilt). */
final class ModelConfigJson {
    private ModelConfigJson() {}

    static Map<String, Object> write(ModelConfig c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("frames", c.frames());
        json.put("frame_size", c.frameSize());
        json.put("backbone_width", c.backboneWidth());
        json.put("dim", c.dim());
        json.put("heads", c.heads());
        json.put("blocks", c.blocks());
        json.put("mlp_ratio", c.mlpRatio());
        json.put("attention_dropout", c.attentionDropout());
        json.put("drop_path", c.dropPath());
        json.put("classes", c.classes());
        json.put("window", new long[] {c.window().frames(), c.window().height(), c.window().width()});
        json.put("pool", new long[] {c.pool().frames(), c.pool().height(), c.pool().width()});
        json.put("ops", c.ops().name());
        return json;
    }

    static ModelConfig read(Map<String, Object> json) {
        return ModelConfig.builder().frames(JsonFields.integer(json, "frames"))
                .frameSize(JsonFields.integer(json, "frame_size")).backboneWidth(JsonFields.integer(json, "backbone_width"))
                .dim(JsonFields.integer(json, "dim")).heads(JsonFields.integer(json, "heads"))
                .blocks(JsonFields.integer(json, "blocks")).mlpRatio(JsonFields.integer(json, "mlp_ratio"))
                .attentionDropout(JsonFields.number(json, "attention_dropout"))
                .dropPath(JsonFields.number(json, "drop_path")).classes(JsonFields.integer(json, "classes"))
                .window(grid(json, "window")).pool(grid(json, "pool"))
                .ops(OpsMode.valueOf(JsonFields.string(json, "ops"))).build();
    }

    private static Grid3 grid(Map<String, Object> json, String key) {
        long[] v = JsonFields.longs(json, key);
        if (v.length != 3) {
            throw new IllegalArgumentException("field '" + key + "': expected [frames, height, width], got " + v.length + " numbers");
        }
        return Grid3.of(v[0], v[1], v[2]);
    }
}
