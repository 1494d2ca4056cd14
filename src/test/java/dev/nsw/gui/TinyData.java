package dev.nsw.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny recipe workspace for tests (until sample-data/ lands): 24 Chinese FAQ documents, 8 test queries
 * (paraphrases, so BM25 finds most gold targets), 6 labelled pairs, and a pair file with two bad lines.
 */
public final class TinyData {
    private TinyData() {}

    static final String[] SUBJECTS = {"手机", "信用卡", "护照", "医保", "快递", "宽带"};
    static final String[][] ACTIONS = {
        {"怎么办理", "如何办理", "办理{s}需要带身份证到营业网点，填写申请表后等待审核。"},
        {"丢了怎么办", "丢失了如何处理", "{s}丢失后应尽快挂失，然后携带有效证件补办。"},
        {"费用是多少", "要花多少钱", "{s}的费用根据地区不同有所差异，具体以官方公布为准。"},
        {"怎么取消", "如何注销", "取消{s}需要登录账户，在设置页面选择注销或退订。"},
    };

    /** Writes corpus.csv, test.csv, labeled.tsv and bad_pairs.csv into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> corpus = new ArrayList<>();
        List<String> test = new ArrayList<>();
        List<String> labeled = new ArrayList<>();
        for (String s : SUBJECTS) {
            for (String[] a : ACTIONS) {
                String doc = s + a[0] + "？" + a[2].replace("{s}", s);
                corpus.add(doc);
                if (test.size() < 8 && (corpus.size() % 3 == 1)) {
                    test.add(s + a[1] + "\t" + doc);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            String[] t = test.get(i).split("\t");
            labeled.add(t[0] + "\t" + t[1] + "\t1");
            labeled.add(t[0] + "\t" + corpus.get(corpus.size() - 1 - i) + "\t0");
        }
        Files.write(dir.resolve("corpus.csv"), corpus, StandardCharsets.UTF_8);
        Files.write(dir.resolve("test.csv"), test, StandardCharsets.UTF_8);
        Files.write(dir.resolve("labeled.tsv"), labeled, StandardCharsets.UTF_8);
        Files.write(
                dir.resolve("bad_pairs.csv"),
                List.of("好的问题\t好的回答", "只有一列", "问题\t\t", "另一个问题\t另一个回答"),
                StandardCharsets.UTF_8);
        return dir;
    }

    public static List<String> testQueries(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("test.csv")).stream()
                .map(l -> l.split("\t")[0])
                .toList();
    }
}
