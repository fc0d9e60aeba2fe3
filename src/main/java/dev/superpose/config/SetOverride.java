package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;

import java.util.Set;

/**
 * One command-line {@code --set path=value}, parsed as a line of HOCON. The sweep's own keys
 * may be written without their {@code sweep.} prefix ({@code grid."data.feature-probability"=[1,0.1]},
 * {@code seeds=[0,1]}), as the command line contract shows them.
 *
 * @param text   the override as the user typed it, for messages
 * @param config the override as a config layer, with shorthand keys moved under {@code sweep}
 */
record SetOverride(String text, Config config) {

    static SetOverride parse(String text, Set<String> sweepKeys) {
        if (text.indexOf('=') < 1) {
            throw new BadInputException("--set " + text + ": expected path=value, e.g. --set train.steps=2000");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(text, LocalIncludes.options().setOriginDescription("--set"));
        } catch (ConfigException e) {
            // the parser's message starts with the origin and a line number, which mean nothing here
            String reason = e.getMessage().replaceFirst("^--set: \\d+: ", "");
            throw new BadInputException("--set " + text + ": expected path=value with a HOCON value (" + reason + ")", e);
        }
        Config config = parsed;
        for (String key : parsed.root().keySet()) {
            if (sweepKeys.contains(key)) {
                config = config.withoutPath(ConfigUtil.joinPath(key))
                        .withFallback(parsed.root().get(key).atKey(key).atKey("sweep"));
            }
        }
        return new SetOverride(text, config);
    }
}
