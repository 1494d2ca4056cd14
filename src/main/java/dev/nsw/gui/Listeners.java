package dev.nsw.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listeners of one kind of event (a workspace opened, a query to search), told in the order they were added.
 * Events are fired and heard on the UI thread.
 */
public final class Listeners<T> {
    private final List<Consumer<? super T>> listeners = new ArrayList<>();

    public void add(Consumer<? super T> listener) {
        listeners.add(listener);
    }

    public void fire(T event) {
        for (Consumer<? super T> l : List.copyOf(listeners)) {
            l.accept(event);
        }
    }
}
