package dev.nsw.cli;

import dev.nsw.eval.RecallDefinition;
import dev.nsw.rank.RankLoss;
import dev.nsw.retrieval.HardNegatives;
import dev.nsw.train.Strategy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one case convention of enum options: constants are Java's upper case, users type any case (the command line
 * reads enums case-insensitively, {@link NswCommand#commandLine}), and help, defaults and shell completion show
 * them in lower case. Each enum option names its choices here as {@code completionCandidates} and spells them,
 * joined by {@code |}, as its {@code paramLabel}; {@code OptionSpellingTest} checks both.
 */
abstract class EnumChoices implements Iterable<String> {
    private final Class<? extends Enum<?>> type;
    private final String[] extra;

    EnumChoices(Class<? extends Enum<?>> type, String... extra) {
        this.type = type;
        this.extra = extra;
    }

    /** The lower-case names of {@code type}'s constants, in declaration order. */
    static Stream<String> lowerCase(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Iterator<String> iterator() {
        return Stream.concat(Arrays.stream(extra), lowerCase(type)).iterator();
    }

    static final class Recall extends EnumChoices {
        Recall() {
            super(RecallDefinition.class);
        }
    }

    static final class IndexKind extends EnumChoices {
        IndexKind() {
            super(IndexCommand.Kind.class);
        }
    }

    static final class MiningSource extends EnumChoices {
        MiningSource() {
            super(HardNegatives.Source.class);
        }
    }

    /** {@code --hard_negatives}: none, or a mining source. */
    static final class HardNegativeSource extends EnumChoices {
        HardNegativeSource() {
            super(HardNegatives.Source.class, TrainOptions.NO_HARD_NEGATIVES);
        }
    }

    static final class Loss extends EnumChoices {
        Loss() {
            super(RankLoss.class);
        }
    }

    static final class Stages extends EnumChoices {
        Stages() {
            super(Strategy.class);
        }
    }

    static final class PassageChoice extends EnumChoices {
        PassageChoice() {
            super(ReadingOptions.Passages.class);
        }
    }

    static final class RecallMode extends EnumChoices {
        RecallMode() {
            super(HybridOptions.Mode.class);
        }
    }

    static final class Fusion extends EnumChoices {
        Fusion() {
            super(HybridOptions.FusionKind.class);
        }
    }

    static final class ServeMode extends EnumChoices {
        ServeMode() {
            super(BenchServeCommand.Mode.class);
        }
    }

    static final class Distribution extends EnumChoices {
        Distribution() {
            super(BenchAnnCommand.Distribution.class);
        }
    }

    static final class ScalePart extends EnumChoices {
        ScalePart() {
            super(BenchScaleCommand.Part.class);
        }
    }
}
