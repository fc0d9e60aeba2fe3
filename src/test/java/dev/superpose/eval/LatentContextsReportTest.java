package dev.superpose.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report's text: escaped so that no corpus text becomes Markdown or HTML, the token in bold. */
class LatentContextsReportTest {

    @Test
    void everyAsciiPunctuationMarkIsEscapedAndLineBreaksBecomeSpaces() {
        assertEquals("a\\|b \\*c\\* \\<script\\> \\[x\\]\\(y\\) \\# \\_z\\_ \\&amp\\; \\\\ \\` é",
                LatentContextsReport.escape("a|b *c* <script> [x](y) # _z_ &amp; \\ ` é"));
        assertEquals("one two  three", LatentContextsReport.escape("one\ntwo\r\nthree"));
    }

    @Test
    void theContextIsAWindowOfTheDocumentWithTheTokenInBold() {
        String document = "x".repeat(50) + " the <b>word</b> here " + "y".repeat(50);
        int start = document.indexOf("word");
        String context = LatentContextsReport.context(document,
                new TransformerSaeProbe.TokenSource(0, start, start + 4, "word"));
        String before = document.substring(start - LatentContextsReport.WINDOW, start);
        String after = document.substring(start + 4, start + 4 + LatentContextsReport.WINDOW);
        assertEquals("…" + LatentContextsReport.escape(before) + "**word**" + LatentContextsReport.escape(after) + "…",
                context);
        assertEquals("**\\[UNK\\]**", LatentContextsReport.context("", new TransformerSaeProbe.TokenSource(0, 0, 0, "[UNK]")));
    }
}
