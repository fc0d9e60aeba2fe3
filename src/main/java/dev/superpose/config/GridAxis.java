package dev.superpose.config;

import com.typesafe.config.ConfigValue;

import java.util.List;

/** One entry of the sweep grid: a model/data/train setting and the values it takes, in order. */
record GridAxis(String path, List<ConfigValue> values) {
    GridAxis {
        values = List.copyOf(values);
    }
}
