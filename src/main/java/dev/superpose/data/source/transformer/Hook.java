package dev.superpose.data.source.transformer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code source.hook}: where in the encoder activations are read (and where an SAE's
 * reconstruction is spliced back). BERT is post-norm: the residual stream after block k is the
 * output of that block's second layer norm.
 *
 * @param point what is read
 * @param layer the block, for per-block points; -1 otherwise
 */
public record Hook(Point point, int layer) {
    private static final Pattern PER_BLOCK = Pattern.compile("(attn|mlp|resid)\\.(\\d+)");

    public enum Point {
        /** the embedding output (token + position + type embeddings, layer-normed) */
        EMBED,
        /** block k's attention output (after its output projection, before the residual sum) */
        ATTN,
        /** block k's MLP output (before the residual sum) */
        MLP,
        /** the residual stream after block k */
        RESID,
        /** the token-embedding matrix itself as a data set: one row per vocabulary entry */
        TOKEN_EMBEDDINGS
    }

    /** The setting's spellings, for messages. */
    public static final String SPELLINGS = "embed, attn.K, mlp.K, resid.K or token-embeddings";

    /** Parses a spelling; empty if it is none of {@link #SPELLINGS}. */
    public static Optional<Hook> parse(String text) {
        if (text.equals("embed")) {
            return Optional.of(new Hook(Point.EMBED, -1));
        }
        if (text.equals("token-embeddings")) {
            return Optional.of(new Hook(Point.TOKEN_EMBEDDINGS, -1));
        }
        Matcher m = PER_BLOCK.matcher(text);
        if (!m.matches() || m.group(2).length() > 4) {
            return Optional.empty();
        }
        Point point = switch (m.group(1)) {
            case "attn" -> Point.ATTN;
            case "mlp" -> Point.MLP;
            default -> Point.RESID;
        };
        return Optional.of(new Hook(point, Integer.parseInt(m.group(2))));
    }

    /** The spelling {@link #parse} reads. */
    public String id() {
        return switch (point) {
            case EMBED -> "embed";
            case TOKEN_EMBEDDINGS -> "token-embeddings";
            case ATTN -> "attn." + layer;
            case MLP -> "mlp." + layer;
            case RESID -> "resid." + layer;
        };
    }

    /** TransformerLens' name of the same point (HookedEncoder), as SAELens' metadata records it. */
    public String transformerLensName() {
        return switch (point) {
            case EMBED -> "hook_full_embed";
            case TOKEN_EMBEDDINGS -> "embed.embed.W_E";
            case ATTN -> "blocks." + layer + ".hook_attn_out";
            case MLP -> "blocks." + layer + ".hook_mlp_out";
            case RESID -> "blocks." + layer + ".hook_resid_post";
        };
    }

    /** The number of blocks that must run to reach this point (0 for the embeddings). */
    public int blocksNeeded() {
        return layer < 0 ? 0 : layer + 1;
    }
}
