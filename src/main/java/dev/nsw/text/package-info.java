/** Tokenisation for the encoders: HuggingFace {@code tokenizer.json}, truncation, padding, length batching. */
package dev.nsw.text;
