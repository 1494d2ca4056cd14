package dev.nsw.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.text.VocabularyCoverage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void settingsAreRememberedPerWorkspaceAndWrittenOnlyWhenChanged() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Workspace wa = Workspace.open(a);
        assertThat(wa.setting(Workspace.MODEL)).isEmpty();
        wa.putSetting(Workspace.MODEL, "bge-small-en-v1.5");
        wa.putSetting("note", "a=b: c\\d ü");
        assertThat(Workspace.open(a).setting(Workspace.MODEL)).contains("bge-small-en-v1.5");
        assertThat(Workspace.open(a).setting("note")).contains("a=b: c\\d ü");
        assertThat(Workspace.open(b).setting(Workspace.MODEL))
                .as("another workspace knows nothing of it")
                .isEmpty();
        Path file = a.resolve(Workspace.SETTINGS_FILE);
        long before = Files.getLastModifiedTime(file).toMillis();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(before - 10_000));
        Workspace.open(a).putSetting(Workspace.MODEL, "bge-small-en-v1.5");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(before - 10_000);
    }

    @Test
    void aBrokenSettingsFileIsNamed() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve(Workspace.SETTINGS_FILE), "model=\\u12");
        assertThatThrownBy(() -> Workspace.open(a)).hasMessageContaining(Workspace.SETTINGS_FILE);
    }

    @Test
    void theEmbeddingKeyChangesWithEveryPartOfTheIdentityAndTheCorpus() {
        EmbeddingKey k = key("sha256:aa", 64, "cls", 256, "l2", "float32", "ff00");
        List<EmbeddingKey> others = List.of(
                key("sha256:ab", 64, "cls", 256, "l2", "float32", "ff00"),
                key("sha256:aa", 128, "cls", 256, "l2", "float32", "ff00"),
                key("sha256:aa", 64, "mean", 256, "l2", "float32", "ff00"),
                key("sha256:aa", 64, "cls", 384, "l2", "float32", "ff00"),
                key("sha256:aa", 64, "cls", 256, "none", "float32", "ff00"),
                key("sha256:aa", 64, "cls", 256, "l2", "int8", "ff00"),
                key("sha256:aa", 64, "cls", 256, "l2", "float32", "ff01"));
        for (EmbeddingKey o : others) {
            assertThat(o.fileName("m")).as(o.toString()).isNotEqualTo(k.fileName("m"));
        }
        assertThat(k.fileName("bge"))
                .startsWith("bge-len64-dim256-")
                .endsWith(".npy")
                .hasSize("bge-len64-dim256-".length() + 16 + 4);
        assertThat(key("sha256:aa", 64, "cls", 256, "l2", "float32", "ff00").hash())
                .isEqualTo(k.hash());
    }

    private static EmbeddingKey key(
            String model, int len, String pooling, int dim, String norm, String precision, String corpus) {
        return new EmbeddingKey(
                new dev.nsw.encoder.EmbeddingIdentity(model, len, pooling, dim, norm, precision), corpus);
    }

    @Test
    void savedListsIndexesAndEmbeddingsWithTheirSize() throws Exception {
        Workspace ws = Workspace.open(Files.createDirectories(dir.resolve("w")));
        assertThat(ws.saved()).isEmpty();
        Files.createDirectories(ws.denseIndex("m", "hnsw"));
        Files.write(ws.denseIndex("m", "hnsw").resolve("index.json"), new byte[1000]);
        Files.write(ws.denseIndex("m", "hnsw").resolve("data.bin"), new byte[500]);
        Files.createDirectories(ws.embeddings());
        Files.write(ws.embeddings().resolve("m-len64-dim512-0123456789abcdef.npy"), new byte[2048]);
        Files.write(ws.embeddings().resolve("m-len64-dim512-0123456789abcdef.npy.model-id"), new byte[10]);
        assertThat(ws.saved())
                .extracting(Workspace.Saved::kind, Workspace.Saved::name, Workspace.Saved::bytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("index", "dense-m-hnsw", 1500L),
                        org.assertj.core.groups.Tuple.tuple(
                                "embeddings", "m-len64-dim512-0123456789abcdef.npy", 2048L));
    }

    @Test
    void evalRunsRoundTripWithTheirSettingsAndRename() throws Exception {
        Workspace ws = Workspace.open(Files.createDirectories(dir.resolve("w")));
        RecallRun run = new RecallRun(
                "cosine",
                Map.of(
                        "q1",
                        List.of(new ScoredDoc("7", 0.91), new ScoredDoc("3", 0.5)),
                        "q2",
                        List.of(new ScoredDoc("3", 0.75))));
        EvalRuns.save(ws, "dense bge-small-zh-v1.5", run, Map.of("retriever", "dense", "max_seq_length", "64"));
        EvalRuns.save(
                ws,
                "BM25 (standard)",
                new RecallRun("BM25", Map.of("q1", List.of(new ScoredDoc("3", 12.5)))),
                Map.of("retriever", "bm25"));
        List<String> problems = new ArrayList<>();
        List<EvalRuns.SavedRun> runs = EvalRuns.list(ws, problems);
        assertThat(problems).isEmpty();
        assertThat(runs)
                .extracting(EvalRuns.SavedRun::name)
                .containsExactly("dense bge-small-zh-v1.5", "BM25 (standard)");
        EvalRuns.SavedRun dense = runs.getFirst();
        assertThat(dense.run().scoreKind()).isEqualTo("cosine");
        assertThat(dense.run().ranking("q1")).extracting(ScoredDoc::docId).containsExactly("7", "3");
        assertThat(dense.run().ranking("q1").getFirst().score())
                .isEqualTo(0.91, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(dense.settings()).containsEntry("retriever", "dense").containsEntry("max_seq_length", "64");
        EvalRuns.rename(ws, dense, "pretrained zh");
        assertThat(EvalRuns.list(ws, problems))
                .extracting(EvalRuns.SavedRun::name)
                .contains("pretrained zh");
        Files.writeString(ws.evalRuns().resolve("broken.properties"), "name=broken\n");
        assertThat(EvalRuns.list(ws, problems)).hasSize(2);
        assertThat(problems).singleElement().asString().contains("broken.properties");
    }

    @Test
    void theModelFollowsTheScriptOfTheCorpus() {
        List<String> zh = List.of("蓝鲸报销系统怎么提交发票", "VPN 连不上怎么办", "请假流程在哪里发起");
        List<String> en =
                List.of("Vitamin D deficiency is associated with fractures.", "The 2019 trial enrolled 400 patients.");
        assertThat(ModelForData.bundledFor(zh)).isEqualTo(PretrainedModel.BGE_SMALL_ZH_V15);
        assertThat(ModelForData.bundledFor(en)).isEqualTo(PretrainedModel.BGE_SMALL_EN_V15);
        // the share of CJK letters, counted by hand: "VPN 连不上怎么办" has 3 Latin + 6 Han letters (连 不 上 怎 么 办)
        assertThat(VocabularyCoverage.cjkShare(List.of("VPN 连不上怎么办"))).isEqualTo(6.0 / 9);
    }

    @Test
    void aModelOfTheOtherScriptIsWarnedAbout() throws Exception {
        List<String> en =
                List.of("Vitamin D deficiency is associated with fractures.", "The 2019 trial enrolled 400 patients.");
        VocabularyCoverage zhOnEnglish = ModelForData.coverage("bge-small-zh-v1.5", en);
        assertThat(ModelForData.warning("bge-small-zh-v1.5", "bge-small-zh-v1.5", zhOnEnglish))
                .get()
                .asString()
                .contains("Chinese")
                .contains("use bge-small-en-v1.5");
        VocabularyCoverage enOnEnglish = ModelForData.coverage("bge-small-en-v1.5", en);
        assertThat(enOnEnglish.unknownShare()).isZero();
        assertThat(ModelForData.warning("bge-small-en-v1.5", "bge-small-en-v1.5", enOnEnglish))
                .isEmpty();
        // [UNK] share, checked against the tokens the tokenizer itself gives: emoji are not in the English vocabulary
        List<String> odd = List.of("🙂🙂🙂 ok");
        VocabularyCoverage c = ModelForData.coverage("bge-small-en-v1.5", odd);
        assertThat(c.tokens()).isPositive();
        assertThat(c.unknownShare()).isGreaterThan(VocabularyCoverage.UNKNOWN_WARNING);
        assertThat(ModelForData.warning("some folder", "/nowhere", c))
                .get()
                .asString()
                .contains("[UNK]");
    }

    @Test
    void theDevSplitIsNeverTheSetBeingScored() throws Exception {
        // recipe folder: dev.csv beside test.csv is the dev split, answered from test's corpus
        Path recipe = Files.createDirectories(dir.resolve("recipe"));
        for (String f : List.of("corpus.csv", "test.csv", "dev.csv")) {
            Files.copy(Path.of("sample-data", "zh", f), recipe.resolve(f));
        }
        Workspace ws = Workspace.open(recipe);
        dev.nsw.data.RetrievalDataset test = dev.nsw.data.RetrievalDataset.readRecipe(
                ws.files().testPairs(), ws.files().corpus(), dev.nsw.data.ReadOptions.LENIENT);
        Workspace.DevSplit split = ws.devSplit(test).orElseThrow();
        assertThat(split.source()).isEqualTo("dev.csv");
        assertThat(split.set().corpus()).isSameAs(test.corpus());
        assertThat(split.set().queries())
                .extracting(dev.nsw.data.Query::text)
                .isEqualTo(dev.nsw.data.RetrievalDataset.readRecipe(
                                recipe.resolve("dev.csv"),
                                recipe.resolve("corpus.csv"),
                                dev.nsw.data.ReadOptions.LENIENT)
                        .queries()
                        .stream()
                        .map(dev.nsw.data.Query::text)
                        .toList());

        // only dev.csv: it is the evaluation set, so there is nothing to tune on
        Files.delete(recipe.resolve("test.csv"));
        Workspace devOnly = Workspace.open(recipe);
        assertThat(devOnly.files().testPairs().getFileName().toString()).isEqualTo("dev.csv");
        assertThat(devOnly.devSplit(dev.nsw.data.RetrievalDataset.readRecipe(
                        devOnly.files().testPairs(), devOnly.files().corpus(), dev.nsw.data.ReadOptions.LENIENT)))
                .isEmpty();

        // BEIR without a dev split (the sample, like SciFact): train qrels, and it says so
        Path beir = Path.of("sample-data", "en-beir");
        Workspace b = Workspace.open(beir);
        dev.nsw.data.RetrievalDataset beirTest = dev.nsw.data.Beir.load(beir, "test", dev.nsw.data.ReadOptions.LENIENT);
        Workspace.DevSplit train = b.devSplit(beirTest).orElseThrow();
        assertThat(train.source()).isEqualTo("qrels/train.tsv (no dev split)");
        assertThat(train.set().name()).endsWith("/train");
    }
}
