package dev.nsw.gui.index;

import dev.nsw.gui.Views;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Index panel: BM25 settings and Build; a placeholder section for the dense HNSW index. */
public final class IndexView {
    private final VBox root = new VBox();

    public IndexView(IndexViewModel vm) {
        root.setId("index-view");
        root.getStyleClass().add("panel");

        ComboBox<String> analyzer = new ComboBox<>();
        analyzer.getItems().setAll(vm.analyzerChoices());
        analyzer.valueProperty().bindBidirectional(vm.analyzerProperty());
        Spinner<Double> k1 = new Spinner<>(0.0, 5.0, vm.k1Property().get(), 0.1);
        k1.setEditable(true);
        k1.valueProperty().addListener((o, a, b) -> vm.k1Property().set(b));
        Spinner<Double> b = new Spinner<>(0.0, 1.0, vm.bProperty().get(), 0.05);
        b.setEditable(true);
        b.valueProperty().addListener((o, a, v) -> vm.bProperty().set(v));
        Button build = new Button("Build BM25 index");
        build.setId("build-bm25");
        build.setDefaultButton(true);
        build.disableProperty().bind(vm.canBuild().not());
        build.setOnAction(e -> vm.buildBm25(() -> {}));
        Label status = new Label();
        status.setId("bm25-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.indexStatus());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Analyzer"), analyzer, Views.hint("auto: character unigrams for Chinese text, English stemming otherwise (as nsw bm25)"));
        form.addRow(1, new Label("k1 (term-frequency saturation)"), k1);
        form.addRow(2, new Label("b (length normalisation)"), b);
        form.add(build, 1, 3);
        VBox bm25Box = new VBox(10, form, status);
        TitledPane bm25 = new TitledPane("Lexical: BM25 (Lucene)", bm25Box);
        bm25.setCollapsible(false);

        VBox denseBox = new VBox(8,
                Views.hint("Dense retrieval embeds the corpus with the encoder (CLS → Linear → L2 norm) and indexes the vectors with HNSW (M, efConstruction, ef)."),
                bannerLabel("Dense index: not available yet in this build — the encoder and vector index are not wired into the workbench."));
        Button buildDense = new Button("Build dense index");
        buildDense.setDisable(true);
        denseBox.getChildren().add(buildDense);
        TitledPane dense = new TitledPane("Dense: HNSW over encoder embeddings", denseBox);
        dense.setCollapsible(false);

        root.getChildren().addAll(Views.title("Index"), bm25, dense);
    }

    private static Label bannerLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("banner");
        l.setWrapText(true);
        return l;
    }

    public Node node() {
        return root;
    }
}
