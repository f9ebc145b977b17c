package io.github.logoformer.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one epoch of a run did: its mean training loss (first SAM pass), last learning rate, test metrics and time. */
public record EpochRecord(int epoch, double trainLoss, double learningRate, double testWar, double testUar, double seconds) {
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epoch", epoch);
        json.put("train_loss", trainLoss);
        json.put("learning_rate", learningRate);
        json.put("test_war", testWar);
        json.put("test_uar", testUar);
        json.put("seconds", seconds);
        return json;
    }

    static EpochRecord fromJson(Map<String, Object> json) {
        return new EpochRecord(JsonFields.integer(json, "epoch"), JsonFields.number(json, "train_loss"),
                JsonFields.number(json, "learning_rate"), JsonFields.number(json, "test_war"),
                JsonFields.number(json, "test_uar"), JsonFields.number(json, "seconds"));
    }
}
