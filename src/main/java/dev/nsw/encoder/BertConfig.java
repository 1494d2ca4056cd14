package dev.nsw.encoder;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.io.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shape and regularisation of a BERT encoder, as in a HuggingFace {@code config.json}, plus the size of
 * the optional output projection ({@code output_emb_size}, 0 = the CLS vector is used as it is).
 *
 * @param vocabSize number of token ids V
 * @param hiddenSize hidden size H
 * @param numHiddenLayers number of transformer layers L
 * @param numAttentionHeads attention heads per layer; must divide {@code hiddenSize}
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositionEmbeddings longest sequence the position table covers
 * @param typeVocabSize number of token types (2 for BERT)
 * @param hiddenDropoutProb dropout after embeddings and each sub-layer (training only)
 * @param attentionProbsDropoutProb dropout on attention probabilities (training only)
 * @param layerNormEps epsilon of every LayerNorm (1e-12 for BERT)
 * @param outputEmbSize size D of the Linear(H → D) projection after CLS pooling; 0 = none
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        float layerNormEps,
        int outputEmbSize) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        // sanity limits, checked before any tensor is allocated (vocab_size 2e9 was a raw PyTorch allocation error)
        atMost("vocab_size", vocabSize, 1_000_000);
        atMost("hidden_size", hiddenSize, 16_384);
        atMost("num_hidden_layers", numHiddenLayers, 256);
        atMost("num_attention_heads", numAttentionHeads, 1_024);
        atMost("intermediate_size", intermediateSize, 65_536);
        atMost("max_position_embeddings", maxPositionEmbeddings, 65_536);
        atMost("type_vocab_size", typeVocabSize, 1_024);
        atMost("output_emb_size", outputEmbSize, 16_384);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
        }
        if (outputEmbSize < 0) {
            throw new IllegalArgumentException(
                    "output_emb_size must be >= 0 (0 = no projection), got " + outputEmbSize);
        }
    }

    /** A BERT configuration with BERT's default dropout (0.1), LayerNorm epsilon (1e-12) and no projection. */
    public static BertConfig of(
            int vocabSize,
            int hiddenSize,
            int layers,
            int heads,
            int intermediateSize,
            int maxPositions,
            int typeVocabSize) {
        return new BertConfig(
                vocabSize,
                hiddenSize,
                layers,
                heads,
                intermediateSize,
                maxPositions,
                typeVocabSize,
                0.1f,
                0.1f,
                1e-12f,
                0);
    }

    private static void atMost(String name, int value, int limit) {
        if (value > limit) {
            throw new IllegalArgumentException(
                    name + " " + value + " is implausible (more than " + limit + "): corrupt or not a BERT config");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void probability(String name, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** Size of one attention head, {@code hiddenSize / numAttentionHeads}. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** Size D of the final embedding: {@code outputEmbSize} when projecting, else {@code hiddenSize}. */
    public int embeddingSize() {
        return outputEmbSize > 0 ? outputEmbSize : hiddenSize;
    }

    /** The same configuration with another projection size (0 = none). */
    public BertConfig withOutputEmbSize(int size) {
        return new BertConfig(
                vocabSize,
                hiddenSize,
                numHiddenLayers,
                numAttentionHeads,
                intermediateSize,
                maxPositionEmbeddings,
                typeVocabSize,
                hiddenDropoutProb,
                attentionProbsDropoutProb,
                layerNormEps,
                size);
    }

    /** The same configuration with other dropout probabilities. */
    public BertConfig withDropout(float hidden, float attention) {
        return new BertConfig(
                vocabSize,
                hiddenSize,
                numHiddenLayers,
                numAttentionHeads,
                intermediateSize,
                maxPositionEmbeddings,
                typeVocabSize,
                hidden,
                attention,
                layerNormEps,
                outputEmbSize);
    }

    /** Reads a HuggingFace {@code config.json} (a missing {@code output_emb_size} means 0). */
    public static BertConfig read(Path configJson) throws IOException {
        try {
            return parse(Files.readString(configJson, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IOException(configJson + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
    }

    /** Parses the text of a HuggingFace {@code config.json}. */
    public static BertConfig parse(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject()) {
            throw new IOException("config.json is not a JSON object");
        }
        String modelType = n.path("model_type").asText("bert");
        if (!modelType.equals("bert")) {
            throw new IllegalArgumentException("model_type '" + modelType + "' is not supported (only 'bert')");
        }
        String act = n.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new IllegalArgumentException("hidden_act '" + act + "' is not supported (only erf 'gelu')");
        }
        return new BertConfig(
                required(n, "vocab_size"),
                required(n, "hidden_size"),
                required(n, "num_hidden_layers"),
                required(n, "num_attention_heads"),
                required(n, "intermediate_size"),
                n.path("max_position_embeddings").asInt(512),
                n.path("type_vocab_size").asInt(2),
                (float) n.path("hidden_dropout_prob").asDouble(0.1),
                (float) n.path("attention_probs_dropout_prob").asDouble(0.1),
                (float) n.path("layer_norm_eps").asDouble(1e-12),
                n.path("output_emb_size").asInt(0));
    }

    private static int required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("config.json lacks integer field '" + field + "'");
        }
        return v.intValue();
    }

    /** This configuration as HuggingFace-style {@code config.json} text (keys in a fixed order). */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_type", "bert");
        n.put("hidden_act", "gelu");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numHiddenLayers);
        n.put("num_attention_heads", numAttentionHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("type_vocab_size", typeVocabSize);
        n.put("hidden_dropout_prob", hiddenDropoutProb);
        n.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        n.put("layer_norm_eps", layerNormEps);
        n.put("output_emb_size", outputEmbSize);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
