/**
 * The dense encoder: a BERT built from DJL blocks ({@link dev.nsw.encoder.BertModel},
 * {@link dev.nsw.encoder.EncoderBlock}), weight import from ONNX exports and HuggingFace safetensors
 * ({@link dev.nsw.encoder.WeightImport}), the bundled models ({@link dev.nsw.encoder.PretrainedModel}) and
 * the {@link dev.nsw.encoder.Encoder} the rest of the workbench uses to turn texts into unit-length vectors.
 *
 * <p>Shapes: B = batch size, T = tokens per text (padded), H = hidden size, D = embedding size.
 */
package dev.nsw.encoder;
