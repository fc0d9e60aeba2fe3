package dev.superpose.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * How a sweep file (and a {@code --set} value) may {@code include} others: local files and class
 * path resources only, and each must exist. Typesafe Config would otherwise fetch {@code include
 * url(...)} (and an include whose name parses as a URL) from the network, and skip a missing
 * include silently unless it is written {@code required(...)}. Everything else is left to the
 * library's own includer.
 */
final class LocalIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    /** Parse options for sweep text: includes as above. */
    static ConfigParseOptions options() {
        return ConfigParseOptions.defaults().setIncluder(new LocalIncludes(null));
    }

    /** The library's includer, which this one narrows. */
    private final ConfigIncluder fallback;

    private LocalIncludes(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this.fallback == fallback ? this : new LocalIncludes(fallback);
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        if (isUrl(what)) {
            throw refused(what);
        }
        return fallback.include(required(context), what);
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL url) {
        throw refused(url.toString());
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return ((ConfigIncluderFile) fallback).includeFile(required(context), what);
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return ((ConfigIncluderClasspath) fallback).includeResources(required(context), what);
    }

    /** An include the user wrote is meant to be read: a missing one is an error, as with {@code required(...)}. */
    private static ConfigIncludeContext required(ConfigIncludeContext context) {
        return context.setParseOptions(context.parseOptions().setAllowMissing(false));
    }

    private static boolean isUrl(String what) {
        try {
            new URL(what);
            return true;
        } catch (MalformedURLException notAUrl) {
            return false;
        }
    }

    private static ConfigException refused(String what) {
        return new ConfigException.Generic("include of \"" + what + "\": a sweep file may include local files only"
                + " (superpose reads no settings from the network)");
    }
}
