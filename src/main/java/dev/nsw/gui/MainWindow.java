package dev.nsw.gui;

import dev.nsw.gui.annotate.AnnotateView;
import dev.nsw.gui.annotate.AnnotateViewModel;
import dev.nsw.gui.compare.CompareView;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.datasets.DatasetsView;
import dev.nsw.gui.datasets.DatasetsViewModel;
import dev.nsw.gui.index.IndexView;
import dev.nsw.gui.index.IndexViewModel;
import dev.nsw.gui.search.SearchView;
import dev.nsw.gui.search.SearchViewModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.gui.task.TaskExecutor;
import dev.nsw.gui.train.TrainView;
import dev.nsw.gui.train.TrainViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The workbench window: menu bar, sidebar of panels, the current panel, and the status bar with running
 * jobs. Owns the view models and wires the keyboard shortcuts (Ctrl+1…7 panels, Ctrl+Enter search, Ctrl+O
 * open files, Ctrl+Shift+O open a workspace folder, Ctrl+T light/dark).
 */
public final class MainWindow {
    static final String THEME = "theme";

    private final Stage stage;
    private final WorkbenchModel model;
    private final DatasetsViewModel datasets;
    private final TrainViewModel train;
    private final IndexViewModel index;
    private final SearchViewModel search;
    private final CompareViewModel compare;
    private final AnnotateViewModel annotate;
    private final dev.nsw.gui.scores.ScoresViewModel scores;
    private final dev.nsw.gui.map.MapViewModel map;
    private final SearchView searchView;
    private final AnnotateView annotateView;
    private final Map<Panel, Node> views = new EnumMap<>(Panel.class);
    private final Map<Panel, ToggleButton> sidebarButtons = new EnumMap<>(Panel.class);
    private final StackPane content = new StackPane();
    private final Scene scene;
    private Theme theme;

    public MainWindow(Stage stage, Settings settings, TaskExecutor executor, DialogService dialogs) {
        this.stage = stage;
        this.model = new WorkbenchModel(executor, dialogs, settings);
        this.datasets = new DatasetsViewModel(model);
        this.train = new TrainViewModel(model);
        this.index = new IndexViewModel(model);
        this.search = new SearchViewModel(model);
        this.compare = new CompareViewModel(model);
        this.annotate = new AnnotateViewModel(model);
        this.scores = new dev.nsw.gui.scores.ScoresViewModel(model);
        this.map = new dev.nsw.gui.map.MapViewModel(model);

        searchView = new SearchView(search);
        // the query browser judges test queries by Compare's runs A and B at Compare's K
        Runnable compared = () -> search.setCompared(
                compare.runAProperty().get() == null
                        ? null
                        : compare.runAProperty().get().run(),
                compare.runBProperty().get() == null
                        ? null
                        : compare.runBProperty().get().run(),
                compare.kProperty().get());
        compare.runAProperty().addListener(o -> compared.run());
        compare.runBProperty().addListener(o -> compared.run());
        compare.kProperty().addListener(o -> compared.run());
        annotateView = new AnnotateView(annotate, dialogs);
        views.put(Panel.DATASETS, new DatasetsView(datasets, dialogs).node());
        views.put(Panel.TRAIN, new TrainView(train).node());
        views.put(Panel.INDEX, new IndexView(index).node());
        views.put(Panel.SEARCH, searchView.node());
        views.put(Panel.COMPARE, new CompareView(compare, dialogs).node());
        views.put(Panel.ANNOTATE, annotateView.node());
        views.put(Panel.SCORES, new dev.nsw.gui.scores.ScoresView(scores).node());
        views.put(Panel.MAP, new dev.nsw.gui.map.MapView(map, dialogs).node());

        BorderPane root = new BorderPane();
        root.setId("workbench-root");
        root.setTop(menuBar());
        root.setLeft(sidebar());
        root.setCenter(new StackPane(content, loadingOverlay()));
        root.setBottom(new StatusBar(model, executor).node());
        model.requests().panelProperty().addListener((o, a, p) -> show(p));
        show(model.requests().panelProperty().get());

        scene = new Scene(root, 1280, 820);
        theme = "DARK".equals(settings.get(THEME).orElse("LIGHT")) ? Theme.DARK : Theme.LIGHT;
        theme.apply(scene);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.ENTER) {
                runSearch();
                e.consume();
            }
        });
        stage.setScene(scene);
        stage.setTitle("Neural Search Workbench");
        model.workspaceProperty()
                .addListener((o, a, ws) -> stage.setTitle(
                        ws == null
                                ? "Neural Search Workbench"
                                : ws.folder().getFileName() + " — Neural Search Workbench"));
    }

    /**
     * Covers the panels while a workspace loads (reading a corpus can take seconds): a spinner and what is being
     * opened, instead of panels that still show nothing or the last workspace.
     */
    private Node loadingOverlay() {
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setMaxSize(56, 56);
        Label what = new Label();
        what.setId("workspace-loading-text");
        what.setWrapText(true);
        what.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> model.openingFolderProperty().get() == null
                                ? ""
                                : "Opening "
                                        + model.openingFolderProperty().get().getFileName()
                                        + " — reading its data; the status bar shows each step.",
                        model.openingFolderProperty()));
        VBox box = new VBox(12, spinner, what);
        box.setId("workspace-loading");
        box.setAlignment(javafx.geometry.Pos.CENTER);
        box.getStyleClass().add("loading-overlay");
        box.visibleProperty().bind(model.openingProperty());
        return box;
    }

    private MenuBar menuBar() {
        MenuItem openFiles =
                item("Open files…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), () -> {
                    select(Panel.DATASETS);
                    datasets.openAny(model.dialogs().chooseFiles("Open data files"));
                });
        MenuItem openFolder = item(
                "Open workspace folder…",
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> model.dialogs()
                        .chooseFolder("Open a workspace (recipe files) or BEIR folder")
                        .ifPresent(f -> model.openWorkspace(f)));
        Menu sample = new Menu("Open sample workspace");
        for (Path s : WorkbenchModel.sampleWorkspaces()) {
            sample.getItems().add(item(s.getFileName().toString(), null, () -> model.openWorkspace(s)));
        }
        sample.setDisable(sample.getItems().isEmpty());
        Menu recent = new Menu("Recent workspaces");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : model.recentWorkspaces()) {
                recent.getItems().add(item(p.toString(), null, () -> model.openWorkspace(p)));
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        fillRecent.run();
        model.recentWorkspaces().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
        Menu file = new Menu("File", null, openFiles, openFolder, sample, recent, new SeparatorMenuItem(), quit);

        Menu view = new Menu("View");
        for (Panel p : Panel.values()) {
            KeyCode digit = KeyCode.valueOf("DIGIT" + (p.ordinal() + 1));
            view.getItems()
                    .add(item(p.title(), new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN), () -> select(p)));
        }
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        dark.setSelected("DARK".equals(model.settings().get(THEME).orElse("LIGHT")));
        dark.setOnAction(e -> setTheme(dark.isSelected() ? Theme.DARK : Theme.LIGHT));
        view.getItems().addAll(new SeparatorMenuItem(), dark);

        MenuItem keys = item(
                "Keyboard shortcuts",
                new KeyCodeCombination(KeyCode.F1),
                () -> model.dialogs()
                        .showInfo(
                                "Keyboard shortcuts",
                                "Ctrl+1 … Ctrl+8   Datasets, Train, Index, Search, Compare, Annotate, Scores, Map\n"
                                        + "Ctrl+Enter          search (from anywhere)\n"
                                        + "Ctrl+O / Ctrl+Shift+O   open files / a workspace folder\n"
                                        + "Ctrl+T              light / dark theme\n"
                                        + "Annotate: 1 relevant, 0 not relevant, J next, K previous, Ctrl+Z undo"));
        MenuItem about = item(
                "About",
                null,
                () -> model.dialogs()
                        .showInfo(
                                "Neural Search Workbench",
                                "Build, inspect and compare semantic retrieval, offline.\nEvery action here has a CLI twin: ./nsw --help"));
        Menu help = new Menu("Help", null, keys, about);
        MenuBar bar = new MenuBar(file, view, help);
        bar.setUseSystemMenuBar(false);
        return bar;
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (key != null) {
            i.setAccelerator(key);
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    private Node sidebar() {
        VBox box = new VBox();
        box.getStyleClass().add("sidebar");
        box.setPrefWidth(170);
        Label title = new Label("Neural Search\nWorkbench");
        title.getStyleClass().add("app-title");
        box.getChildren().add(title);
        ToggleGroup group = new ToggleGroup();
        for (Panel p : Panel.values()) {
            ToggleButton b = new ToggleButton(p.title() + "   Ctrl+" + (p.ordinal() + 1));
            b.setText(p.title());
            b.setId("nav-" + p.name().toLowerCase(java.util.Locale.ROOT));
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setTooltip(new javafx.scene.control.Tooltip("Ctrl+" + (p.ordinal() + 1)));
            b.setOnAction(e -> select(p));
            sidebarButtons.put(p, b);
            box.getChildren().add(b);
        }
        return box;
    }

    private void show(Panel p) {
        content.getChildren().setAll(views.get(p));
        sidebarButtons.values().forEach(b -> b.setSelected(false));
        sidebarButtons.get(p).setSelected(true);
        if (p == Panel.ANNOTATE) {
            Platform.runLater(annotateView::focusCard);
        } else if (p == Panel.SEARCH) {
            Platform.runLater(searchView::focusQuery);
        }
    }

    public void select(Panel p) {
        model.requests().panelProperty().set(p);
        show(p);
    }

    /** Ctrl+Enter: go to Search and run the query there. */
    public void runSearch() {
        select(Panel.SEARCH);
        search.search();
    }

    public void setTheme(Theme t) {
        theme = t;
        t.apply(scene);
        model.settings().put(THEME, t.name());
    }

    public Theme theme() {
        return theme;
    }

    /**
     * Opens the start workspace: {@code explicit} if given, else the most recent one that still exists,
     * else the bundled sample; the handle ends once it is loaded (never when there is none).
     */
    public JobHandle openStartWorkspace(Path explicit) {
        Path start = explicit;
        if (start == null) {
            start = model.recentWorkspaces().stream()
                    .filter(Files::isDirectory)
                    .findFirst()
                    .orElse(WorkbenchModel.sampleWorkspace());
        }
        if (start == null) {
            model.statusProperty().set("No workspace: open recipe files or a BEIR folder (Ctrl+O / Ctrl+Shift+O).");
            return JobHandle.notStarted();
        }
        return model.openWorkspace(start);
    }

    /** Restores the remembered size and position (when still on a screen) and remembers them on close. */
    public void restoreBounds() {
        Settings s = model.settings();
        double w = s.getDouble("window.width", 1280);
        double h = s.getDouble("window.height", 820);
        double x = s.getDouble("window.x", Double.NaN);
        double y = s.getDouble("window.y", Double.NaN);
        stage.setWidth(Math.max(800, w));
        stage.setHeight(Math.max(560, h));
        if (!Double.isNaN(x)
                && !Double.isNaN(y)
                && !Screen.getScreensForRectangle(new Rectangle2D(x, y, 100, 60))
                        .isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(s.getBoolean("window.maximized", false));
        stage.setOnHiding(e -> saveBounds());
    }

    void saveBounds() {
        Settings s = model.settings();
        s.put("window.maximized", Boolean.toString(stage.isMaximized()));
        if (!stage.isMaximized()) {
            s.put("window.x", Double.toString(stage.getX()));
            s.put("window.y", Double.toString(stage.getY()));
            s.put("window.width", Double.toString(stage.getWidth()));
            s.put("window.height", Double.toString(stage.getHeight()));
        }
    }

    public Scene scene() {
        return scene;
    }

    public Stage stage() {
        return stage;
    }

    public WorkbenchModel model() {
        return model;
    }

    public DatasetsViewModel datasets() {
        return datasets;
    }

    public IndexViewModel index() {
        return index;
    }

    public SearchViewModel search() {
        return search;
    }

    public dev.nsw.gui.map.MapViewModel map() {
        return map;
    }

    public CompareViewModel compare() {
        return compare;
    }

    public AnnotateViewModel annotate() {
        return annotate;
    }

    public TrainViewModel train() {
        return train;
    }

    public dev.nsw.gui.scores.ScoresViewModel scores() {
        return scores;
    }
}
