package dev.nsw.gui.index;

import dev.nsw.gui.Views;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Index panel: BM25 settings and Build; the dense index (model, HNSW/exact, M/efConstruction/ef) with progress, Cancel and its numbers. */
public final class IndexView {
    private final VBox root = new VBox();

    public IndexView(IndexViewModel vm) {
        root.setId("index-view");
        root.getStyleClass().add("panel");
        root.getChildren().addAll(Views.title("Index"), bm25(vm), dense(vm), engine(vm.engine()), saved(vm));
    }

    /** BM25's analyzer, k1 and b, Build, and what was built. */
    private static TitledPane bm25(IndexViewModel vm) {
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
        build.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "Build BM…"
        build.disableProperty().bind(vm.canBuild().not());
        build.setOnAction(e -> vm.buildBm25());
        Label status = new Label();
        status.setId("bm25-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.indexStatus());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(
                0,
                new Label("Analyzer"),
                analyzer,
                Views.hint("auto: character unigrams for Chinese text, English stemming otherwise (as nsw bm25)"));
        form.addRow(1, new Label("k1 (term-frequency saturation)"), k1);
        form.addRow(2, new Label("b (length normalisation)"), b);
        form.add(build, 1, 3);
        Views.keepNamesWhole(form);
        VBox bm25Box = new VBox(10, form, status);
        TitledPane bm25 = new TitledPane("Lexical: BM25 (Lucene)", bm25Box);
        bm25.setCollapsible(false);
        return bm25;
    }

    /** The dense model, index kind and HNSW settings, Build with its progress, the model warning and the result. */
    private static TitledPane dense(IndexViewModel vm) {
        ComboBox<dev.nsw.gui.ModelChoice> model = new ComboBox<>(vm.denseModelChoices());
        model.setId("dense-model");
        model.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the model's name whole, never "bge-sm…"
        model.valueProperty().bindBidirectional(vm.denseModelProperty());
        model.valueProperty().addListener((o, old, now) -> {
            if (now != null && now.isFolderPicker()) {
                javafx.application.Platform.runLater(() -> vm.pickModelFolder(old));
            }
        });
        ComboBox<String> kind = new ComboBox<>();
        kind.setId("dense-kind");
        kind.getItems().setAll(IndexViewModel.DENSE_KINDS);
        kind.valueProperty().bindBidirectional(vm.denseKindProperty());
        Spinner<Integer> m = intSpinner(vm.mProperty(), 2, 512);
        Spinner<Integer> efc = intSpinner(vm.efConstructionProperty(), 1, 2000);
        Spinner<Integer> ef = intSpinner(vm.efProperty(), 1, 2000);
        for (Spinner<Integer> s : java.util.List.of(m, efc, ef)) {
            s.disableProperty().bind(vm.hnswSettingsOff());
        }
        GridPane denseForm = denseForm(vm, model, kind, m, efc, ef);
        Label denseStatus = new Label();
        denseStatus.setId("dense-status");
        denseStatus.setWrapText(true);
        denseStatus.textProperty().bind(vm.denseStatusProperty());
        VBox denseBox = new VBox(
                10,
                Views.hint(
                        "Embeds the corpus with the encoder (CLS → Linear → L2 norm), indexes the vectors, measures ANN recall@10 against exact search, and saves the index under the workspace's indexes/ folder."),
                denseForm,
                Views.jobProgress(vm.denseJobProperty(), "cancel-dense"),
                denseStatus);
        TitledPane dense = new TitledPane("Dense: HNSW over encoder embeddings", denseBox);
        dense.setCollapsible(false);

        Label warning = new Label();
        warning.setId("model-warning");
        warning.setWrapText(true);
        warning.getStyleClass().add("warning");
        warning.textProperty().bind(vm.modelWarningProperty());
        warning.visibleProperty().bind(vm.modelWarningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());
        denseBox.getChildren().add(1, warning);
        return dense;
    }

    private static GridPane denseForm(
            IndexViewModel vm,
            ComboBox<dev.nsw.gui.ModelChoice> model,
            ComboBox<String> kind,
            Spinner<Integer> m,
            Spinner<Integer> efc,
            Spinner<Integer> ef) {
        Button buildDense = new Button("Build dense index");
        buildDense.setId("build-dense");
        buildDense.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "Build dense …"
        buildDense.disableProperty().bind(vm.canBuildDense().not());
        buildDense.setOnAction(e -> vm.buildDense());
        GridPane denseForm = new GridPane();
        denseForm.setHgap(10);
        denseForm.setVgap(8);
        denseForm.addRow(
                0,
                new Label("Model"),
                model,
                Views.hint("bundled pretrained models, models trained in this workspace (runs/…), or a model folder"));
        Label lengthNote = Views.hint("");
        lengthNote.setId("max-length-note");
        lengthNote.textProperty().bind(vm.reading().noteProperty());
        // max length and precision side by side: both are the workspace's, read by every panel's encoder
        Label precisionLabel = new Label("precision");
        precisionLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox reading = new HBox(
                8,
                Views.maxSeqLengthChoice(vm.reading(), "index-max-length"),
                precisionLabel,
                Views.precisionChoice(vm.precision(), "index-precision"),
                Views.passagesChoice(vm.passages(), "index-maxp"));
        reading.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        denseForm.addRow(1, new Label("Max length (tokens)"), reading, lengthNote);
        denseForm.addRow(
                2, new Label("Kind"), kind, Views.hint("hnsw: approximate graph search (hnswlib); exact: brute force"));
        denseForm.addRow(3, new Label("M (links per node)"), m, Views.hint("recipe: 100"));
        denseForm.addRow(4, new Label("efConstruction"), efc, Views.hint("recipe: 100"));
        denseForm.addRow(5, new Label("ef (search breadth)"), ef, Views.hint("recipe: 100"));
        denseForm.add(buildDense, 1, 6);
        Views.keepNamesWhole(denseForm);
        return denseForm;
    }

    /**
     * The engine index named as the workspace's dense and/or BM25 index (URLs, index, Use / Clear), its status and
     * check, and a local cluster's Start / Stop / Status with progress and Cancel.
     */
    private static TitledPane engine(EngineViewModel vm) {
        javafx.scene.control.TextField urls = new javafx.scene.control.TextField();
        urls.setId("engine-urls");
        urls.setPromptText("http://127.0.0.1:9200,http://127.0.0.1:9201");
        urls.textProperty().bindBidirectional(vm.urlsProperty());
        urls.setPrefColumnCount(32);
        javafx.scene.control.TextField index = new javafx.scene.control.TextField();
        index.setId("engine-index");
        index.setPromptText("the index nsw push made");
        index.textProperty().bindBidirectional(vm.indexProperty());
        index.setPrefColumnCount(16);
        javafx.scene.control.CheckBox dense = new javafx.scene.control.CheckBox("dense");
        dense.setId("engine-for-dense");
        dense.selectedProperty().bindBidirectional(vm.forDenseProperty());
        javafx.scene.control.CheckBox bm25 = new javafx.scene.control.CheckBox("BM25");
        bm25.setId("engine-for-bm25");
        bm25.selectedProperty().bindBidirectional(vm.forBm25Property());
        Button use = new Button("Use this engine");
        use.setId("engine-use");
        use.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        use.disableProperty().bind(vm.canApply().not());
        use.setOnAction(e -> vm.apply());
        Button refresh = new Button("Refresh status");
        refresh.setId("engine-refresh");
        refresh.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        refresh.setOnAction(e -> vm.refreshStatus());
        Button clear = new Button("Clear");
        clear.setId("engine-clear");
        clear.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        clear.setOnAction(e -> vm.clear());
        javafx.scene.layout.HBox uses = new javafx.scene.layout.HBox(12, dense, bm25);
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(8, 6, use, refresh, clear);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Node URLs"), urls);
        form.addRow(1, new Label("Index"), index);
        form.addRow(2, new Label("Use it for"), uses);
        form.add(buttons, 1, 3);
        Views.keepNamesWhole(form);

        Label connection = wrapped("engine-connection", vm.connectionProperty());
        Label status = wrapped("engine-status", vm.indexStatusProperty());
        Label check = wrapped("engine-check", vm.checkProperty());
        Label problem = wrapped("engine-problem", vm.problemProperty());
        problem.getStyleClass().add("warning");
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        javafx.scene.control.TextField folder = new javafx.scene.control.TextField();
        folder.setId("engine-cluster-folder");
        folder.textProperty().bindBidirectional(vm.clusterFolderProperty());
        folder.setPrefColumnCount(24);
        Spinner<Integer> nodes = intSpinner(vm.clusterNodesProperty(), 1, 5);
        nodes.setPrefWidth(70);
        Button start = new Button("Start");
        start.setId("engine-start");
        start.disableProperty().bind(vm.clusterBusyProperty());
        start.setOnAction(e -> vm.startLocal());
        Button stop = new Button("Stop");
        stop.setId("engine-stop");
        stop.disableProperty().bind(vm.clusterBusyProperty());
        stop.setOnAction(e -> vm.stopLocal());
        Button clusterStatus = new Button("Status");
        clusterStatus.setId("engine-cluster-status");
        clusterStatus.setOnAction(e -> vm.clusterStatus());
        javafx.scene.layout.FlowPane clusterRow = new javafx.scene.layout.FlowPane(
                8, 6, new Label("Data folder"), folder, new Label("nodes"), nodes, start, stop, clusterStatus);
        clusterRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label cluster = wrapped("engine-cluster-state", vm.clusterStateProperty());
        Label localHeading = new Label("Local cluster on this machine (as nsw engine start / stop / status)");
        localHeading.setStyle("-fx-font-weight: bold;");
        localHeading.setWrapText(true);

        VBox box = new VBox(
                10,
                Views.hint("An OpenSearch index made by nsw push holds the corpus's text and its vectors: named here,"
                        + " Search lists its BM25 and dense results and Compare can run it on the test set."),
                form,
                connection,
                status,
                check,
                problem,
                new javafx.scene.control.Separator(),
                localHeading,
                clusterRow,
                Views.jobProgress(vm.clusterJobProperty(), "cancel-engine-start"),
                cluster);
        TitledPane pane = new TitledPane("Engine: an OpenSearch index as this workspace's index", box);
        pane.setId("engine-section");
        pane.setCollapsible(false);
        return pane;
    }

    private static Label wrapped(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** The indexes and embeddings saved in the workspace, reused when it is opened again. */
    private static TitledPane saved(IndexViewModel vm) {
        javafx.scene.control.ListView<IndexViewModel.SavedItem> savedList =
                new javafx.scene.control.ListView<>(vm.saved());
        savedList.setId("saved-list");
        savedList.setPrefHeight(110);
        Label savedSummary = new Label();
        savedSummary.setId("saved-summary");
        savedSummary.setWrapText(true);
        savedSummary.textProperty().bind(vm.savedSummaryProperty());
        TitledPane saved = new TitledPane(
                "Saved in this workspace (reused on open: no re-embedding)", new VBox(8, savedSummary, savedList));
        saved.setCollapsible(false);
        return saved;
    }

    private static Spinner<Integer> intSpinner(javafx.beans.property.IntegerProperty p, int min, int max) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get());
        s.setEditable(true);
        s.setPrefWidth(100);
        s.valueProperty().addListener((o, a, v) -> p.set(v));
        p.addListener((o, a, v) -> s.getValueFactory().setValue(v.intValue()));
        return s;
    }

    public Node node() {
        if (scroll == null) {
            scroll = new javafx.scene.control.ScrollPane(root); // usable at 1024×700 too
            scroll.setFitToWidth(true);
        }
        return scroll;
    }

    private javafx.scene.control.ScrollPane scroll;
}
