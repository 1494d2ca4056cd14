package dev.nsw.train;

import java.util.Arrays;
import java.util.Random;

/**
 * BERT's masking for masked-language-model training: each ordinary token (not padding, not [CLS] or
 * [SEP]) is chosen with probability 15%; a chosen token is replaced by [MASK] 80% of the time, by a
 * random ordinary token 10% of the time, and left as it is 10% of the time, and the model must predict
 * the original at every chosen position. At least one token per batch is chosen.
 *
 * @param maskId id of [MASK]
 * @param specialIds ids never chosen ([CLS], [SEP], [PAD], …)
 * @param firstOrdinaryId random replacements are drawn from [firstOrdinaryId, vocabSize)
 */
public record MlmMasking(long maskId, long[] specialIds, long firstOrdinaryId, long vocabSize, double probability) {
    public static final double RECIPE_PROBABILITY = 0.15;

    /** Ignored label value: the position is not predicted. */
    public static final long IGNORE = -100;

    /** The masked input ids [B, T] and the labels [B, T] (original id at chosen positions, {@link #IGNORE} elsewhere). */
    public record Masked(long[][] inputIds, long[][] labels, int chosen, int replacedByMask, int replacedByRandom) {}

    /**
     * @param ids token ids [B, T]
     * @param attention 1 for real tokens, 0 for padding [B, T]
     */
    public Masked apply(long[][] ids, long[][] attention, Random random) {
        int b = ids.length;
        long[][] input = new long[b][];
        long[][] labels = new long[b][];
        int chosen = 0;
        int byMask = 0;
        int byRandom = 0;
        int firstCandidateRow = -1;
        int firstCandidateCol = -1;
        for (int i = 0; i < b; i++) {
            input[i] = ids[i].clone();
            labels[i] = new long[ids[i].length];
            Arrays.fill(labels[i], IGNORE);
            for (int j = 0; j < ids[i].length; j++) {
                if (attention[i][j] == 0 || isSpecial(ids[i][j])) {
                    continue;
                }
                if (firstCandidateRow < 0) {
                    firstCandidateRow = i;
                    firstCandidateCol = j;
                }
                if (random.nextDouble() >= probability) {
                    continue;
                }
                chosen++;
                int kind = replace(input, labels, i, j, random);
                byMask += kind == 0 ? 1 : 0;
                byRandom += kind == 1 ? 1 : 0;
            }
        }
        if (chosen == 0 && firstCandidateRow >= 0) {
            chosen = 1;
            int kind = replace(input, labels, firstCandidateRow, firstCandidateCol, random);
            byMask += kind == 0 ? 1 : 0;
            byRandom += kind == 1 ? 1 : 0;
        }
        return new Masked(input, labels, chosen, byMask, byRandom);
    }

    /** Replaces one chosen position; returns 0 for [MASK], 1 for a random token, 2 for unchanged. */
    private int replace(long[][] input, long[][] labels, int i, int j, Random random) {
        labels[i][j] = input[i][j];
        double r = random.nextDouble();
        if (r < 0.8) {
            input[i][j] = maskId;
            return 0;
        }
        if (r < 0.9) {
            input[i][j] = firstOrdinaryId + (long) (random.nextDouble() * (vocabSize - firstOrdinaryId));
            return 1;
        }
        return 2;
    }

    private boolean isSpecial(long id) {
        for (long s : specialIds) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }
}
