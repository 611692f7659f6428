// Runs EPUBCheck on many EPUBs in one Java process: its command line takes one file per start,
// and a start costs seconds (most of it loading the schemas), so a folder would cost minutes.
// Usage: java -cp epubcheck.jar EpubCheckBatch.java OUTDIR EPUB... ; writes OUTDIR/<n>.json,
// EPUBCheck's own JSON report, for the n-th EPUB (counting from 0).
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String report = args[0] + "/" + (i - 1) + ".json";
            new EpubChecker().run(new String[] {args[i], "--json", report, "--quiet"});
        }
    }
}
