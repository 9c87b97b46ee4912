package dev.qbank.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A failed job's view lists at most 1,000 problems (the contract's maxItems); the last entry counts the rest. */
class ImportErrorsCapTest {

    private static List<ImportViews.RowError> errors(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(row -> new ImportViews.RowError(row, "text", "is blank"))
                .toList();
    }

    @Test
    void aThousandOrFewerAreShownAsTheyAre() {
        List<ImportViews.RowError> thousand = errors(ImportViews.MAX_ERRORS);
        assertSame(thousand, ImportService.capped(thousand));
    }

    @Test
    void moreAreCutWithALastEntrySayingHowManyMore() {
        List<ImportViews.RowError> shown = ImportService.capped(errors(5000));
        assertEquals(ImportViews.MAX_ERRORS, shown.size());
        assertEquals(999, shown.get(998).row());
        assertEquals("and 4001 more problems", shown.get(999).reason());
    }
}
